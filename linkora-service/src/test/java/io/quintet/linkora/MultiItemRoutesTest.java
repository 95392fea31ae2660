package io.quintet.linkora;

import static io.quintet.linkora.FolderRoutesTest.keys;
import static io.quintet.linkora.LinkoraClient.awaitNextSecond;
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

/** Multi-item actions, spec 7.6 and checklist section G. */
@QuarkusTest
class MultiItemRoutesTest {

    @Inject
    EventLogProbe events;

    static long number(Map<?, ?> row, String key) {
        return ((Number) row.get(key)).longValue();
    }

    static String multi(List<Long> links, List<Long> folders, long stamp) {
        return "{\"linkIds\":" + links + ",\"folderIds\":" + folders + "," + tail(stamp) + "}";
    }

    static String copyRef(long local, long parentLocal, long source, boolean root) {
        return "{\"newlyCopiedLocalId\":" + local + ",\"parentOfNewlyCopiedLocalId\":" + parentLocal
                + ",\"sourceRemoteId\":" + source + ",\"sourceRemoteParentId\":null,\"isRootFolderForTheDestination\":"
                + root + "}";
    }

    @Test
    @DisplayName(
            "C72 ARCHIVE_MULTIPLE_ITEMS archives the listed links and folders; empty lists answer 200; event echoes")
    void archiveMultiple() {
        long folder = createFolder("to archive", null);
        long home = createFolder("home", null);
        long link = createLink("FOLDER_LINK", "https://c72.example", home, "[]");
        long mark = events.mark();
        JsonPath answer = ok(post("ARCHIVE_MULTIPLE_ITEMS", multi(List.of(link), List.of(folder), now() + 100)));
        assertEquals("Archived 2 items.", answer.getString("message"));
        JsonPath all = updates(0);
        assertEquals(true, row(all, "folders", "id", folder).get("isArchived"));
        Map<String, Object> archived = row(all, "links", "id", link);
        assertEquals("ARCHIVE_LINK", archived.get("linkType"));
        assertEquals(-4, number(archived, "idOfLinkedFolder"));
        EventLogProbe.Event event = events.single(mark);
        assertEquals("ARCHIVE_MULTIPLE_ITEMS", event.operation());
        assertEquals(Set.of("linkIds", "folderIds", "eventTimestamp", "correlation"), keys(event.payload()));
        assertEquals(
                answer.getLong("eventTimestamp"),
                event.payload().get("eventTimestamp").asLong());
        ok(post("ARCHIVE_MULTIPLE_ITEMS", multi(List.of(), List.of(), 1)));
    }

    @Test
    @DisplayName(
            "C73 ARCHIVE_MULTIPLE_ITEMS is refused when any listed row is newer than the request (D4), nothing changes")
    void archiveMultipleRefused() {
        long older = createFolder("older", null);
        long link = createLink("SAVED_LINK", "https://c73.example", null, "[]");
        long stamp = number(row(updates(0), "links", "id", link), "eventTimestamp");
        long mark = events.mark();
        // the link is listed first and is newer: the reference, checking only the last element, would pass
        assertEquals(
                409,
                post(
                                "ARCHIVE_MULTIPLE_ITEMS",
                                "{\"linkIds\":[" + link + "],\"folderIds\":[" + older + ",999999]," + tail(stamp - 1)
                                        + "}")
                        .statusCode());
        assertEquals("SAVED_LINK", row(updates(0), "links", "id", link).get("linkType"));
        assertEquals(false, row(updates(0), "folders", "id", older).get("isArchived"));
        assertTrue(events.since(mark).isEmpty());
    }

    @Test
    @DisplayName(
            "C74 DELETE_MULTIPLE_ITEMS deletes subtrees (per-folder tombstones, no per-folder events) and links; one DELETE_MULTIPLE_ITEMS tombstone and one event")
    void deleteMultiple() {
        long top = createFolder("dm top", null);
        long child = createFolder("dm child", top);
        long inChild = createLink("FOLDER_LINK", "https://c74.example/in", child, "[]");
        long loose = createLink("SAVED_LINK", "https://c74.example/loose", null, "[]");
        awaitNextSecond();
        long before = now() - 1;
        long mark = events.mark();
        long stamp = ok(post("DELETE_MULTIPLE_ITEMS", multi(List.of(loose), List.of(top), 1)))
                .getLong("eventTimestamp");
        JsonPath all = updates(0);
        assertNull(row(all, "folders", "id", top));
        assertNull(row(all, "folders", "id", child));
        assertNull(row(all, "links", "id", inChild));
        assertNull(row(all, "links", "id", loose));
        List<String> operations = tombstones(before).getList("findAll { it.deletedAt == " + stamp + " }.operation");
        assertEquals(
                List.of(
                        "DELETE_FOLDER",
                        "DELETE_A_FOLDER_FROM_ALL_PANELS",
                        "DELETE_FOLDER",
                        "DELETE_A_FOLDER_FROM_ALL_PANELS",
                        "DELETE_MULTIPLE_ITEMS"),
                operations);
        Map<String, Object> stone = tombstones(before)
                .getMap("find { it.operation == 'DELETE_MULTIPLE_ITEMS' && it.deletedAt == " + stamp + " }");
        Map<?, ?> payload = (Map<?, ?>) stone.get("payload");
        assertEquals(Set.of("linkIds", "folderIds", "eventTimestamp", "correlation"), payload.keySet());
        assertEquals(stamp, number(payload, "eventTimestamp"));
        EventLogProbe.Event event = events.single(mark);
        assertEquals("DELETE_MULTIPLE_ITEMS", event.operation());
    }

    @Test
    @DisplayName("C75 MOVE_EXISTING_ITEMS sets link folder and type and folder parent; event echoes")
    void move() {
        long target = createFolder("target", null);
        long moved = createFolder("moved", null);
        long link = createLink("SAVED_LINK", "https://c75.example", null, "[]");
        long mark = events.mark();
        ok(post(
                "MOVE_EXISTING_ITEMS",
                "{\"folderIds\":[" + moved + "],\"linkIds\":[" + link + "],\"linkType\":\"FOLDER_LINK\","
                        + "\"newParentFolderId\":" + target + "," + tail(now() + 100) + "}"));
        JsonPath all = updates(0);
        assertEquals(target, number(row(all, "folders", "id", moved), "parentFolderId"));
        Map<String, Object> row = row(all, "links", "id", link);
        assertEquals("FOLDER_LINK", row.get("linkType"));
        assertEquals(target, number(row, "idOfLinkedFolder"));
        EventLogProbe.Event event = events.single(mark);
        assertEquals(
                Set.of("folderIds", "linkIds", "linkType", "newParentFolderId", "correlation", "eventTimestamp"),
                keys(event.payload()));
        assertEquals(
                409,
                post(
                                "MOVE_EXISTING_ITEMS",
                                "{\"folderIds\":[" + moved + "],\"linkIds\":[],\"linkType\":\"FOLDER_LINK\","
                                        + "\"newParentFolderId\":1," + tail(1) + "}")
                        .statusCode());
    }

    @Test
    @DisplayName("C76 UNARCHIVE_MULTIPLE_ITEMS accepts foldersIds; folders regular again, links SAVED_LINK")
    void unarchiveMultiple() {
        long folder = createFolder("unarch", null, true);
        long link = createLink("ARCHIVE_LINK", "https://c76.example", null, "[]");
        long mark = events.mark();
        JsonPath answer = ok(post(
                "UNARCHIVE_MULTIPLE_ITEMS",
                "{\"foldersIds\":[" + folder + "],\"linkIds\":[" + link + "]," + tail(now() + 100) + "}"));
        assertEquals("Unarchived 1 items.", answer.getString("message"));
        JsonPath all = updates(0);
        assertEquals(false, row(all, "folders", "id", folder).get("isArchived"));
        assertEquals("SAVED_LINK", row(all, "links", "id", link).get("linkType"));
        assertEquals(-2, number(row(all, "links", "id", link), "idOfLinkedFolder"));
        assertEquals(
                Set.of("foldersIds", "linkIds", "eventTimestamp", "correlation"),
                keys(events.single(mark).payload()));
        assertEquals(
                400,
                post("UNARCHIVE_MULTIPLE_ITEMS", "{\"folderIds\":[],\"linkIds\":[]," + tail(1) + "}")
                        .statusCode());
    }

    @Test
    @DisplayName(
            "C77 C79 C80 COPY_EXISTING_ITEMS loose links: new link in the destination with linkType, tags copied; linkIds {local: new}; stamps ≥ T; event {eventTimestamp, correlation}")
    void copyLooseLinks() {
        long tag = createTag("copy tag");
        long destination = createFolder("copy destination", null);
        long source = createLink("SAVED_LINK", "https://c77.example", null, "[" + tag + "]");
        long mark = events.mark();
        JsonPath answer = ok(post(
                "COPY_EXISTING_ITEMS",
                "{\"folders\":[],\"linkIds\":{\"301\":" + source + "},\"linkType\":\"FOLDER_LINK\","
                        + "\"newParentFolderId\":" + destination + "," + tail(1) + "}"));
        long stamp = answer.getLong("eventTimestamp");
        long copy = answer.getLong("linkIds.'301'");
        assertNotEquals(source, copy);
        assertEquals(CORRELATION_ID, answer.getString("correlation.id"));
        Map<String, Object> row = row(updates(stamp - 1), "links", "id", copy);
        assertEquals("FOLDER_LINK", row.get("linkType"));
        assertEquals(destination, number(row, "idOfLinkedFolder"));
        assertEquals("https://c77.example", row.get("url"));
        assertTrue(number(row, "eventTimestamp") >= stamp);
        List<Map<String, Object>> pairs = (List<Map<String, Object>>) row.get("linkTags");
        assertEquals(List.of(tag), pairs.stream().map(p -> number(p, "tagId")).toList());
        Map<String, Object> pair = updates(stamp - 1).getMap("linkTags.find { it.linkId == " + copy + " }");
        assertTrue(number(pair, "eventTimestamp") >= stamp);
        EventLogProbe.Event event = events.single(mark);
        assertEquals("COPY_EXISTING_ITEMS", event.operation());
        assertEquals(Set.of("eventTimestamp", "correlation"), keys(event.payload()));
        assertEquals(stamp, event.payload().get("eventTimestamp").asLong());
    }

    @Test
    @DisplayName(
            "C78 C79 C81 COPY_EXISTING_ITEMS nested folders (parent first): new tree, sourceRemoteId = new id, FOLDER_LINK copies; unknown sources omitted")
    void copyTree() {
        long destination = createFolder("tree destination", null);
        long root = createFolder("tree root", null);
        long child = createFolder("tree child", root);
        long rootLink = createLink("FOLDER_LINK", "https://c78.example/r", root, "[]");
        long childLink = createLink("FOLDER_LINK", "https://c78.example/c", child, "[]");
        String body = "{\"folders\":["
                + "{\"currentFolder\":" + copyRef(101, -45454, root, true) + ",\"links\":["
                + copyRef(201, -45454, rootLink, false) + "]},"
                + "{\"currentFolder\":" + copyRef(102, 101, child, false) + ",\"links\":["
                + copyRef(202, -45454, childLink, false) + ","
                + copyRef(203, -45454, 88888888, false) + "]},"
                + "{\"currentFolder\":" + copyRef(103, 101, 77777777, false) + ",\"links\":["
                + copyRef(204, -45454, rootLink, false) + "]}"
                + "],\"linkIds\":{\"999\":66666666},\"linkType\":\"SAVED_LINK\",\"newParentFolderId\":" + destination
                + "," + tail(1) + "}";
        JsonPath answer = ok(post("COPY_EXISTING_ITEMS", body));
        long stamp = answer.getLong("eventTimestamp");
        assertEquals(2, answer.getList("folders").size());
        assertEquals(Map.of(), answer.getMap("linkIds"));
        assertEquals(101, answer.getLong("folders[0].currentFolder.newlyCopiedLocalId"));
        assertEquals(102, answer.getLong("folders[1].currentFolder.newlyCopiedLocalId"));
        long newRoot = answer.getLong("folders[0].currentFolder.sourceRemoteId");
        long newChild = answer.getLong("folders[1].currentFolder.sourceRemoteId");
        assertEquals(
                Set.of(
                        "newlyCopiedLocalId",
                        "parentOfNewlyCopiedLocalId",
                        "sourceRemoteId",
                        "sourceRemoteParentId",
                        "isRootFolderForTheDestination"),
                answer.getMap("folders[0].currentFolder").keySet());
        assertEquals(201, answer.getLong("folders[0].links[0].newlyCopiedLocalId"));
        long newRootLink = answer.getLong("folders[0].links[0].sourceRemoteId");
        assertEquals(List.of(202), answer.getList("folders[1].links.newlyCopiedLocalId"));
        long newChildLink = answer.getLong("folders[1].links[0].sourceRemoteId");

        JsonPath copied = updates(stamp - 1);
        Map<String, Object> rootRow = row(copied, "folders", "id", newRoot);
        assertEquals(destination, number(rootRow, "parentFolderId"));
        assertEquals("tree root", rootRow.get("name"));
        assertEquals(newRoot, number(row(copied, "folders", "id", newChild), "parentFolderId"));
        Map<String, Object> l1 = row(copied, "links", "id", newRootLink);
        assertEquals(newRoot, number(l1, "idOfLinkedFolder"));
        assertEquals("FOLDER_LINK", l1.get("linkType"));
        assertEquals(newChild, number(row(copied, "links", "id", newChildLink), "idOfLinkedFolder"));
        for (long id : List.of(newRoot, newChild)) {
            assertTrue(number(row(copied, "folders", "id", id), "eventTimestamp") >= stamp);
        }
    }

    @Test
    @DisplayName("C82 multi-item routes with unknown ids answer 200")
    void unknownIds() {
        List<Long> ghosts = List.of(91919191L, 92929292L);
        ok(post("ARCHIVE_MULTIPLE_ITEMS", multi(ghosts, ghosts, 1)));
        ok(post("DELETE_MULTIPLE_ITEMS", multi(ghosts, ghosts, 1)));
        ok(post(
                "MOVE_EXISTING_ITEMS",
                "{\"folderIds\":" + ghosts + ",\"linkIds\":" + ghosts + ",\"linkType\":\"SAVED_LINK\","
                        + "\"newParentFolderId\":-2," + tail(1) + "}"));
        ok(post(
                "UNARCHIVE_MULTIPLE_ITEMS",
                "{\"foldersIds\":" + ghosts + ",\"linkIds\":" + ghosts + "," + tail(1) + "}"));
    }
}
