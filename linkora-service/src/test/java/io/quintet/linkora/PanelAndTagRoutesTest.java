package io.quintet.linkora;

import static io.quintet.linkora.FolderRoutesTest.keys;
import static io.quintet.linkora.LinkoraClient.app;
import static io.quintet.linkora.LinkoraClient.now;
import static io.quintet.linkora.LinkoraClient.post;
import static io.quintet.linkora.Requests.*;
import static org.junit.jupiter.api.Assertions.*;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Panels and tags, spec 7.4, 7.5 and checklist sections E and F. */
@QuarkusTest
class PanelAndTagRoutesTest {

    /** The operation names the app understands (spec 9.6). */
    static final Set<String> KNOWN_OPERATIONS = Set.of(
            "CREATE_FOLDER",
            "DELETE_FOLDER",
            "UPDATE_FOLDER",
            "MARK_FOLDER_AS_ARCHIVE",
            "MARK_AS_REGULAR_FOLDER",
            "CHANGE_PARENT_FOLDER",
            "UPDATE_FOLDER_NAME",
            "UPDATE_FOLDER_NOTE",
            "DELETE_FOLDER_NOTE",
            "MARK_FOLDERS_AS_ROOT",
            "ADD_A_NEW_PANEL",
            "ADD_A_NEW_FOLDER_IN_A_PANEL",
            "DELETE_A_PANEL",
            "UPDATE_A_PANEL_NAME",
            "DELETE_A_FOLDER_FROM_ALL_PANELS",
            "DELETE_A_FOLDER_FROM_A_PANEL",
            "UPDATE_LINK_TITLE",
            "UPDATE_LINK_NOTE",
            "CREATE_A_NEW_LINK",
            "DELETE_A_LINK",
            "UPDATE_LINKED_FOLDER_ID",
            "UPDATE_USER_AGENT",
            "GET_LINKS_FROM_A_FOLDER",
            "GET_LINKS",
            "ARCHIVE_LINK",
            "UNARCHIVE_LINK",
            "MARK_AS_IMP",
            "UNMARK_AS_IMP",
            "UPDATE_LINK",
            "DELETE_DUPLICATE_LINKS",
            "TEST_BEARER",
            "GET_UPDATES",
            "GET_TOMBSTONES",
            "DELETE_EVERYTHING",
            "ARCHIVE_MULTIPLE_ITEMS",
            "DELETE_MULTIPLE_ITEMS",
            "MOVE_EXISTING_ITEMS",
            "COPY_EXISTING_ITEMS",
            "UNARCHIVE_MULTIPLE_ITEMS",
            "CREATE_TAG",
            "DELETE_TAG",
            "RENAME_TAG",
            "FORCE_SET_DEFAULT_FOLDER_TO_INTERNAL_IDS");

    @Inject
    EventLogProbe events;

    static long number(Map<?, ?> row, String key) {
        return ((Number) row.get(key)).longValue();
    }

    @Test
    @DisplayName(
            "C59 ADD_A_NEW_PANEL {panelName, correlation} → NewItemResponse; event {panelId, panelName, correlation, eventTimestamp}")
    void addPanel() {
        long mark = events.mark();
        JsonPath answer = ok(post(
                "ADD_A_NEW_PANEL",
                "{\"panelName\":\"Work\",\"correlation\":" + CORRELATION + ",\"eventTimestamp\":5}"));
        long id = answer.getLong("id");
        assertEquals("New panel added with id : " + id, answer.getString("timeStampBasedResponse.message"));
        assertEquals(CORRELATION_ID, answer.getString("correlation.id"));
        EventLogProbe.Event event = events.single(mark);
        assertEquals("ADD_A_NEW_PANEL", event.operation());
        assertEquals(Set.of("panelId", "panelName", "correlation", "eventTimestamp"), keys(event.payload()));
        assertEquals(id, event.payload().get("panelId").asLong());
    }

    @Test
    @DisplayName(
            "C60 ADD_A_NEW_FOLDER_IN_A_PANEL → NewItemResponse with the row id; event with id, folderId, panelPosition, folderName, connectedPanelId")
    void addPanelFolder() {
        long panel = createPanel("P60");
        long mark = events.mark();
        JsonPath answer = ok(post(
                "ADD_A_NEW_FOLDER_IN_A_PANEL",
                "{\"folderId\":-45454,\"panelPosition\":3,\"folderName\":\"F\"," + "\"connectedPanelId\":" + panel + ","
                        + tail(1) + "}"));
        long id = answer.getLong("id");
        assertEquals(
                "New folder added in a panel (id : " + panel + ") with id : " + id,
                answer.getString("timeStampBasedResponse.message"));
        EventLogProbe.Event event = events.single(mark);
        assertEquals(
                Set.of(
                        "id",
                        "folderId",
                        "panelPosition",
                        "folderName",
                        "connectedPanelId",
                        "correlation",
                        "eventTimestamp"),
                keys(event.payload()));
        assertEquals(id, event.payload().get("id").asLong());
        Map<String, Object> row = row(updates(0), "panelFolders", "id", id);
        assertEquals(
                Set.of("id", "folderId", "panelPosition", "folderName", "connectedPanelId", "eventTimestamp"),
                row.keySet());
        assertEquals(-45454, number(row, "folderId"));
        assertEquals(3, number(row, "panelPosition"));
    }

    @Test
    @DisplayName("C61 UPDATE_A_PANEL_NAME {newName, panelId}; an older stamp is refused")
    void renamePanel() {
        long panel = createPanel("P61");
        long mark = events.mark();
        JsonPath answer = ok(post(
                "UPDATE_A_PANEL_NAME",
                "{\"newName\":\"Renamed\",\"panelId\":" + panel + "," + tail(now() + 100) + "}"));
        assertEquals("Updated panel name to Renamed (id : " + panel + ").", answer.getString("message"));
        assertEquals("Renamed", row(updates(0), "panels", "panelId", panel).get("panelName"));
        assertEquals(
                Set.of("newName", "panelId", "correlation", "eventTimestamp"),
                keys(events.single(mark).payload()));
        assertEquals(
                409,
                post("UPDATE_A_PANEL_NAME", "{\"newName\":\"Old\",\"panelId\":" + panel + "," + tail(1) + "}")
                        .statusCode());
        assertEquals("Renamed", row(updates(0), "panels", "panelId", panel).get("panelName"));
    }

    @Test
    @DisplayName("C62 DELETE_A_PANEL removes the panel and its rows; one DELETE_A_PANEL tombstone")
    void deletePanel() {
        long panel = createPanel("P62");
        long r1 = Requests.addPanelFolder(panel, 1, "a");
        long r2 = Requests.addPanelFolder(panel, 2, "b");
        long before = now() - 1;
        ok(post("DELETE_A_PANEL", idBased(panel, 1)));
        JsonPath all = updates(0);
        assertNull(row(all, "panels", "panelId", panel));
        assertNull(row(all, "panelFolders", "id", r1));
        assertNull(row(all, "panelFolders", "id", r2));
        List<Map<String, Object>> stones = tombstones(before).getList("findAll { it.payload.id == " + panel + " }");
        assertEquals(
                List.of("DELETE_A_PANEL"),
                stones.stream().map(s -> s.get("operation")).toList());
    }

    @Test
    @DisplayName(
            "C63 DELETE_A_FOLDER_FROM_ALL_PANELS (id = folder) removes that folder's rows in every panel; tombstone")
    void deleteFolderFromAllPanels() {
        long p1 = createPanel("P63a");
        long p2 = createPanel("P63b");
        long folder = createFolder("f63", null);
        long r1 = Requests.addPanelFolder(p1, folder, "f63");
        long r2 = Requests.addPanelFolder(p2, folder, "f63");
        long other = Requests.addPanelFolder(p2, folder + 1000, "x");
        long before = now() - 1;
        long mark = events.mark();
        ok(post("DELETE_A_FOLDER_FROM_ALL_PANELS", idBased(folder, 1)));
        JsonPath all = updates(0);
        assertNull(row(all, "panelFolders", "id", r1));
        assertNull(row(all, "panelFolders", "id", r2));
        assertNotNull(row(all, "panelFolders", "id", other));
        assertNotNull(tombstones(before)
                .getMap("find { it.operation == 'DELETE_A_FOLDER_FROM_ALL_PANELS' && it.payload.id == " + folder
                        + " }"));
        assertEquals("DELETE_A_FOLDER_FROM_ALL_PANELS", events.single(mark).operation());
    }

    @Test
    @DisplayName(
            "C64 DELETE_A_FOLDER_FROM_A_PANEL accepts folderID, removes only that panel's row; tombstone payload keeps folderID")
    void deleteFolderFromPanel() {
        long p1 = createPanel("P64a");
        long p2 = createPanel("P64b");
        long folder = createFolder("f64", null);
        long r1 = Requests.addPanelFolder(p1, folder, "f64");
        long r2 = Requests.addPanelFolder(p2, folder, "f64");
        long before = now() - 1;
        JsonPath answer = ok(post(
                "DELETE_A_FOLDER_FROM_A_PANEL",
                "{\"panelId\":" + p1 + ",\"folderID\":" + folder + "," + tail(1) + "}"));
        assertEquals(
                "Deleted the folder with id " + folder + " from a panel with id " + p1 + ".",
                answer.getString("message"));
        JsonPath all = updates(0);
        assertNull(row(all, "panelFolders", "id", r1));
        assertNotNull(row(all, "panelFolders", "id", r2));
        Map<String, Object> stone = tombstones(before)
                .getMap("find { it.operation == 'DELETE_A_FOLDER_FROM_A_PANEL' && it.payload.panelId == " + p1 + " }");
        assertEquals(
                Set.of("panelId", "folderID", "correlation", "eventTimestamp"),
                ((Map<?, ?>) stone.get("payload")).keySet());
        assertEquals(folder, number((Map<?, ?>) stone.get("payload"), "folderID"));
    }

    @Test
    @DisplayName(
            "C65 DELETE_ALL_FOLDERS_FROM_A_PANEL removes the panel's rows and records/broadcasts only operation names of 9.6 (D12)")
    void deleteAllFoldersFromPanel() {
        long panel = createPanel("P65");
        long r1 = Requests.addPanelFolder(panel, 11, "a");
        long r2 = Requests.addPanelFolder(panel, 12, "b");
        long before = now() - 1;
        long mark = events.mark();
        ok(post("DELETE_ALL_FOLDERS_FROM_A_PANEL", idBased(panel, 1)));
        JsonPath all = updates(0);
        assertNull(row(all, "panelFolders", "id", r1));
        assertNull(row(all, "panelFolders", "id", r2));
        assertNotNull(row(all, "panels", "panelId", panel));
        List<EventLogProbe.Event> sent = events.since(mark);
        assertEquals(2, sent.size());
        for (EventLogProbe.Event event : sent) {
            assertEquals("DELETE_A_FOLDER_FROM_A_PANEL", event.operation());
            assertEquals(panel, event.payload().get("panelId").asLong());
        }
        assertEquals(
                Set.of(11L, 12L),
                Set.of(
                        sent.get(0).payload().get("folderID").asLong(),
                        sent.get(1).payload().get("folderID").asLong()));
        List<String> operations = tombstones(before).getList("operation");
        assertTrue(KNOWN_OPERATIONS.containsAll(operations), operations::toString);
        assertFalse(operations.contains("DELETE_ALL_FOLDERS_FROM_A_PANEL"));
    }

    @Test
    @DisplayName("C66 the panel read model uses panelId, not id")
    void panelReadModel() {
        long panel = createPanel("P66");
        Map<String, Object> row = row(updates(0), "panels", "panelId", panel);
        assertEquals(Set.of("panelId", "panelName", "eventTimestamp"), row.keySet());
    }

    @Test
    @DisplayName("C67 CREATE_TAG → NewItemResponse; event {id, name, eventTimestamp, correlation}")
    void createTag() {
        long mark = events.mark();
        JsonPath answer = ok(post("CREATE_TAG", "{\"name\":\"t67\"," + tail(1) + "}"));
        long id = answer.getLong("id");
        assertEquals(
                "Tag created successfully with the id = " + id, answer.getString("timeStampBasedResponse.message"));
        EventLogProbe.Event event = events.single(mark);
        assertEquals("CREATE_TAG", event.operation());
        assertEquals(Set.of("id", "name", "eventTimestamp", "correlation"), keys(event.payload()));
    }

    @Test
    @DisplayName("C68 RENAME_TAG {id, newName}; an older stamp is refused")
    void renameTag() {
        long tag = Requests.createTag("t68");
        long mark = events.mark();
        JsonPath answer = ok(post("RENAME_TAG", "{\"id\":" + tag + ",\"newName\":\"t68b\"," + tail(now() + 100) + "}"));
        assertEquals("Tag renamed to t68b", answer.getString("message"));
        assertEquals("t68b", row(updates(0), "tags", "id", tag).get("name"));
        assertEquals(
                Set.of("id", "newName", "eventTimestamp", "correlation"),
                keys(events.single(mark).payload()));
        assertEquals(
                409,
                post("RENAME_TAG", "{\"id\":" + tag + ",\"newName\":\"old\"," + tail(1) + "}")
                        .statusCode());
    }

    @Test
    @DisplayName("C69 DELETE_TAG → tombstone; its pairs vanish from links in GET_UPDATES")
    void deleteTag() {
        long tag = Requests.createTag("t69");
        long keep = Requests.createTag("t69 keep");
        long link = createLink("SAVED_LINK", "https://c69.example", null, "[" + tag + "," + keep + "]");
        long before = now() - 1;
        JsonPath answer = ok(post("DELETE_TAG", idBased(tag, 1)));
        assertEquals("Tag has been deleted.", answer.getString("message"));
        JsonPath all = updates(0);
        assertNull(row(all, "tags", "id", tag));
        List<Map<String, Object>> pairs =
                (List<Map<String, Object>>) row(all, "links", "id", link).get("linkTags");
        assertEquals(List.of(keep), pairs.stream().map(p -> number(p, "tagId")).toList());
        assertNotNull(
                tombstones(before).getMap("find { it.operation == 'DELETE_TAG' && it.payload.id == " + tag + " }"));
    }

    @Test
    @DisplayName("C70 C71 GET_TAGS answers all tags; duplicate names are allowed")
    void allTags() {
        long a = Requests.createTag("same name");
        long b = Requests.createTag("same name");
        JsonPath answer = ok(app().get("/GET_TAGS"));
        List<Long> ids = answer.getList("id", Long.class);
        assertTrue(ids.contains(a) && ids.contains(b));
        assertEquals(
                Set.of("id", "name", "eventTimestamp"), answer.getMap("[0]").keySet());
    }
}
