package io.quintet.linkora;

import static io.quintet.linkora.FolderRoutesTest.keys;
import static io.quintet.linkora.LinkoraClient.app;
import static io.quintet.linkora.LinkoraClient.now;
import static io.quintet.linkora.LinkoraClient.post;
import static io.quintet.linkora.Requests.*;
import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Link routes, spec 7.3 and checklist section D. */
@QuarkusTest
class LinkRoutesTest {

    static final Set<String> LINK_EVENT_KEYS = Set.of(
            "id",
            "linkType",
            "title",
            "url",
            "baseURL",
            "imgURL",
            "note",
            "idOfLinkedFolder",
            "userAgent",
            "markedAsImportant",
            "mediaType",
            "correlation",
            "linkTags",
            "eventTimestamp");

    @Inject
    EventLogProbe events;

    static Map<String, Object> link(long id) {
        return row(updates(0), "links", "id", id);
    }

    static long number(Map<String, Object> row, String key) {
        return ((Number) row.get(key)).longValue();
    }

    static String linkDto(long id, String type, String title, Long folder, String linkTags, long stamp) {
        return "{\"id\":" + id + ",\"linkType\":\"" + type + "\",\"title\":" + q(title)
                + ",\"url\":\"https://u.example/x\","
                + "\"baseURL\":\"u.example\",\"imgURL\":\"https://u.example/i.png\",\"note\":\"nn\",\"idOfLinkedFolder\":"
                + folder
                + ",\"userAgent\":\"UA/1\",\"markedAsImportant\":true,\"mediaType\":\"VIDEO\",\"linkTags\":" + linkTags
                + "," + tail(stamp) + "}";
    }

    @Test
    @DisplayName(
            "C41 CREATE_A_NEW_LINK FOLDER_LINK with tags:[t] → 200; event payload has linkTags [{linkId:new, tagId:t}]")
    void createWithTag() {
        long tag = createTag("t41");
        long folder = createFolder("links here", null);
        long mark = events.mark();
        JsonPath answer = ok(post(
                "CREATE_A_NEW_LINK", linkBody("FOLDER_LINK", "T", "https://c41.example", folder, "[" + tag + "]")));
        long id = answer.getLong("id");
        assertEquals(
                "Link created successfully for FOLDER_LINK with id = " + id + ".",
                answer.getString("timeStampBasedResponse.message"));
        EventLogProbe.Event event = events.single(mark);
        assertEquals("CREATE_A_NEW_LINK", event.operation());
        assertEquals(LINK_EVENT_KEYS, keys(event.payload()));
        JsonNode pairs = event.payload().get("linkTags");
        assertEquals(1, pairs.size());
        assertEquals(id, pairs.get(0).get("linkId").asLong());
        assertEquals(tag, pairs.get(0).get("tagId").asLong());
        assertEquals(folder, event.payload().get("idOfLinkedFolder").asLong());
        assertEquals(
                answer.getLong("timeStampBasedResponse.eventTimestamp"),
                event.payload().get("eventTimestamp").asLong());
        List<Map<String, Object>> stored = (List<Map<String, Object>>) link(id).get("linkTags");
        assertEquals(1, stored.size());
        assertEquals(tag, number(stored.get(0), "tagId"));
    }

    @Test
    @DisplayName("C42 default-folder stamping on create: SAVED -2, IMPORTANT -3, HISTORY -5, ARCHIVE -4")
    void defaultFolders() {
        assertEquals(
                -2, number(link(createLink("SAVED_LINK", "https://c42.example/s", null, "[]")), "idOfLinkedFolder"));
        assertEquals(
                -3, number(link(createLink("IMPORTANT_LINK", "https://c42.example/i", 77L, "[]")), "idOfLinkedFolder"));
        assertEquals(
                -5, number(link(createLink("HISTORY_LINK", "https://c42.example/h", null, "[]")), "idOfLinkedFolder"));
        assertEquals(
                -4, number(link(createLink("ARCHIVE_LINK", "https://c42.example/a", 5L, "[]")), "idOfLinkedFolder"));
        long mark = events.mark();
        createLink("SAVED_LINK", "https://c42.example/s2", 12L, "[]");
        assertEquals(-2, events.single(mark).payload().get("idOfLinkedFolder").asLong());
    }

    @Test
    @DisplayName("C43 title null is stored as \"\"")
    void nullTitle() {
        long id = ok(post("CREATE_A_NEW_LINK", linkBody("SAVED_LINK", null, "https://c43.example", null, "[]")))
                .getLong("id");
        assertEquals("", link(id).get("title"));
    }

    @Test
    @DisplayName(
            "C44 a second HISTORY_LINK with the same URL replaces the older row: DELETE_A_LINK tombstone, one CREATE_A_NEW_LINK event")
    void historyReplacement() {
        long before = now() - 1;
        long old = createLink("HISTORY_LINK", "https://c44.example/same", null, "[]");
        long otherUrl = createLink("HISTORY_LINK", "https://c44.example/other", null, "[]");
        long savedSameUrl = createLink("SAVED_LINK", "https://c44.example/same", null, "[]");
        long mark = events.mark();
        long fresh = createLink("HISTORY_LINK", "https://c44.example/same", null, "[]");
        JsonPath all = updates(0);
        assertNull(row(all, "links", "id", old));
        assertNotNull(row(all, "links", "id", fresh));
        assertNotNull(row(all, "links", "id", otherUrl));
        assertNotNull(row(all, "links", "id", savedSameUrl));
        Map<String, Object> stone =
                tombstones(before).getMap("find { it.operation == 'DELETE_A_LINK' && it.payload.id == " + old + " }");
        assertNotNull(stone);
        assertEquals(Set.of("id", "correlation", "eventTimestamp"), ((Map<?, ?>) stone.get("payload")).keySet());
        List<EventLogProbe.Event> sent = events.since(mark);
        assertEquals(
                List.of("CREATE_A_NEW_LINK"),
                sent.stream().map(EventLogProbe.Event::operation).toList());
    }

    @Test
    @DisplayName("C45 an unknown tag id in tags answers 200 and pairs nothing (D18)")
    void unknownTag() {
        long tag = createTag("t45");
        long id = createLink("SAVED_LINK", "https://c45.example", null, "[987654, " + tag + ", " + tag + "]");
        List<Map<String, Object>> stored = (List<Map<String, Object>>) link(id).get("linkTags");
        assertEquals(1, stored.size());
        assertEquals(tag, number(stored.get(0), "tagId"));
    }

    @Test
    @DisplayName("C46 DELETE_A_LINK: tombstone and event, its pairs disappear, an unknown id answers 200")
    void deleteLink() {
        long tag = createTag("t46");
        long id = createLink("SAVED_LINK", "https://c46.example", null, "[" + tag + "]");
        long before = now() - 1;
        long mark = events.mark();
        JsonPath answer = ok(post("DELETE_A_LINK", idBased(id, 1)));
        assertEquals("Link deleted successfully.", answer.getString("message"));
        assertNull(link(id));
        assertNull(row(updates(0), "linkTags", "linkId", id));
        assertNotNull(
                tombstones(before).getMap("find { it.operation == 'DELETE_A_LINK' && it.payload.id == " + id + " }"));
        EventLogProbe.Event event = events.single(mark);
        assertEquals("DELETE_A_LINK", event.operation());
        assertEquals(id, event.payload().get("id").asLong());
        ok(post("DELETE_A_LINK", idBased(55555555, 1)));
    }

    @Test
    @DisplayName("C47 UPDATE_LINK_TITLE and UPDATE_LINK_NOTE change their field; an older stamp is refused")
    void titleAndNote() {
        long id = createLink("SAVED_LINK", "https://c47.example", null, "[]");
        long mark = events.mark();
        JsonPath title = ok(post(
                "UPDATE_LINK_TITLE",
                "{\"linkId\":" + id + ",\"newTitleOfTheLink\":\"New T\"," + tail(now() + 100) + "}"));
        assertEquals("Title was updated successfully.", title.getString("message"));
        ok(post("UPDATE_LINK_NOTE", "{\"linkId\":" + id + ",\"newNote\":\"New N\"," + tail(now() + 100) + "}"));
        Map<String, Object> row = link(id);
        assertEquals("New T", row.get("title"));
        assertEquals("New N", row.get("note"));
        List<EventLogProbe.Event> sent = events.since(mark);
        assertEquals(
                Set.of("linkId", "newTitleOfTheLink", "correlation", "eventTimestamp"),
                keys(sent.get(0).payload()));
        assertEquals(
                Set.of("linkId", "newNote", "correlation", "eventTimestamp"),
                keys(sent.get(1).payload()));
        assertEquals(
                409,
                post("UPDATE_LINK_TITLE", "{\"linkId\":" + id + ",\"newTitleOfTheLink\":\"old\"," + tail(1) + "}")
                        .statusCode());
        assertEquals(
                409,
                post("UPDATE_LINK_NOTE", "{\"linkId\":" + id + ",\"newNote\":\"old\"," + tail(1) + "}")
                        .statusCode());
        assertEquals("New T", link(id).get("title"));
    }

    @Test
    @DisplayName("C48 ARCHIVE_LINK → ARCHIVE_LINK with -4; UNARCHIVE_LINK → SAVED_LINK with -2")
    void archiveLink() {
        long folder = createFolder("arch", null);
        long id = createLink("FOLDER_LINK", "https://c48.example", folder, "[]");
        long mark = events.mark();
        ok(post("ARCHIVE_LINK", idBased(id, now() + 100)));
        assertEquals("ARCHIVE_LINK", link(id).get("linkType"));
        assertEquals(-4, number(link(id), "idOfLinkedFolder"));
        ok(post("UNARCHIVE_LINK", idBased(id, now() + 100)));
        assertEquals("SAVED_LINK", link(id).get("linkType"));
        assertEquals(-2, number(link(id), "idOfLinkedFolder"));
        assertEquals(
                List.of("ARCHIVE_LINK", "UNARCHIVE_LINK"),
                events.since(mark).stream().map(EventLogProbe.Event::operation).toList());
        assertEquals(409, post("ARCHIVE_LINK", idBased(id, 1)).statusCode());
    }

    @Test
    @DisplayName("C49 MARK_AS_IMP / UNMARK_AS_IMP toggle markedAsImportant only")
    void important() {
        long id = createLink("SAVED_LINK", "https://c49.example", null, "[]");
        ok(post("MARK_AS_IMP", idBased(id, now() + 100)));
        Map<String, Object> row = link(id);
        assertEquals(true, row.get("markedAsImportant"));
        assertEquals("SAVED_LINK", row.get("linkType"));
        assertEquals(-2, number(row, "idOfLinkedFolder"));
        ok(post("UNMARK_AS_IMP", idBased(id, now() + 100)));
        assertEquals(false, link(id).get("markedAsImportant"));
    }

    @Test
    @DisplayName(
            "C50 UPDATE_LINK replaces every field and reconciles pairs; event echoes the request with the server stamp")
    void updateLink() {
        long t1 = createTag("t50a");
        long t2 = createTag("t50b");
        long t3 = createTag("t50c");
        long folder = createFolder("f50", null);
        long id = createLink("SAVED_LINK", "https://c50.example", null, "[" + t1 + "," + t2 + "]");
        long mark = events.mark();
        String pairs = "[{\"linkId\":" + id + ",\"tagId\":" + t2 + "},{\"linkId\":" + id + ",\"tagId\":" + t3 + "},"
                + "{\"linkId\":" + id + ",\"tagId\":999999}]";
        JsonPath answer = ok(post("UPDATE_LINK", linkDto(id, "FOLDER_LINK", "new title", folder, pairs, now() + 100)));
        assertEquals("Updated the link (id : " + id + ") successfully.", answer.getString("message"));
        long stamp = answer.getLong("eventTimestamp");
        Map<String, Object> row = link(id);
        assertEquals("FOLDER_LINK", row.get("linkType"));
        assertEquals("new title", row.get("title"));
        assertEquals("https://u.example/x", row.get("url"));
        assertEquals("u.example", row.get("baseURL"));
        assertEquals("https://u.example/i.png", row.get("imgURL"));
        assertEquals("nn", row.get("note"));
        assertEquals(folder, number(row, "idOfLinkedFolder"));
        assertEquals("UA/1", row.get("userAgent"));
        assertEquals(true, row.get("markedAsImportant"));
        assertEquals("VIDEO", row.get("mediaType"));
        assertEquals(stamp, number(row, "eventTimestamp"));
        List<Map<String, Object>> stored = (List<Map<String, Object>>) row.get("linkTags");
        assertEquals(
                List.of(t2, t3), stored.stream().map(p -> number(p, "tagId")).toList());
        EventLogProbe.Event event = events.single(mark);
        assertEquals("UPDATE_LINK", event.operation());
        assertEquals(LINK_EVENT_KEYS, keys(event.payload()));
        assertEquals(stamp, event.payload().get("eventTimestamp").asLong());
        assertEquals(3, event.payload().get("linkTags").size());
        assertEquals(
                409,
                post("UPDATE_LINK", linkDto(id, "FOLDER_LINK", "stale", folder, "[]", 1))
                        .statusCode());
        assertEquals("new title", link(id).get("title"));
    }

    @Test
    @DisplayName("C51 UPDATE_LINK to SAVED_LINK with idOfLinkedFolder 99 stores -2 (the event keeps the client's 99)")
    void updateLinkStamps() {
        long id = createLink("SAVED_LINK", "https://c51.example", null, "[]");
        long mark = events.mark();
        ok(post("UPDATE_LINK", linkDto(id, "SAVED_LINK", "t", 99L, "[]", now() + 100)));
        assertEquals(-2, number(link(id), "idOfLinkedFolder"));
        assertEquals(99, events.single(mark).payload().get("idOfLinkedFolder").asLong());
    }

    @Test
    @DisplayName("C52 UPDATE_LINKED_FOLDER_ID stores newParentFolderId (D1) only when the stored type matches")
    void updateLinkedFolder() {
        long id = createLink("FOLDER_LINK", "https://c52.example", 1L, "[]");
        long mark = events.mark();
        JsonPath answer = ok(post(
                "UPDATE_LINKED_FOLDER_ID",
                "{\"linkType\":\"FOLDER_LINK\",\"linkId\":" + id + ",\"newParentFolderId\":4242," + tail(now() + 100)
                        + "}"));
        assertEquals("idOfLinkedFolder Updated Successfully.", answer.getString("message"));
        assertEquals(4242, number(link(id), "idOfLinkedFolder"));
        assertEquals(
                Set.of("linkType", "linkId", "newParentFolderId", "correlation", "eventTimestamp"),
                keys(events.single(mark).payload()));
        ok(post(
                "UPDATE_LINKED_FOLDER_ID",
                "{\"linkType\":\"SAVED_LINK\",\"linkId\":" + id + ",\"newParentFolderId\":7," + tail(now() + 100)
                        + "}"));
        assertEquals(4242, number(link(id), "idOfLinkedFolder"));
    }

    @Test
    @DisplayName("C53 UPDATE_USER_AGENT stores the new user agent (D2), no LWW check")
    void userAgent() {
        long id = createLink("SAVED_LINK", "https://c53.example", null, "[]");
        assertNull(link(id).get("userAgent"));
        long mark = events.mark();
        ok(post(
                "UPDATE_USER_AGENT",
                "{\"linkType\":\"SAVED_LINK\",\"linkId\":" + id + ",\"userAgent\":\"Bot/2\"," + tail(1) + "}"));
        assertEquals("Bot/2", link(id).get("userAgent"));
        assertEquals(
                Set.of("linkType", "linkId", "userAgent", "correlation", "eventTimestamp"),
                keys(events.single(mark).payload()));
    }

    @Test
    @DisplayName(
            "C54 DELETE_DUPLICATE_LINKS deletes all ids; one tombstone with the client's eventTimestamp; event with the server's")
    void deleteDuplicates() {
        long a = createLink("SAVED_LINK", "https://c54.example", null, "[]");
        long b = createLink("SAVED_LINK", "https://c54.example", null, "[]");
        long before = now() - 1;
        long mark = events.mark();
        long stamp = stampOf("DELETE_DUPLICATE_LINKS", "{\"linkIds\":[" + a + "," + b + "]," + tail(1234) + "}");
        JsonPath all = updates(0);
        assertNull(row(all, "links", "id", a));
        assertNull(row(all, "links", "id", b));
        List<Map<String, Object>> stones =
                tombstones(before).getList("findAll { it.operation == 'DELETE_DUPLICATE_LINKS' }");
        assertEquals(1, stones.size());
        Map<?, ?> payload = (Map<?, ?>) stones.get(0).get("payload");
        assertEquals(1234, ((Number) payload.get("eventTimestamp")).longValue());
        assertEquals(
                List.of(a, b),
                ((List<?>) payload.get("linkIds"))
                        .stream().map(n -> ((Number) n).longValue()).toList());
        assertEquals(stamp, ((Number) stones.get(0).get("deletedAt")).longValue());
        EventLogProbe.Event event = events.single(mark);
        assertEquals(stamp, event.payload().get("eventTimestamp").asLong());
        assertEquals(Set.of("linkIds", "correlation", "eventTimestamp"), keys(event.payload()));
    }

    @Test
    @DisplayName(
            "C55 GET FORCE_SET_DEFAULT_FOLDER_TO_INTERNAL_IDS re-stamps non-folder links; event {eventTimestamp, message} without correlation")
    void forceDefaultFolders() {
        long folder = createFolder("f55", null);
        long saved = createLink("FOLDER_LINK", "https://c55.example/s", folder, "[]");
        long folderLink = createLink("FOLDER_LINK", "https://c55.example/f", folder, "[]");
        // an old-style row: a saved link stored with a real folder id (0.2.0 behaviour)
        events.execute(
                "UPDATE linkora.links SET link_type = 'SAVED_LINK', last_modified = 1 WHERE id = $1", Tuple.of(saved));
        long mark = events.mark();
        JsonPath answer = ok(app().get("/FORCE_SET_DEFAULT_FOLDER_TO_INTERNAL_IDS"));
        long stamp = answer.getLong("eventTimestamp");
        assertEquals("Set Default folders to internal IDs.", answer.getString("message"));
        assertEquals(-2, number(link(saved), "idOfLinkedFolder"));
        assertEquals(stamp, number(link(saved), "eventTimestamp"));
        assertEquals(folder, number(link(folderLink), "idOfLinkedFolder"));
        EventLogProbe.Event event = events.single(mark);
        assertEquals("FORCE_SET_DEFAULT_FOLDER_TO_INTERNAL_IDS", event.operation());
        assertEquals(Set.of("eventTimestamp", "message"), keys(event.payload()));
    }

    @Test
    @DisplayName("C56 C57 GET_UPDATES links carry userAgent null explicitly and the exact keys baseURL and imgURL")
    void linkReadModel() {
        long id = createLink("SAVED_LINK", "https://c56.example", null, "[]");
        String raw = LinkoraClient.app()
                .queryParam("eventTimestamp", now() - 2)
                .get("/GET_UPDATES")
                .body()
                .asString();
        assertTrue(
                raw.contains("\"userAgent\" : null")
                        || raw.contains("\"userAgent\":null")
                        || raw.contains("\"userAgent\" :null")
                        || raw.contains("\"userAgent\": null"),
                raw.substring(0, Math.min(400, raw.length())));
        Map<String, Object> row = link(id);
        assertTrue(row.containsKey("userAgent"));
        assertNull(row.get("userAgent"));
        assertEquals(
                Set.of(
                        "id",
                        "linkType",
                        "title",
                        "url",
                        "baseURL",
                        "imgURL",
                        "note",
                        "idOfLinkedFolder",
                        "userAgent",
                        "markedAsImportant",
                        "mediaType",
                        "eventTimestamp",
                        "linkTags"),
                row.keySet());
    }

    @Test
    @DisplayName("C58 link ids are never reused after deletion")
    void idsNotReused() {
        long a = createLink("SAVED_LINK", "https://c58.example/a", null, "[]");
        ok(post("DELETE_A_LINK", idBased(a, 1)));
        long b = createLink("SAVED_LINK", "https://c58.example/b", null, "[]");
        assertTrue(b > a);
    }

    @Test
    @DisplayName("LWW refusal leaves nothing behind: refused UPDATE_LINK answers 409 and sends no event")
    void refusalSendsNothing() {
        long id = createLink("SAVED_LINK", "https://lww.example", null, "[]");
        long mark = events.mark();
        Response refused = post("UPDATE_LINK", linkDto(id, "SAVED_LINK", "stale", null, "[]", 1));
        assertEquals(409, refused.statusCode());
        assertTrue(events.since(mark).isEmpty());
    }
}
