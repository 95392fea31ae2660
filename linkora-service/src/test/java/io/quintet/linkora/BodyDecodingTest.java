package io.quintet.linkora;

import static io.quintet.linkora.LinkoraClient.app;
import static io.quintet.linkora.LinkoraClient.now;
import static io.quintet.linkora.LinkoraClient.post;
import static io.quintet.linkora.Requests.*;
import static org.junit.jupiter.api.Assertions.*;

import io.quarkus.test.junit.QuarkusTest;
import io.quintet.protocol.testing.RawHttp;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Request decoding over several routes, spec 4.1, 4.2 and checklist section B. */
@QuarkusTest
class BodyDecodingTest {

    static void assert400(Response response) {
        assertEquals(400, response.statusCode(), () -> response.body().asString());
        assertEquals("", response.body().asString());
    }

    @Test
    @DisplayName("C16 malformed JSON → 400 with an empty body")
    void malformed() {
        for (String route : List.of(
                "CREATE_FOLDER",
                "CREATE_A_NEW_LINK",
                "UPDATE_LINK",
                "COPY_EXISTING_ITEMS",
                "DELETE_EVERYTHING",
                "CREATE_TAG")) {
            assert400(post(route, "{\"name\": \"x\","));
            assert400(post(route, "{\"name\": \"x\"} trailing"));
        }
    }

    @Test
    @DisplayName("C17 missing correlation or correlation null → 400")
    void correlationRequired() {
        assert400(post(
                "CREATE_FOLDER",
                "{\"name\":\"x\",\"note\":\"\",\"parentFolderId\":null,\"isArchived\":false,\"eventTimestamp\":1}"));
        assert400(
                post(
                        "CREATE_FOLDER",
                        "{\"name\":\"x\",\"note\":\"\",\"parentFolderId\":null,\"isArchived\":false,\"eventTimestamp\":1,\"correlation\":null}"));
        assert400(post("DELETE_A_LINK", "{\"id\":1,\"eventTimestamp\":1}"));
        assert400(post("ADD_A_NEW_PANEL", "{\"panelName\":\"p\",\"correlation\":null}"));
        assert400(post("DELETE_EVERYTHING", "{\"eventTimestamp\":1}"));
        assert400(post("CREATE_TAG", "{\"name\":\"t\",\"eventTimestamp\":1,\"correlation\":{\"id\":\"x\"}}"));
    }

    @Test
    @DisplayName(
            "C18 unknown keys are ignored (offlineSyncItemId, the extension's id: 0, eventTimestamp on ADD_A_NEW_PANEL)")
    void unknownKeys() {
        ok(post(
                "CREATE_FOLDER",
                "{\"id\":0,\"offlineSyncItemId\":7,\"name\":\"x\",\"note\":\"\",\"parentFolderId\":null,\"isArchived\":false,"
                        + tail(1) + ",\"extra\":{\"deep\":[1,2]}}"));
        ok(post(
                "ADD_A_NEW_PANEL",
                "{\"panelName\":\"p\",\"eventTimestamp\":1,\"offlineSyncItemId\":3,\"correlation\":" + CORRELATION
                        + "}"));
        long tag = createTag("c18");
        ok(post("RENAME_TAG", "{\"id\":" + tag + ",\"newName\":\"c18b\",\"whatever\":null," + tail(now() + 100) + "}"));
    }

    @Test
    @DisplayName("C19 unknown enum names (case-sensitive) → 400")
    void unknownEnum() {
        assert400(post("CREATE_A_NEW_LINK", linkBody("saved_link", "t", "https://c19.example", null, "[]")));
        assert400(post(
                "CREATE_A_NEW_LINK",
                linkBody("SAVED_LINK", "t", "https://c19.example", null, "[]").replace("\"IMAGE\"", "\"image\"")));
        assert400(post(
                "MOVE_EXISTING_ITEMS",
                "{\"folderIds\":[],\"linkIds\":[],\"linkType\":\"Folder_Link\",\"newParentFolderId\":1," + tail(1)
                        + "}"));
        assert400(
                post("UPDATE_USER_AGENT", "{\"linkType\":\"NOPE\",\"linkId\":1,\"userAgent\":\"u\"," + tail(1) + "}"));
    }

    @Test
    @DisplayName("C20 a JSON route without Content-Type → 415, empty body")
    void noContentType() {
        byte[] body = ("{\"name\":\"x\",\"note\":\"\",\"parentFolderId\":null,\"isArchived\":false," + tail(1) + "}")
                .getBytes(StandardCharsets.UTF_8);
        for (String route : List.of("CREATE_FOLDER", "DELETE_A_LINK", "COPY_EXISTING_ITEMS", "DELETE_EVERYTHING")) {
            RawHttp.Reply answer = LinkoraClient.postRaw(route, null, body);
            assertEquals(415, answer.status(), route);
            assertEquals("", answer.text());
        }
        assertEquals(
                415, LinkoraClient.postRaw("CREATE_TAG", "text/plain", body).status());
    }

    @Test
    @DisplayName("C21 Content-Type application/json; charset=utf-8 is accepted")
    void charset() {
        Response response = app().contentType("application/json; charset=utf-8")
                .body("{\"name\":\"é\",\"eventTimestamp\":1,\"correlation\":" + CORRELATION + "}")
                .post("/CREATE_TAG");
        ok(response);
        assertEquals(
                200,
                LinkoraClient.postRaw(
                                "CREATE_TAG",
                                "Application/JSON;charset=UTF-8",
                                ("{\"name\":\"x\"," + tail(1) + "}").getBytes(StandardCharsets.UTF_8))
                        .status());
    }

    @Test
    @DisplayName("C22 integers sent as JSON strings are accepted")
    void numbersAsStrings() {
        long folder = createFolder("c22", null);
        ok(post(
                "UPDATE_FOLDER_NOTE",
                "{\"folderId\":\"" + folder + "\",\"newNote\":\"s\",\"correlation\":" + CORRELATION
                        + ",\"eventTimestamp\":\"" + (now() + 100) + "\"}"));
        ok(post(
                "MARK_FOLDERS_AS_ROOT",
                "{\"folderIds\":[\"" + folder + "\"],\"eventTimestamp\":\"" + (now() + 100) + "\",\"correlation\":"
                        + CORRELATION + "}"));
        assertEquals("s", row(updates(0), "folders", "id", folder).get("note"));
        assert400(post("DELETE_FOLDER_NOTE", "{\"id\":\"one\"," + tail(1) + "}"));
    }

    @Test
    @DisplayName("C23 CREATE_A_NEW_LINK without tags (the extension's exact request) → 200, no pairs, stored with -2")
    void linkWithoutTags() {
        String extension =
                "{\"linkType\":\"SAVED_LINK\",\"title\":\"Page\",\"url\":\"https://c23.example/p\",\"baseURL\":\"c23.example\","
                        + "\"imgURL\":\"\",\"note\":\"\",\"idOfLinkedFolder\":null,\"userAgent\":\"Mozilla/5.0\",\"markedAsImportant\":false,"
                        + "\"mediaType\":\"IMAGE\",\"correlation\":{\"id\":\"k2j3h4\",\"clientName\":\"LinkoraBrowserExtension\"},\"eventTimestamp\":"
                        + now() + "}";
        long id = ok(post("CREATE_A_NEW_LINK", extension)).getLong("id");
        Map<String, Object> row = row(updates(0), "links", "id", id);
        assertEquals(List.of(), row.get("linkTags"));
        assertEquals(-2, ((Number) row.get("idOfLinkedFolder")).intValue());
    }

    @Test
    @DisplayName("C24 a missing nullable field (parentFolderId, idOfLinkedFolder, userAgent, title) reads as null")
    void missingNullable() {
        long folder = ok(post("CREATE_FOLDER", "{\"name\":\"c24\",\"note\":\"\",\"isArchived\":false," + tail(1) + "}"))
                .getLong("id");
        assertNull(row(updates(0), "folders", "id", folder).get("parentFolderId"));
        long link = ok(post(
                        "CREATE_A_NEW_LINK",
                        "{\"linkType\":\"FOLDER_LINK\",\"url\":\"https://c24.example\",\"baseURL\":\"c24.example\","
                                + "\"imgURL\":\"\",\"note\":\"\",\"markedAsImportant\":false,\"mediaType\":\"GIF\","
                                + tail(1) + "}"))
                .getLong("id");
        Map<String, Object> row = row(updates(0), "links", "id", link);
        assertNull(row.get("idOfLinkedFolder"));
        assertNull(row.get("userAgent"));
        assertEquals("", row.get("title"));
    }

    @Test
    @DisplayName("C25 success answers are application/json with explicit nulls")
    void explicitNulls() {
        long parent = createFolder("c25 parent", null);
        createFolder("c25 child", parent);
        Response roots = app().get("/GET_ROOT_FOLDERS");
        assertEquals("application/json", roots.header("Content-Type"));
        assertTrue(roots.body().asString().contains("\"parentFolderId\":null"));
        Response updates = app().queryParam("eventTimestamp", now() - 5).get("/GET_UPDATES");
        assertEquals("application/json", updates.header("Content-Type"));
        assertTrue(updates.body().asString().replace(" ", "").contains("\"parentFolderId\":null"));
        JsonPath created = ok(post("CREATE_TAG", "{\"name\":\"c25\"," + tail(1) + "}"));
        assertNotNull(created.get("timeStampBasedResponse"));
    }
}
