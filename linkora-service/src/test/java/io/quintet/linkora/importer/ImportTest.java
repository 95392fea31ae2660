package io.quintet.linkora.importer;

import static io.quintet.linkora.LinkoraClient.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quintet.linkora.LinkoraClient;
import io.quintet.protocol.testing.EmbeddedPostgresServer;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.JDBC;

/** {@code POST /admin/import}: a reference server's SQLite or PostgreSQL database, ids and stamps kept. */
@QuarkusTest
class ImportTest {

    private static final String ADMIN = "Bearer test-admin-token";

    /** The reference's tables (spec 5.3), with the types its SQLite database has. */
    private static final List<String> SQLITE_SCHEMA = List.of(
            "CREATE TABLE folders_table (id INTEGER PRIMARY KEY AUTOINCREMENT, last_modified BIGINT NOT NULL, folder_name TEXT NOT NULL,"
                    + " note TEXT NOT NULL, parent_folder_id BIGINT NULL, is_folder_archived BOOLEAN DEFAULT 0 NOT NULL)",
            "CREATE TABLE links_table (id INTEGER PRIMARY KEY AUTOINCREMENT, last_modified BIGINT NOT NULL, link_type TEXT NOT NULL,"
                    + " link_title TEXT NOT NULL, url TEXT NOT NULL, base_url TEXT NOT NULL, img_url TEXT NOT NULL, note TEXT NOT NULL,"
                    + " id_of_linked_folder BIGINT NULL, user_agent TEXT NULL, media_type TEXT NOT NULL, marked_as_important BOOLEAN NOT NULL)",
            "CREATE TABLE panels (id INTEGER PRIMARY KEY AUTOINCREMENT, panel_name TEXT NOT NULL, last_modified BIGINT NOT NULL)",
            "CREATE TABLE panel_folders (id INTEGER PRIMARY KEY AUTOINCREMENT, folder_id BIGINT NOT NULL, panel_position BIGINT NOT NULL,"
                    + " folder_name TEXT NOT NULL, connected_panel_id BIGINT NOT NULL, last_modified BIGINT NOT NULL)",
            "CREATE TABLE tags (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, last_modified BIGINT NOT NULL)",
            "CREATE TABLE link_tags (linkId BIGINT NOT NULL, tagId BIGINT NOT NULL, last_modified BIGINT NOT NULL,"
                    + " CONSTRAINT pk_link_tags PRIMARY KEY (linkId, tagId))",
            "CREATE TABLE tombstone (id INTEGER PRIMARY KEY AUTOINCREMENT, deleted_at BIGINT NOT NULL, operation TEXT NOT NULL, payload TEXT NOT NULL)");

    private static final List<String> ROWS = List.of(
            "INSERT INTO folders_table VALUES (7001, 1795300001, 'Work', 'n1', NULL, 0)",
            "INSERT INTO folders_table VALUES (7002, 1795300002, 'Reports', '', 7001, 1)",
            "INSERT INTO links_table VALUES (7101, 1795300003, 'FOLDER_LINK', 'Spec', 'https://example.com/spec', 'example.com', '', '',"
                    + " 7002, NULL, 'IMAGE', 1)",
            "INSERT INTO links_table VALUES (7102, 1795300004, 'SAVED_LINK', 'Saved', 'https://example.com/s', 'example.com', 'https://example.com/i.png',"
                    + " 'note', -2, 'Mozilla/5.0', 'VIDEO', 0)",
            "INSERT INTO links_table VALUES (7103, 1795300004, 'BOGUS_LINK', 'Bad', 'https://example.com/b', 'example.com', '', '', -2, NULL, 'IMAGE', 0)",
            "INSERT INTO panels VALUES (7201, 'Board', 1795300005)",
            "INSERT INTO panel_folders VALUES (7301, 7001, 0, 'Work', 7201, 1795300006)",
            "INSERT INTO tags VALUES (7401, 'read-later', 1795300007)",
            "INSERT INTO link_tags VALUES (7101, 7401, 1795300008)",
            "INSERT INTO link_tags VALUES (7102, 9999, 1795300008)",
            "INSERT INTO tombstone VALUES (7501, 1795300009, 'DELETE_A_LINK', '{\"id\":6999,\"correlation\":{\"id\":\"c1\",\"clientName\":\"Brave Fox\"},\"eventTimestamp\":1795300009}')",
            "INSERT INTO tombstone VALUES (7502, 1795300010, 'DELETE_ALL_FOLDERS_FROM_A_PANEL', '{\"id\":7200,\"correlation\":{\"id\":\"c1\",\"clientName\":\"Brave Fox\"},\"eventTimestamp\":1795300010}')");

    @TempDir
    Path dir;

    private static Connection target() throws SQLException {
        return DriverManager.getConnection(
                EmbeddedPostgresServer.jdbcUrl("linkora"),
                EmbeddedPostgresServer.USER,
                EmbeddedPostgresServer.PASSWORD);
    }

    private static String one(String sql) throws SQLException {
        try (Connection c = target();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            assertTrue(rs.next(), sql);
            StringBuilder row = new StringBuilder();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                row.append(i > 1 ? "|" : "").append(rs.getString(i));
            }
            return row.toString();
        }
    }

    private Path referenceSqlite() throws SQLException {
        Path file = dir.resolve("linkora.db");
        try (Connection c = new JDBC().connect("jdbc:sqlite:" + file, new Properties());
                Statement s = c.createStatement()) {
            for (String sql : SQLITE_SCHEMA) {
                s.execute(sql);
            }
            for (String sql : ROWS) {
                s.execute(sql);
            }
        }
        return file;
    }

    private static Response upload(Path file, boolean replace) {
        return RestAssured.given()
                .header("Authorization", ADMIN)
                .contentType("application/octet-stream")
                .body(file.toFile())
                .post("/admin/import" + (replace ? "?replace=true" : ""));
    }

    private static void assertReferenceRows(JsonPath report) throws SQLException {
        assertEquals(2, report.getInt("folders"));
        assertEquals(2, report.getInt("links"));
        assertEquals(1, report.getInt("panels"));
        assertEquals(1, report.getInt("panelFolders"));
        assertEquals(1, report.getInt("tags"));
        assertEquals(1, report.getInt("linkTags"), "the pair of a tag that does not exist is dropped");
        assertEquals(1, report.getInt("tombstones"));
        List<String> skipped = report.getList("skipped");
        assertTrue(skipped.stream().anyMatch(s -> s.contains("7103")), skipped.toString());
        assertTrue(skipped.stream().anyMatch(s -> s.contains("DELETE_ALL_FOLDERS_FROM_A_PANEL")), skipped.toString());

        assertEquals(
                "7001|1795300001|Work|n1|null|f",
                one("SELECT id, last_modified, folder_name, note, parent_folder_id, is_folder_archived"
                        + " FROM linkora.folders WHERE id = 7001"));
        assertEquals(
                "7002|7001|t",
                one("SELECT id, parent_folder_id, is_folder_archived FROM linkora.folders WHERE id = 7002"));
        assertEquals(
                "FOLDER_LINK|Spec|7002|null|IMAGE|t|1795300003",
                one("SELECT link_type, link_title, id_of_linked_folder, user_agent,"
                        + " media_type, marked_as_important, last_modified FROM linkora.links WHERE id = 7101"));
        assertEquals(
                "https://example.com/i.png|Mozilla/5.0|VIDEO|f",
                one("SELECT img_url, user_agent, media_type, marked_as_important"
                        + " FROM linkora.links WHERE id = 7102"));
        assertEquals("7201|Board", one("SELECT id, panel_name FROM linkora.panels"));
        assertEquals(
                "7301|7001|0|Work|7201",
                one(
                        "SELECT id, folder_id, panel_position, folder_name, connected_panel_id FROM linkora.panel_folders"));
        assertEquals("7101|7401|1795300008", one("SELECT link_id, tag_id, last_modified FROM linkora.link_tags"));
        assertEquals(
                "7501|DELETE_A_LINK|6999|c1",
                one("SELECT id, operation, payload->>'id', payload->'correlation'->>'id' FROM linkora.tombstones"));
    }

    @Test
    @DisplayName("admin import refuses a missing, wrong or app token (401) and other methods (405)")
    void adminTokenMatrix() {
        assertEquals(
                401,
                RestAssured.given()
                        .contentType(ContentType.JSON)
                        .body("{}")
                        .post("/admin/import")
                        .statusCode());
        assertEquals(
                401,
                RestAssured.given()
                        .header("Authorization", "Bearer wrong")
                        .contentType(ContentType.JSON)
                        .body("{}")
                        .post("/admin/import")
                        .statusCode());
        assertEquals(
                401,
                LinkoraClient.app()
                        .contentType(ContentType.JSON)
                        .body("{}")
                        .post("/admin/import")
                        .statusCode(),
                "the apps' server token is not the admin token");
        assertEquals(
                401,
                RestAssured.given()
                        .header("Authorization", "Basic dGVzdA==")
                        .body(new byte[] {1})
                        .post("/admin/import")
                        .statusCode());
        assertEquals(
                405,
                RestAssured.given()
                        .header("Authorization", ADMIN)
                        .get("/admin/import")
                        .statusCode());
    }

    @Test
    @DisplayName(
            "import of an uploaded reference SQLite file keeps ids and stamps; new ids continue after the imported ones; "
                    + "a second import without replace is refused (409)")
    void sqliteUpload() throws Exception {
        Path file = referenceSqlite();
        Response response = upload(file, true);
        assertEquals(200, response.statusCode(), response.body().asString());
        assertEquals("application/json", response.header("Content-Type"));
        assertReferenceRows(response.jsonPath());

        Response created = post(
                "CREATE_FOLDER",
                "{\"name\":\"after import\",\"note\":\"\",\"parentFolderId\":7001,\"isArchived\":false,"
                        + "\"eventTimestamp\":1,\"correlation\":{\"id\":\"c\",\"clientName\":\"t\"}}");
        assertEquals(200, created.statusCode());
        assertTrue(created.jsonPath().getLong("id") > 7002, "identity sequences are moved past the imported ids");

        Response again = upload(file, false);
        assertEquals(409, again.statusCode());
        assertTrue(again.body().asString().contains("replace"));
    }

    @Test
    @DisplayName("C127 import from a PostgreSQL reference database named by a URL without jdbc:")
    void postgresqlSource() throws Exception {
        String database = EmbeddedPostgresServer.createDatabase("linkora_reference");
        try (Connection c = DriverManager.getConnection(
                        EmbeddedPostgresServer.jdbcUrl(database),
                        EmbeddedPostgresServer.USER,
                        EmbeddedPostgresServer.PASSWORD);
                Statement s = c.createStatement()) {
            s.execute(
                    "DROP TABLE IF EXISTS folders_table, links_table, panels, panel_folders, tags, link_tags, tombstone");
            for (String sql : SQLITE_SCHEMA) {
                s.execute(sql.replace("INTEGER PRIMARY KEY AUTOINCREMENT", "BIGSERIAL PRIMARY KEY")
                        .replace("BOOLEAN DEFAULT 0", "BOOLEAN DEFAULT false")
                        .replace("linkId", "\"linkId\"")
                        .replace("tagId", "\"tagId\""));
            }
            for (String sql : ROWS) {
                s.execute(sql.replace(", 0)", ", false)").replace(", 1)", ", true)"));
            }
        }
        String body = "{\"url\":\"" + EmbeddedPostgresServer.reactiveUrl(database) + "\",\"user\":\""
                + EmbeddedPostgresServer.USER + "\",\"password\":\"" + EmbeddedPostgresServer.PASSWORD
                + "\",\"replace\":true}";
        Response response = RestAssured.given()
                .header("Authorization", ADMIN)
                .contentType(ContentType.JSON)
                .body(body)
                .post("/admin/import");
        assertEquals(200, response.statusCode(), response.body().asString());
        assertReferenceRows(response.jsonPath());
    }

    @Test
    @DisplayName("a file that is not a Linkora database, or an unsupported URL, is a 400 and changes nothing")
    void unreadableSources() throws Exception {
        Path junk = Files.writeString(dir.resolve("junk.db"), "not a database at all, just text");
        Response response = upload(junk, true);
        assertEquals(400, response.statusCode(), response.body().asString());
        Response url = RestAssured.given()
                .header("Authorization", ADMIN)
                .contentType(ContentType.JSON)
                .body("{\"url\":\"oracle:thin:@h:1521:x\"}")
                .post("/admin/import");
        assertEquals(400, url.statusCode());
        assertFalse(url.body().asString().isBlank());
    }
}
