package io.quintet.linkora;

import static io.quintet.linkora.LinkoraClient.app;
import static io.quintet.linkora.LinkoraClient.awaitNextSecond;
import static io.quintet.linkora.LinkoraClient.now;
import static io.quintet.linkora.LinkoraClient.post;
import static io.quintet.linkora.Requests.*;
import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Folder routes, spec 7.2 and checklist section C. */
@QuarkusTest
class FolderRoutesTest {

    @Inject
    EventLogProbe events;

    static Set<String> keys(JsonNode node) {
        Set<String> keys = new TreeSet<>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    static String folderDto(long id, String name, String note, Long parent, boolean archived, long stamp) {
        return "{\"id\":" + id + ",\"name\":" + q(name) + ",\"note\":" + q(note) + ",\"parentFolderId\":" + parent
                + ",\"isArchived\":" + archived + "," + tail(stamp) + "}";
    }

    static Map<String, Object> folder(long id) {
        return row(updates(0), "folders", "id", id);
    }

    static long stampOfFolder(long id) {
        return ((Number) folder(id).get("eventTimestamp")).longValue();
    }

    @Test
    @DisplayName(
            "C27 CREATE_FOLDER event payload has id, name, note, parentFolderId, isArchived, correlation, server eventTimestamp (echo for the originator too)")
    void createEvent() {
        long mark = events.mark();
        JsonPath answer = ok(post(
                "CREATE_FOLDER",
                "{\"name\":\"E1\",\"note\":\"x\",\"parentFolderId\":null,\"isArchived\":true," + tail(5) + "}"));
        EventLogProbe.Event event = events.single(mark);
        assertEquals("CREATE_FOLDER", event.operation());
        JsonNode p = event.payload();
        assertEquals(
                Set.of("id", "name", "note", "parentFolderId", "isArchived", "correlation", "eventTimestamp"), keys(p));
        assertEquals(answer.getLong("id"), p.get("id").asLong());
        assertEquals("E1", p.get("name").asText());
        assertTrue(p.get("parentFolderId").isNull());
        assertTrue(p.get("isArchived").asBoolean());
        assertEquals(CORRELATION_ID, p.get("correlation").get("id").asText());
        assertEquals("Brave Fox", p.get("correlation").get("clientName").asText());
        assertEquals(
                answer.getLong("timeStampBasedResponse.eventTimestamp"),
                p.get("eventTimestamp").asLong());
        assertEquals(
                "Folder created successfully with id = " + answer.getLong("id"),
                answer.getString("timeStampBasedResponse.message"));
    }

    @Test
    @DisplayName("C28 CREATE_FOLDER with a non-existent parentFolderId is stored as given")
    void unknownParent() {
        long id = createFolder("orphan", 987654321L);
        assertEquals(987654321L, ((Number) folder(id).get("parentFolderId")).longValue());
    }

    @Test
    @DisplayName(
            "C29 UPDATE_FOLDER with a newer client stamp changes all four fields; event echoes the body with the server stamp")
    void updateFolder() {
        long id = createFolder("before", null);
        long mark = events.mark();
        long stamp = stampOf("UPDATE_FOLDER", folderDto(id, "after", "new note", 987654322L, true, now() + 100));
        Map<String, Object> row = folder(id);
        assertEquals("after", row.get("name"));
        assertEquals("new note", row.get("note"));
        assertEquals(987654322L, ((Number) row.get("parentFolderId")).longValue());
        assertEquals(true, row.get("isArchived"));
        assertEquals(stamp, ((Number) row.get("eventTimestamp")).longValue());
        EventLogProbe.Event event = events.single(mark);
        assertEquals("UPDATE_FOLDER", event.operation());
        assertEquals(
                Set.of("id", "name", "note", "parentFolderId", "isArchived", "correlation", "eventTimestamp"),
                keys(event.payload()));
        assertEquals("after", event.payload().get("name").asText());
        assertEquals(stamp, event.payload().get("eventTimestamp").asLong());
    }

    @Test
    @DisplayName("C30 UPDATE_FOLDER with an older client stamp is refused (409), nothing changes, no event")
    void updateFolderRefused() {
        long id = createFolder("keep", null);
        long rowStamp = stampOfFolder(id);
        long mark = events.mark();
        Response refused = post("UPDATE_FOLDER", folderDto(id, "lost", "x", null, false, rowStamp - 1));
        assertEquals(409, refused.statusCode());
        assertEquals(
                "This row already contains the latest data.", refused.body().asString());
        assertEquals("keep", folder(id).get("name"));
        assertTrue(events.since(mark).isEmpty());
    }

    @Test
    @DisplayName("C31 UPDATE_FOLDER with a stamp equal to the row's passes")
    void updateFolderEqualStamp() {
        long id = createFolder("eq", null);
        long rowStamp = stampOfFolder(id);
        ok(post("UPDATE_FOLDER", folderDto(id, "eq2", "n", null, false, rowStamp)));
        assertEquals("eq2", folder(id).get("name"));
    }

    @Test
    @DisplayName("C32 UPDATE_FOLDER on an unknown id answers 200 and still broadcasts")
    void updateUnknownFolder() {
        long mark = events.mark();
        ok(post("UPDATE_FOLDER", folderDto(99999999, "ghost", "n", null, false, 1)));
        assertEquals("UPDATE_FOLDER", events.single(mark).operation());
    }

    @Test
    @DisplayName("C33 UPDATE_FOLDER_NAME renames the folder and its panel-folder rows")
    void renameFolder() {
        long id = createFolder("old name", null);
        long panel = createPanel("P");
        long row = addPanelFolder(panel, id, "old name");
        long mark = events.mark();
        long stamp = stampOf(
                "UPDATE_FOLDER_NAME",
                "{\"folderId\":" + id + ",\"newFolderName\":\"new name\"," + tail(now() + 100) + "}");
        JsonPath all = updates(stamp);
        assertEquals("new name", row(all, "folders", "id", id).get("name"));
        Map<String, Object> panelRow = row(all, "panelFolders", "id", row);
        assertEquals("new name", panelRow.get("folderName"));
        assertEquals(stamp, ((Number) panelRow.get("eventTimestamp")).longValue());
        EventLogProbe.Event event = events.single(mark);
        assertEquals("UPDATE_FOLDER_NAME", event.operation());
        assertEquals(Set.of("folderId", "newFolderName", "correlation", "eventTimestamp"), keys(event.payload()));
        assertEquals(stamp, event.payload().get("eventTimestamp").asLong());
    }

    @Test
    @DisplayName("C34 UPDATE_FOLDER does not rename panel-folder rows")
    void updateFolderKeepsPanelRows() {
        long id = createFolder("panel name", null);
        long panel = createPanel("P2");
        long row = addPanelFolder(panel, id, "panel name");
        ok(post("UPDATE_FOLDER", folderDto(id, "renamed", "n", null, false, now() + 100)));
        assertEquals("panel name", row(updates(0), "panelFolders", "id", row).get("folderName"));
    }

    @Test
    @DisplayName(
            "C35 UPDATE_FOLDER_NOTE, DELETE_FOLDER_NOTE, MARK_FOLDER_AS_ARCHIVE, MARK_AS_REGULAR_FOLDER change their field and emit their event")
    void noteAndArchive() {
        long id = createFolder("notes", null);
        long future = now() + 100;
        long mark = events.mark();
        ok(post("UPDATE_FOLDER_NOTE", "{\"folderId\":" + id + ",\"newNote\":\"hello\"," + tail(future) + "}"));
        assertEquals("hello", folder(id).get("note"));
        JsonPath cleared = ok(post("DELETE_FOLDER_NOTE", idBased(id, 1)));
        assertEquals("Number of rows affected by the update = 1", cleared.getString("message"));
        assertEquals("", folder(id).get("note"));
        ok(post("MARK_FOLDER_AS_ARCHIVE", idBased(id, future)));
        assertEquals(true, folder(id).get("isArchived"));
        ok(post("MARK_AS_REGULAR_FOLDER", idBased(id, future)));
        assertEquals(false, folder(id).get("isArchived"));
        List<EventLogProbe.Event> sent = events.since(mark);
        assertEquals(
                List.of("UPDATE_FOLDER_NOTE", "DELETE_FOLDER_NOTE", "MARK_FOLDER_AS_ARCHIVE", "MARK_AS_REGULAR_FOLDER"),
                sent.stream().map(EventLogProbe.Event::operation).toList());
        assertEquals(
                Set.of("folderId", "newNote", "correlation", "eventTimestamp"),
                keys(sent.get(0).payload()));
        for (EventLogProbe.Event e : sent.subList(1, 4)) {
            assertEquals(Set.of("id", "correlation", "eventTimestamp"), keys(e.payload()));
            assertEquals(id, e.payload().get("id").asLong());
        }
        // DELETE_FOLDER_NOTE has no LWW check; the others refuse an older stamp
        assertEquals(409, post("MARK_FOLDER_AS_ARCHIVE", idBased(id, 1)).statusCode());
        assertEquals(
                409,
                post("UPDATE_FOLDER_NOTE", "{\"folderId\":" + id + ",\"newNote\":\"x\"," + tail(1) + "}")
                        .statusCode());
    }

    @Test
    @DisplayName("C36 MARK_FOLDERS_AS_ROOT nulls every parent; refused when a listed folder is newer; [] answers 200")
    void markAsRoot() {
        long parent = createFolder("root parent", null);
        long a = createFolder("a", parent);
        long b = createFolder("b", parent);
        long mark = events.mark();
        JsonPath answer =
                ok(post("MARK_FOLDERS_AS_ROOT", "{\"folderIds\":[" + a + "," + b + "]," + tail(now() + 100) + "}"));
        assertEquals("Marked 2 folders as root.", answer.getString("message"));
        assertNull(folder(a).get("parentFolderId"));
        assertNull(folder(b).get("parentFolderId"));
        EventLogProbe.Event event = events.single(mark);
        assertEquals(Set.of("folderIds", "eventTimestamp", "correlation"), keys(event.payload()));

        long c = createFolder("c", parent);
        // the first listed folder is newer than the request: refused as a whole (D4)
        Response refused = post("MARK_FOLDERS_AS_ROOT", "{\"folderIds\":[" + c + "," + a + "]," + tail(1) + "}");
        assertEquals(409, refused.statusCode());
        assertEquals(parent, ((Number) folder(c).get("parentFolderId")).longValue());

        ok(post("MARK_FOLDERS_AS_ROOT", "{\"folderIds\":[]," + tail(1) + "}"));
    }

    @Test
    @DisplayName(
            "C37 DELETE_FOLDER on a 3-level tree removes folders, links and panel rows; two tombstones per folder; one event")
    void deleteTree() {
        long top = createFolder("top", null);
        long mid = createFolder("mid", top);
        long leaf = createFolder("leaf", mid);
        long survivor = createFolder("survivor", null);
        long linkTop = createLink("FOLDER_LINK", "https://a.example/1", top, null);
        long linkLeaf = createLink("FOLDER_LINK", "https://a.example/2", leaf, null);
        long linkElsewhere = createLink("FOLDER_LINK", "https://a.example/3", survivor, null);
        long panel = createPanel("tree panel");
        long panelRow = addPanelFolder(panel, mid, "mid");
        long keptRow = addPanelFolder(panel, survivor, "survivor");
        long mark = events.mark();
        awaitNextSecond();
        long before = now() - 1;

        JsonPath answer = ok(post("DELETE_FOLDER", idBased(top, 1)));
        long stamp = answer.getLong("eventTimestamp");
        assertEquals("Folder and its contents have been successfully deleted.", answer.getString("message"));

        JsonPath all = updates(0);
        for (long id : List.of(top, mid, leaf)) {
            assertNull(row(all, "folders", "id", id));
        }
        assertNotNull(row(all, "folders", "id", survivor));
        assertNull(row(all, "links", "id", linkTop));
        assertNull(row(all, "links", "id", linkLeaf));
        assertNotNull(row(all, "links", "id", linkElsewhere));
        assertNull(row(all, "panelFolders", "id", panelRow));
        assertNotNull(row(all, "panelFolders", "id", keptRow));

        List<Map<String, Object>> stones = tombstones(before).getList("findAll { it.deletedAt == " + stamp + " }");
        List<String> written = new ArrayList<>();
        for (Map<String, Object> stone : stones) {
            @SuppressWarnings("unchecked")
            Map<String, Object> payload = (Map<String, Object>) stone.get("payload");
            @SuppressWarnings("unchecked")
            Map<String, Object> correlation = (Map<String, Object>) payload.get("correlation");
            assertEquals(CORRELATION_ID, correlation.get("id"));
            assertEquals(stamp, ((Number) payload.get("eventTimestamp")).longValue());
            written.add(stone.get("operation") + ":" + payload.get("id"));
        }
        assertEquals(
                List.of(
                        "DELETE_FOLDER:" + top,
                        "DELETE_A_FOLDER_FROM_ALL_PANELS:" + top,
                        "DELETE_FOLDER:" + mid,
                        "DELETE_A_FOLDER_FROM_ALL_PANELS:" + mid,
                        "DELETE_FOLDER:" + leaf,
                        "DELETE_A_FOLDER_FROM_ALL_PANELS:" + leaf),
                written);

        EventLogProbe.Event event = events.single(mark);
        assertEquals("DELETE_FOLDER", event.operation());
        assertEquals(top, event.payload().get("id").asLong());
        assertEquals(Set.of("id", "correlation", "eventTimestamp"), keys(event.payload()));
    }

    @Test
    @DisplayName("C37 DELETE_FOLDER survives a parent loop and tombstones an unknown id")
    void deleteLoopAndUnknown() {
        long a = createFolder("loop a", null);
        long b = createFolder("loop b", a);
        ok(post("UPDATE_FOLDER", folderDto(a, "loop a", "n", b, false, now() + 100)));
        long before = now() - 1;
        ok(post("DELETE_FOLDER", idBased(a, 1)));
        JsonPath all = updates(0);
        assertNull(row(all, "folders", "id", a));
        assertNull(row(all, "folders", "id", b));
        ok(post("DELETE_FOLDER", idBased(123456789, 1)));
        assertNotNull(
                tombstones(before).getMap("find { it.operation == 'DELETE_FOLDER' && it.payload.id == 123456789 }"));
    }

    @Test
    @DisplayName("C38 GET_CHILD_FOLDERS answers the direct children only, archived included")
    void children() {
        long parent = createFolder("kids parent", null);
        long child = createFolder("kid", parent);
        long archived = createFolder("archived kid", parent, true);
        createFolder("grandchild", child);
        JsonPath answer = ok(post("GET_CHILD_FOLDERS", idBased(parent, 1)));
        assertEquals(List.of(child, archived), answer.getList("id", Long.class));
        assertEquals(
                Set.of("id", "name", "note", "parentFolderId", "isArchived", "eventTimestamp"),
                answer.getMap("[0]").keySet());
        assertEquals(true, answer.getBoolean("[1].isArchived"));
    }

    @Test
    @DisplayName("C39 GET_ROOT_FOLDERS answers root folders that are not archived")
    void roots() {
        long root = createFolder("a root", null);
        long archivedRoot = createFolder("archived root", null, true);
        long child = createFolder("not root", root);
        List<Long> ids = ok(app().get("/GET_ROOT_FOLDERS")).getList("id", Long.class);
        assertTrue(ids.contains(root));
        assertFalse(ids.contains(archivedRoot));
        assertFalse(ids.contains(child));
    }

    @Test
    @DisplayName(
            "C40 SEARCH_FOR_FOLDERS: text/plain term, case-insensitive; blank answers []; % and _ are literal; a JSON string body is its value")
    void search() {
        long f1b = createFolder("Zq1Searchb", null);
        long archived = createFolder("zq1searchARCHIVED", null, true);
        createFolder("other", null);
        JsonPath found =
                ok(app().contentType(ContentType.TEXT).body("zQ1search").post("/SEARCH_FOR_FOLDERS"));
        assertEquals(List.of(f1b, archived), found.getList("id", Long.class));
        assertEquals(
                List.of(),
                ok(app().contentType(ContentType.TEXT).body("   ").post("/SEARCH_FOR_FOLDERS"))
                        .getList("id"));
        assertEquals(
                List.of(),
                ok(app().contentType(ContentType.TEXT).body("%").post("/SEARCH_FOR_FOLDERS"))
                        .getList("id"));
        assertEquals(
                List.of(),
                ok(app().contentType(ContentType.TEXT).body("zq_search").post("/SEARCH_FOR_FOLDERS"))
                        .getList("id"));
        long percent = createFolder("100% done", null);
        assertEquals(
                List.of(percent),
                ok(app().contentType(ContentType.TEXT).body("0% d").post("/SEARCH_FOR_FOLDERS"))
                        .getList("id", Long.class));
        assertEquals(
                List.of(f1b, archived),
                ok(app().contentType(ContentType.JSON).body("\"zq1SEARCH\"").post("/SEARCH_FOR_FOLDERS"))
                        .getList("id", Long.class));
        // no body and no content type: blank term
        assertEquals(List.of(), ok(app().post("/SEARCH_FOR_FOLDERS")).getList("id"));
    }
}
