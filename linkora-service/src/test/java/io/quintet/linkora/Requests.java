package io.quintet.linkora;

import static io.quintet.linkora.LinkoraClient.post;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.util.Map;

/** Request bodies as the app sends them, and creates that answer the new server id. */
public final class Requests {

    public static final String CORRELATION = "{\"id\":\"probe-client\",\"clientName\":\"Brave Fox\"}";
    public static final String CORRELATION_ID = "probe-client";

    private Requests() {}

    public static String q(String text) {
        return text == null ? "null" : "\"" + text + "\"";
    }

    /** {@code "correlation":..., "eventTimestamp": stamp} to close a body. */
    public static String tail(long stamp) {
        return "\"correlation\":" + CORRELATION + ",\"eventTimestamp\":" + stamp;
    }

    public static String idBased(long id, long stamp) {
        return "{\"id\":" + id + "," + tail(stamp) + "}";
    }

    public static JsonPath ok(Response response) {
        assertEquals(
                200, response.statusCode(), () -> "answer: " + response.body().asString());
        assertEquals("application/json", response.header("Content-Type"));
        return response.jsonPath();
    }

    /** Posts and expects a TimeStampBasedResponse; answers its eventTimestamp. */
    public static long stampOf(String route, String body) {
        return ok(post(route, body)).getLong("eventTimestamp");
    }

    public static long createFolder(String name, Long parentId) {
        return createFolder(name, parentId, false);
    }

    public static long createFolder(String name, Long parentId, boolean archived) {
        return ok(post(
                        "CREATE_FOLDER",
                        "{\"name\":" + q(name) + ",\"note\":\"n\",\"parentFolderId\":" + parentId + ",\"isArchived\":"
                                + archived + "," + tail(1) + "}"))
                .getLong("id");
    }

    public static String linkBody(String type, String title, String url, Long folder, String tags) {
        return "{\"linkType\":\"" + type + "\",\"title\":" + q(title) + ",\"url\":" + q(url)
                + ",\"baseURL\":\"example.com\","
                + "\"imgURL\":\"\",\"note\":\"\",\"idOfLinkedFolder\":" + folder
                + ",\"userAgent\":null,\"markedAsImportant\":false,"
                + "\"mediaType\":\"IMAGE\"," + tail(1) + (tags == null ? "" : ",\"tags\":" + tags) + "}";
    }

    public static long createLink(String type, String url, Long folder, String tags) {
        return ok(post("CREATE_A_NEW_LINK", linkBody(type, "T", url, folder, tags)))
                .getLong("id");
    }

    public static long createTag(String name) {
        return ok(post("CREATE_TAG", "{\"name\":" + q(name) + "," + tail(1) + "}"))
                .getLong("id");
    }

    public static long createPanel(String name) {
        return ok(post("ADD_A_NEW_PANEL", "{\"panelName\":" + q(name) + ",\"correlation\":" + CORRELATION + "}"))
                .getLong("id");
    }

    public static long addPanelFolder(long panelId, long folderId, String folderName) {
        return ok(post(
                        "ADD_A_NEW_FOLDER_IN_A_PANEL",
                        "{\"folderId\":" + folderId + ",\"panelPosition\":0,\"folderName\":" + q(folderName)
                                + ",\"connectedPanelId\":" + panelId + "," + tail(1) + "}"))
                .getLong("id");
    }

    /** {@code GET_UPDATES?eventTimestamp=since}. */
    public static JsonPath updates(long since) {
        return ok(LinkoraClient.app().queryParam("eventTimestamp", since).get("/GET_UPDATES"));
    }

    public static JsonPath tombstones(long since) {
        return ok(LinkoraClient.app().queryParam("eventTimestamp", since).get("/GET_TOMBSTONES"));
    }

    /** The row with id {@code id} in list {@code list} of a GET_UPDATES answer ({@code null} if absent). */
    public static Map<String, Object> row(JsonPath updates, String list, String idKey, long id) {
        return updates.getMap(list + ".find { it." + idKey + " == " + id + " }");
    }
}
