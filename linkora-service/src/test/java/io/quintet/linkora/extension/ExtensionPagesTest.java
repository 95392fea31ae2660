package io.quintet.linkora.extension;

import static io.quintet.linkora.LinkoraClient.app;
import static io.quintet.linkora.LinkoraClient.now;
import static io.quintet.linkora.LinkoraClient.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quintet.protocol.testing.EmbeddedPostgresServer;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/** Spec 10 and 7.10: the browser-extension page and the legacy information page (C117–C120, C122). */
@QuarkusTest
class ExtensionPagesTest {

    /** The extension's exact CREATE_FOLDER body (spec 10.2, request 2). */
    static String extensionFolder(String name, Long parent) {
        return "{\"id\":0,\"name\":\"" + name + "\",\"note\":\"\",\"parentFolderId\":" + parent
                + ",\"isArchived\":false,"
                + "\"correlation\":{\"id\":\"k2j4h5g6\",\"clientName\":\"LinkoraBrowserExtension\"},\"eventTimestamp\":"
                + now() + "}";
    }

    static long createFolder(String name, Long parent, boolean archived) {
        Response response = post(
                "CREATE_FOLDER",
                "{\"name\":\"" + name + "\",\"note\":\"n\",\"parentFolderId\":" + parent + ",\"isArchived\":" + archived
                        + ",\"eventTimestamp\":1,\"correlation\":{\"id\":\"t\",\"clientName\":\"test\"}}");
        assertEquals(200, response.statusCode(), response.body().asString());
        return response.jsonPath().getLong("id");
    }

    static HtmlDocument page() {
        Response response = app().contentType(ContentType.JSON).get("/browser-extension");
        assertEquals(200, response.statusCode());
        assertEquals("text/html; charset=UTF-8", response.header("Content-Type"));
        return HtmlDocument.parse(response.body().asString());
    }

    private static long rootCount() throws Exception {
        try (Connection c = DriverManager.getConnection(
                        EmbeddedPostgresServer.jdbcUrl("linkora"),
                        EmbeddedPostgresServer.USER,
                        EmbeddedPostgresServer.PASSWORD);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT count(*) FROM linkora.folders WHERE parent_folder_id IS NULL AND NOT is_folder_archived")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    @DisplayName(
            "C117 GET /browser-extension with a token: HTML with the ids the extension wires to; without a token 401")
    void pageIds() {
        HtmlDocument page = page();
        for (String id : List.of(
                "change-extension-config", "link", "link_title", "link_note", "add-new-root-folder", "folders-list")) {
            page.byId(id);
        }
        assertEquals("#LINK_PLACEHOLDER#", page.byId("link").getTextContent());
        assertEquals("input", page.byId("link_title").getTagName());
        assertEquals("input", page.byId("link_note").getTagName());
        assertEquals(1, page.all("/html/head").size());
        assertFalse(page.all("/html/body[@style]").isEmpty(), "the popup copies the body's style attribute");
        assertEquals(401, RestAssured.given().get("/browser-extension").statusCode());
    }

    @Test
    @DisplayName(
            "C118 folders-list: Saved Links (-1, link), Important Links (-2, star_outline), then non-archived roots each followed by all children")
    void folderComponents() throws Exception {
        long root = createFolder("Ext root", null, false);
        long child = createFolder("Ext child", root, false);
        long archivedGrandchild = createFolder("Ext archived grandchild", child, true);
        long archivedRoot = createFolder("Ext archived root", null, true);
        long hiddenChild = createFolder("Ext child of archived root", archivedRoot, false);
        long secondRoot = createFolder("Ext second root", null, false);

        HtmlDocument page = page();
        List<Element> components =
                page.all("//*[@id='folders-list']/*[contains(concat(' ', @class, ' '), ' folder-component ')]");
        assertTrue(components.size() >= 6);
        record Entry(String id, String name, String icon) {}
        List<Entry> entries = components.stream()
                .map(component -> {
                    List<Element> icons = HtmlDocument.all(
                            component, ".//*[contains(concat(' ', @class, ' '), ' material-icons-outlined ')]");
                    List<Element> idDivs = HtmlDocument.all(component, ".//div[@id and not(@class)]");
                    assertFalse(icons.isEmpty(), "icon element");
                    assertFalse(idDivs.isEmpty(), "div[id]:not([class])");
                    List<Element> names =
                            HtmlDocument.all(idDivs.get(0), ".//div[contains(@style, 'font-size: 16px')]");
                    assertFalse(names.isEmpty(), "name div");
                    return new Entry(
                            idDivs.get(0).getAttribute("id"),
                            names.get(0).getTextContent(),
                            icons.get(0).getTextContent());
                })
                .toList();

        assertEquals(new Entry("-1", "Saved Links", "link"), entries.get(0));
        assertEquals(new Entry("-2", "Important Links", "star_outline"), entries.get(1));
        List<String> ids = entries.stream().map(Entry::id).toList();
        int at = ids.indexOf(String.valueOf(root));
        assertTrue(at > 1);
        assertEquals(
                List.of(String.valueOf(root), String.valueOf(child), String.valueOf(archivedGrandchild)),
                ids.subList(at, at + 3),
                "a root is followed by all its descendants, archived included");
        assertEquals(new Entry(String.valueOf(child), "Ext child", "create_new_folder"), entries.get(at + 1));
        assertTrue(ids.indexOf(String.valueOf(secondRoot)) > at + 2);
        assertFalse(ids.contains(String.valueOf(archivedRoot)), "archived roots are not listed");
        assertFalse(ids.contains(String.valueOf(hiddenChild)), "nor their children");
        String text = page.byId("add-new-root-folder").getParentNode().getTextContent();
        assertTrue(text.contains("Total root folders found: " + rootCount()), text);
    }

    @Test
    @DisplayName("C119 a folder named <b>x</b> appears escaped in the page")
    void namesAreEscaped() {
        long id = createFolder("<b>x</b> & \\\"q\\\"", null, false);
        Response response = app().get("/browser-extension");
        String html = response.body().asString();
        assertFalse(html.contains("<b>x</b>"));
        assertTrue(html.contains("&lt;b&gt;x&lt;/b&gt; &amp; &quot;q&quot;"));
        Element name = HtmlDocument.all(HtmlDocument.parse(html).byId(String.valueOf(id)), "./div")
                .get(0);
        assertEquals("<b>x</b> & \"q\"", name.getTextContent());
    }

    @Test
    @DisplayName(
            "C120 the extension's exact CREATE_FOLDER body (with id: 0) is accepted and the folder shows up in the page")
    void extensionCreatesFolders() {
        Response root = post("CREATE_FOLDER", extensionFolder("From extension", null));
        assertEquals(200, root.statusCode());
        long rootId = root.jsonPath().getLong("id");
        assertTrue(rootId > 0);
        Response sub = post("CREATE_FOLDER", extensionFolder("Sub from extension", rootId));
        assertEquals(200, sub.statusCode());
        HtmlDocument page = page();
        page.byId(String.valueOf(rootId));
        page.byId(String.valueOf(sub.jsonPath().getLong("id")));
    }

    @Test
    @DisplayName("C122 GET /SERVER_IS_CONFIGURED without a token: 200 HTML with the version")
    void serverIsConfigured() {
        Response response = RestAssured.given().get("/SERVER_IS_CONFIGURED");
        assertEquals(200, response.statusCode());
        assertEquals("text/html; charset=UTF-8", response.header("Content-Type"));
        String version =
                HtmlDocument.parse(response.body().asString()).byId("version").getTextContent();
        assertFalse(version.isBlank());
    }
}
