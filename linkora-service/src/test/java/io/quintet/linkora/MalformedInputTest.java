package io.quintet.linkora;

import static io.quintet.linkora.LinkoraClient.app;
import static io.quintet.linkora.LinkoraClient.post;
import static io.quintet.linkora.Requests.CORRELATION;
import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quintet.protocol.testing.RawHttp;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Every JSON route fed broken JSON, non-objects, wrong types, unknown enum names, missing fields
 * and oversized bodies: always the documented 400/413/415 with an empty body, never a 500, and
 * nothing stored, tombstoned or broadcast.
 */
@QuarkusTest
class MalformedInputTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String C = "\"correlation\":" + CORRELATION;
    static final String TS = "\"eventTimestamp\":1";
    static final String COPY_REF = "{\"newlyCopiedLocalId\":1,\"parentOfNewlyCopiedLocalId\":2,\"sourceRemoteId\":3,"
            + "\"sourceRemoteParentId\":null,\"isRootFolderForTheDestination\":true}";

    /** A valid body per JSON route (values need not point at existing rows: they are never sent as is). */
    static final Map<String, String> VALID = new LinkedHashMap<>();
    /** Keys that may be absent: nullable ones read as null, the extension's tags, the optional flag. */
    static final Set<String> MAY_BE_ABSENT = Set.of(
            "parentFolderId",
            "idOfLinkedFolder",
            "userAgent",
            "title",
            "tags",
            "forceRetrieveOGMetaInfo",
            "sourceRemoteParentId");

    static {
        String idBased = "{\"id\":1," + C + "," + TS + "}";
        String link =
                "\"linkType\":\"SAVED_LINK\",\"title\":\"t\",\"url\":\"u\",\"baseURL\":\"b\",\"imgURL\":\"i\",\"note\":\"n\","
                        + "\"idOfLinkedFolder\":null,\"userAgent\":null,\"markedAsImportant\":false,\"mediaType\":\"IMAGE\","
                        + C + "," + TS;
        VALID.put(
                "CREATE_FOLDER",
                "{\"name\":\"n\",\"note\":\"\",\"parentFolderId\":null,\"isArchived\":false," + C + "," + TS + "}");
        VALID.put(
                "UPDATE_FOLDER",
                "{\"id\":1,\"name\":\"n\",\"note\":\"\",\"parentFolderId\":null,\"isArchived\":false," + C + "," + TS
                        + "}");
        for (String route : List.of(
                "DELETE_FOLDER",
                "GET_CHILD_FOLDERS",
                "MARK_FOLDER_AS_ARCHIVE",
                "MARK_AS_REGULAR_FOLDER",
                "DELETE_FOLDER_NOTE",
                "DELETE_A_LINK",
                "ARCHIVE_LINK",
                "UNARCHIVE_LINK",
                "MARK_AS_IMP",
                "UNMARK_AS_IMP",
                "DELETE_A_PANEL",
                "DELETE_A_FOLDER_FROM_ALL_PANELS",
                "DELETE_ALL_FOLDERS_FROM_A_PANEL",
                "DELETE_TAG")) {
            VALID.put(route, idBased);
        }
        VALID.put("UPDATE_FOLDER_NAME", "{\"folderId\":1,\"newFolderName\":\"n\"," + C + "," + TS + "}");
        VALID.put("UPDATE_FOLDER_NOTE", "{\"folderId\":1,\"newNote\":\"n\"," + C + "," + TS + "}");
        VALID.put("MARK_FOLDERS_AS_ROOT", "{\"folderIds\":[1,2]," + C + "," + TS + "}");
        VALID.put("CREATE_A_NEW_LINK", "{" + link + ",\"tags\":[1],\"forceRetrieveOGMetaInfo\":false}");
        VALID.put("UPDATE_LINK", "{\"id\":1," + link + ",\"linkTags\":[{\"linkId\":1,\"tagId\":1}]}");
        VALID.put(
                "UPDATE_LINKED_FOLDER_ID",
                "{\"linkType\":\"FOLDER_LINK\",\"linkId\":1,\"newParentFolderId\":2," + C + "," + TS + "}");
        VALID.put("UPDATE_LINK_TITLE", "{\"linkId\":1,\"newTitleOfTheLink\":\"t\"," + C + "," + TS + "}");
        VALID.put("UPDATE_LINK_NOTE", "{\"linkId\":1,\"newNote\":\"t\"," + C + "," + TS + "}");
        VALID.put(
                "UPDATE_USER_AGENT",
                "{\"linkType\":\"SAVED_LINK\",\"linkId\":1,\"userAgent\":\"u\"," + C + "," + TS + "}");
        VALID.put("DELETE_DUPLICATE_LINKS", "{\"linkIds\":[1]," + C + "," + TS + "}");
        VALID.put("ADD_A_NEW_PANEL", "{\"panelName\":\"p\"," + C + "}");
        VALID.put(
                "ADD_A_NEW_FOLDER_IN_A_PANEL",
                "{\"folderId\":1,\"panelPosition\":0,\"folderName\":\"f\",\"connectedPanelId\":1," + C + "," + TS
                        + "}");
        VALID.put("UPDATE_A_PANEL_NAME", "{\"newName\":\"p\",\"panelId\":1," + C + "," + TS + "}");
        VALID.put("DELETE_A_FOLDER_FROM_A_PANEL", "{\"panelId\":1,\"folderID\":1," + C + "," + TS + "}");
        VALID.put("CREATE_TAG", "{\"name\":\"t\"," + C + "," + TS + "}");
        VALID.put("RENAME_TAG", "{\"id\":1,\"newName\":\"t\"," + C + "," + TS + "}");
        VALID.put("ARCHIVE_MULTIPLE_ITEMS", "{\"linkIds\":[1],\"folderIds\":[1]," + C + "," + TS + "}");
        VALID.put("DELETE_MULTIPLE_ITEMS", "{\"linkIds\":[1],\"folderIds\":[1]," + C + "," + TS + "}");
        VALID.put(
                "MOVE_EXISTING_ITEMS",
                "{\"folderIds\":[1],\"linkIds\":[1],\"linkType\":\"FOLDER_LINK\",\"newParentFolderId\":1," + C + ","
                        + TS + "}");
        VALID.put("UNARCHIVE_MULTIPLE_ITEMS", "{\"foldersIds\":[1],\"linkIds\":[1]," + C + "," + TS + "}");
        VALID.put(
                "COPY_EXISTING_ITEMS",
                "{\"folders\":[{\"currentFolder\":" + COPY_REF + ",\"links\":[" + COPY_REF + "]}],"
                        + "\"linkIds\":{\"301\":1},\"linkType\":\"SAVED_LINK\",\"newParentFolderId\":1," + C + "," + TS
                        + "}");
        VALID.put("DELETE_EVERYTHING", "{" + C + "," + TS + "}");
    }

    @Inject
    EventLogProbe events;

    /** Rows of every table plus the event log head: must not move on a refused request. */
    long[] state() {
        List<String> tables = List.of("folders", "links", "panels", "panel_folders", "tags", "link_tags", "tombstones");
        long[] counts = new long[tables.size() + 1];
        for (int i = 0; i < tables.size(); i++) {
            counts[i] = events.count(tables.get(i));
        }
        counts[tables.size()] = events.mark();
        return counts;
    }

    /** A JSON value of another type than {@code value}, never accepted where {@code value} is. */
    static JsonNode wrongType(JsonNode value) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (value.isNumber()) {
            return f.textNode("not a number");
        }
        if (value.isTextual()) {
            return f.numberNode(12345);
        }
        if (value.isBoolean()) {
            return f.textNode("true");
        }
        if (value.isArray()) {
            return f.textNode("[]");
        }
        if (value.isObject()) {
            return f.arrayNode();
        }
        return f.objectNode();
    }

    /** Every malformed variant of a valid body, labelled. */
    static Map<String, String> variants(String valid) throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("truncated", valid.substring(0, valid.length() / 2));
        out.put("trailing garbage", valid + "x");
        out.put("empty", "");
        out.put("array", "[" + valid + "]");
        out.put("string", "\"text\"");
        out.put("number", "42");
        out.put("null", "null");
        out.put("single quotes", valid.replace('"', '\''));
        ObjectNode body = (ObjectNode) JSON.readTree(valid);
        List<String> keys = new ArrayList<>();
        body.fieldNames().forEachRemaining(keys::add);
        for (String key : keys) {
            ObjectNode wrong = body.deepCopy();
            wrong.set(key, wrongType(body.get(key)));
            out.put("wrong type " + key, wrong.toString());
            if (!MAY_BE_ABSENT.contains(key)) {
                ObjectNode missing = body.deepCopy();
                missing.remove(key);
                out.put("missing " + key, missing.toString());
                if (!body.get(key).isNull()) {
                    ObjectNode nulled = body.deepCopy();
                    nulled.putNull(key);
                    out.put("null " + key, nulled.toString());
                }
            }
            if (key.equals("linkType") || key.equals("mediaType")) {
                ObjectNode lower = body.deepCopy();
                lower.put(key, body.get(key).asText().toLowerCase());
                out.put("unknown enum " + key, lower.toString());
            }
            JsonNode value = body.get(key);
            if (value.isArray() && !value.isEmpty()) {
                ObjectNode element = body.deepCopy();
                ArrayNode array = (ArrayNode) element.get(key);
                array.set(0, wrongType(array.get(0)));
                out.put("wrong element type " + key, element.toString());
                ObjectNode nullElement = body.deepCopy();
                ((ArrayNode) nullElement.get(key)).set(0, JsonNodeFactory.instance.nullNode());
                out.put("null element " + key, nullElement.toString());
                if (array.get(0) != null && value.get(0).isObject()) {
                    for (Iterator<String> it = value.get(0).fieldNames(); it.hasNext(); ) {
                        String inner = it.next();
                        if (MAY_BE_ABSENT.contains(inner)) {
                            continue;
                        }
                        ObjectNode nested = body.deepCopy();
                        ((ObjectNode) nested.get(key).get(0)).remove(inner);
                        out.put("missing " + key + "[0]." + inner, nested.toString());
                    }
                }
            }
        }
        if (body.has("correlation")) {
            for (String inner : List.of("id", "clientName")) {
                ObjectNode c = body.deepCopy();
                ((ObjectNode) c.get("correlation")).remove(inner);
                out.put("missing correlation." + inner, c.toString());
                ObjectNode t = body.deepCopy();
                ((ObjectNode) t.get("correlation")).put(inner, 5);
                out.put("wrong type correlation." + inner, t.toString());
            }
        }
        return out;
    }

    @Test
    @DisplayName(
            "C16 C17 C19 malformed-input sweep: every JSON route answers 400 with an empty body and stores nothing")
    void sweep() throws Exception {
        long[] before = state();
        List<String> failures = new ArrayList<>();
        int sent = 0;
        for (Map.Entry<String, String> route : VALID.entrySet()) {
            for (Map.Entry<String, String> variant : variants(route.getValue()).entrySet()) {
                Response response = post(route.getKey(), variant.getValue());
                sent++;
                if (response.statusCode() != 400 || !response.body().asString().isEmpty()) {
                    failures.add(route.getKey() + " / " + variant.getKey() + " → " + response.statusCode() + " "
                            + response.body().asString());
                }
            }
        }
        assertEquals(List.of(), failures);
        assertTrue(sent > 500, "variants sent: " + sent);
        assertArrayEquals(before, state());
    }

    @Test
    @DisplayName("copy and link-pair nested shapes: wrong values inside maps and pair objects are 400")
    void nestedShapes() {
        long[] before = state();
        String copy = VALID.get("COPY_EXISTING_ITEMS");
        for (String body : List.of(
                copy.replace("{\"301\":1}", "{\"301\":\"abc\"}"),
                copy.replace("{\"301\":1}", "{\"301\":null}"),
                copy.replace("{\"301\":1}", "[1]"),
                copy.replace("\"currentFolder\":", "\"current\":"),
                copy.replace("\"links\":[", "\"links\":[1,"))) {
            Response response = post("COPY_EXISTING_ITEMS", body);
            assertEquals(400, response.statusCode(), body);
        }
        String update = VALID.get("UPDATE_LINK");
        for (String body : List.of(
                update.replace("{\"linkId\":1,\"tagId\":1}", "{\"linkId\":1}"),
                update.replace("{\"linkId\":1,\"tagId\":1}", "1"),
                update.replace("{\"linkId\":1,\"tagId\":1}", "{\"linkId\":1,\"tagId\":\"x\"}"))) {
            assertEquals(400, post("UPDATE_LINK", body).statusCode(), body);
        }
        assertEquals(
                400,
                post("CREATE_A_NEW_LINK", VALID.get("CREATE_A_NEW_LINK").replace("\"tags\":[1]", "\"tags\":null"))
                        .statusCode());
        assertEquals(
                400,
                post("CREATE_A_NEW_LINK", VALID.get("CREATE_A_NEW_LINK").replace("\"tags\":[1]", "\"tags\":[1.5]"))
                        .statusCode());
        assertEquals(
                400,
                post(
                                "CREATE_FOLDER",
                                VALID.get("CREATE_FOLDER")
                                        .replace("\"parentFolderId\":null", "\"parentFolderId\":99999999999999999999"))
                        .statusCode());
        // strings PostgreSQL cannot store: a NUL character, an unpaired surrogate (in a field, in the correlation)
        for (String route :
                List.of("CREATE_FOLDER", "CREATE_TAG", "ADD_A_NEW_PANEL", "DELETE_EVERYTHING", "CREATE_A_NEW_LINK")) {
            String valid = VALID.get(route);
            assertEquals(
                    400,
                    post(route, valid.replace("\"Brave Fox\"", "\"Brave\\u0000Fox\""))
                            .statusCode(),
                    route);
            assertEquals(
                    400,
                    post(route, valid.replace("\"Brave Fox\"", "\"Brave\\ud800Fox\""))
                            .statusCode(),
                    route);
        }
        assertEquals(
                400,
                post("CREATE_FOLDER", VALID.get("CREATE_FOLDER").replace("\"name\":\"n\"", "\"name\":\"a\\u0000b\""))
                        .statusCode());
        assertArrayEquals(before, state());
        // a paired surrogate (an emoji) is ordinary text
        long tag = Requests.createTag("tag \ud83d\ude00");
        assertTrue(tag > 0);
    }

    @Test
    @DisplayName("C20 every JSON route without Content-Type answers 415 and stores nothing")
    void noContentType() {
        long[] before = state();
        for (Map.Entry<String, String> route : VALID.entrySet()) {
            RawHttp.Reply answer =
                    LinkoraClient.postRaw(route.getKey(), null, route.getValue().getBytes());
            assertEquals(415, answer.status(), route.getKey());
            assertEquals("", answer.text());
        }
        assertArrayEquals(before, state());
    }

    @Test
    @DisplayName(
            "a body declared larger than linkora.max-body-size is refused with 413 on every POST route, nothing stored")
    void oversized() {
        long[] before = state();
        for (String route : VALID.keySet()) {
            assertEquals(413, LinkoraClient.declareOversized(route, 17L * 1024 * 1024), route);
        }
        assertEquals(413, LinkoraClient.declareOversized("SEARCH_FOR_FOLDERS", 17L * 1024 * 1024));
        assertArrayEquals(before, state());
    }

    @Test
    @DisplayName("an actually oversized body (17 MB sent) is refused with 413")
    void oversizedUpload() {
        long[] before = state();
        StringBuilder name = new StringBuilder(17 * 1024 * 1024 + 200);
        name.append("{\"name\":\"");
        name.append("x".repeat(17 * 1024 * 1024));
        name.append("\",").append(C).append(",").append(TS).append("}");
        int status;
        try {
            status = LinkoraClient.postRaw(
                            "CREATE_TAG", "application/json", name.toString().getBytes())
                    .status();
        } catch (IllegalStateException e) {
            // the server may close the connection after answering 413 while the client still writes
            status = 413;
        }
        assertEquals(413, status);
        assertArrayEquals(before, state());
    }

    @Test
    @DisplayName("SEARCH_FOR_FOLDERS takes any body as a term: broken JSON, binary or odd content types never fail")
    void searchAnyBody() {
        for (String body : List.of(
                "{\"broken", "\"unterminated", "%_\\", "[1,2]", "\u0000\u0001", "'; DROP TABLE linkora.folders; --")) {
            Response json = app().contentType(ContentType.JSON).body(body).post("/SEARCH_FOR_FOLDERS");
            assertEquals(200, json.statusCode(), body);
            assertEquals("application/json", json.header("Content-Type"));
            assertEquals(
                    200,
                    app().contentType("application/octet-stream")
                            .body(body.getBytes(StandardCharsets.UTF_8))
                            .post("/SEARCH_FOR_FOLDERS")
                            .statusCode());
        }
        assertTrue(events.count("folders") >= 0);
    }

    @Test
    @DisplayName("GET routes ignore bodies and stray parameters; POST on them is 405")
    void getRoutes() {
        for (String route : List.of("/GET_ROOT_FOLDERS", "/GET_TAGS")) {
            assertEquals(
                    200,
                    app().queryParam("eventTimestamp", "zzz")
                            .contentType(ContentType.JSON)
                            .get(route)
                            .statusCode());
            assertEquals(
                    405,
                    app().contentType(ContentType.JSON).body("{}").post(route).statusCode());
        }
        assertEquals(
                405,
                app().contentType(ContentType.JSON)
                        .body("{}")
                        .post("/GET_UPDATES")
                        .statusCode());
        assertEquals(405, app().get("/CREATE_TAG").statusCode());
        assertEquals(405, app().get("/SEARCH_FOR_FOLDERS").statusCode());
    }
}
