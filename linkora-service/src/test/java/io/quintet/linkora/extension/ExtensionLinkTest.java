package io.quintet.linkora.extension;

import static io.quintet.linkora.LinkoraClient.now;
import static io.quintet.linkora.LinkoraClient.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quintet.protocol.testing.EmbeddedPostgresServer;
import io.restassured.response.Response;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The extension's link save (spec 10.2, Q19): its exact body, without {@code tags}. */
@QuarkusTest
class ExtensionLinkTest {

    @Test
    @DisplayName(
            "C121 the extension's exact CREATE_A_NEW_LINK body (no tags, idOfLinkedFolder null, SAVED_LINK) → 200, stored in -2")
    void extensionSavesALink() throws Exception {
        String body =
                "{\"linkType\":\"SAVED_LINK\",\"title\":\"Example\",\"url\":\"https://example.com/page\",\"baseURL\":\"example.com\","
                        + "\"imgURL\":\"\",\"note\":\"from the popup\",\"idOfLinkedFolder\":null,"
                        + "\"userAgent\":\"Mozilla/5.0 (X11; Linux x86_64) Chrome/126.0\",\"markedAsImportant\":false,\"mediaType\":\"IMAGE\","
                        + "\"correlation\":{\"id\":\"z8y7x6w5\",\"clientName\":\"LinkoraBrowserExtension\"},\"eventTimestamp\":"
                        + now() + "}";
        Response response = post("CREATE_A_NEW_LINK", body);
        assertEquals(200, response.statusCode(), response.body().asString());
        long id = response.jsonPath().getLong("id");
        assertTrue(id > 0);
        try (Connection c = DriverManager.getConnection(
                        EmbeddedPostgresServer.jdbcUrl("linkora"),
                        EmbeddedPostgresServer.USER,
                        EmbeddedPostgresServer.PASSWORD);
                PreparedStatement s =
                        c.prepareStatement("SELECT id_of_linked_folder, link_type FROM linkora.links WHERE id = ?")) {
            s.setLong(1, id);
            try (ResultSet rs = s.executeQuery()) {
                assertTrue(rs.next());
                assertEquals(-2, rs.getLong(1));
                assertEquals("SAVED_LINK", rs.getString(2));
            }
            try (PreparedStatement pairs =
                    c.prepareStatement("SELECT count(*) FROM linkora.link_tags WHERE link_id = ?")) {
                pairs.setLong(1, id);
                try (ResultSet rs = pairs.executeQuery()) {
                    rs.next();
                    assertEquals(0, rs.getLong(1));
                }
            }
        }
    }
}
