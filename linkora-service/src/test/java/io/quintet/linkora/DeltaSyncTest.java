package io.quintet.linkora;

import static io.quintet.linkora.FolderRoutesTest.keys;
import static io.quintet.linkora.LinkoraClient.app;
import static io.quintet.linkora.LinkoraClient.now;
import static io.quintet.linkora.LinkoraClient.post;
import static io.quintet.linkora.Requests.*;
import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The delta routes and the wipe, spec 7.7, 8 and checklist section H. */
@QuarkusTest
class DeltaSyncTest {

    static final List<String> SIX_KEYS = List.of("links", "folders", "panels", "panelFolders", "tags", "linkTags");
    static final ObjectMapper STRICT = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    @Inject
    EventLogProbe events;

    static long number(Map<?, ?> row, String key) {
        return ((Number) row.get(key)).longValue();
    }

    static void wipe() {
        assertEquals("{}", post("DELETE_EVERYTHING", "{" + tail(1) + "}").body().asString());
    }

    @Test
    @DisplayName(
            "C83 GET_UPDATES / GET_TOMBSTONES without eventTimestamp → 400 text/plain with the reference's message")
    void missingParameter() {
        for (String route : List.of("/GET_UPDATES", "/GET_TOMBSTONES")) {
            Response response = app().get(route);
            assertEquals(400, response.statusCode());
            assertEquals("text/plain; charset=UTF-8", response.header("Content-Type"));
            assertEquals(
                    "Expected a valid eventTimestamp value, but received null.",
                    response.body().asString());
        }
    }

    @Test
    @DisplayName("C84 non-numeric eventTimestamp → 400 with the Java number-format message")
    void nonNumericParameter() {
        for (String route : List.of("/GET_UPDATES", "/GET_TOMBSTONES")) {
            Response response = app().queryParam("eventTimestamp", "abc").get(route);
            assertEquals(400, response.statusCode());
            assertEquals("For input string: \"abc\"", response.body().asString());
            assertEquals(
                    400, app().queryParam("eventTimestamp", "1.5").get(route).statusCode());
        }
        // negative values are valid (spec 7.7.1)
        ok(app().queryParam("eventTimestamp", -5).get("/GET_UPDATES"));
    }

    @Test
    @DisplayName("C85 GET_UPDATES?eventTimestamp=0 on an empty store: all six keys with []")
    void emptyStore() {
        wipe();
        JsonPath answer = updates(0);
        for (String key : SIX_KEYS) {
            assertEquals(List.of(), answer.getList(key), key);
        }
        assertEquals(Set.copyOf(SIX_KEYS), answer.getMap("").keySet());
        assertEquals(List.of(), tombstones(0).getList(""));
    }

    @Test
    @DisplayName("C86 rows modified after N appear, rows before N do not, rows at exactly N do (>=, D14)")
    void window() {
        long old = createFolder("old", null);
        long at = createFolder("at", null);
        long after = createFolder("after", null);
        long n = now() - 1000;
        events.execute("UPDATE linkora.folders SET last_modified = $2 WHERE id = $1", Tuple.of(old, n - 1));
        events.execute("UPDATE linkora.folders SET last_modified = $2 WHERE id = $1", Tuple.of(at, n));
        JsonPath answer = updates(n);
        assertNull(row(answer, "folders", "id", old));
        assertNotNull(row(answer, "folders", "id", at));
        assertNotNull(row(answer, "folders", "id", after));
    }

    @Test
    @DisplayName(
            "C87 links[].linkTags lists every current pair of the link; top-level linkTags items carry eventTimestamp")
    void linkTags() {
        long t1 = createTag("d1");
        long t2 = createTag("d2");
        long link = createLink("SAVED_LINK", "https://c87.example", null, "[" + t1 + "," + t2 + "]");
        long n = now() + 5;
        // a newer, unrelated change; the link itself is older than N but its pairs are still complete when it is listed
        JsonPath all = updates(0);
        List<Map<String, Object>> pairs =
                (List<Map<String, Object>>) row(all, "links", "id", link).get("linkTags");
        assertEquals(
                List.of(t1, t2), pairs.stream().map(p -> number(p, "tagId")).toList());
        assertEquals(Set.of("linkId", "tagId"), pairs.get(0).keySet());
        Map<String, Object> top = all.getMap("linkTags.find { it.linkId == " + link + " }");
        assertEquals(Set.of("linkId", "tagId", "eventTimestamp"), top.keySet());
        assertTrue(n > number(top, "eventTimestamp"));
    }

    @Test
    @DisplayName("C88 folders come parents first: a child never precedes its parent (then by id)")
    void parentsFirst() {
        long since = now() - 1;
        long parent = createFolder("p88", null);
        long child = createFolder("c88", parent);
        long newer = createFolder("n88", null);
        ok(post("UPDATE_FOLDER", FolderRoutesTest.folderDto(parent, "p88", "n", newer, false, now() + 100)));
        List<Long> order = updates(since).getList("folders.id", Long.class);
        assertTrue(order.indexOf(newer) < order.indexOf(parent), order::toString);
        assertTrue(order.indexOf(parent) < order.indexOf(child), order::toString);
        // a parent loop does not lose folders
        ok(post("UPDATE_FOLDER", FolderRoutesTest.folderDto(newer, "n88", "n", child, false, now() + 100)));
        List<Long> looped = updates(since).getList("folders.id", Long.class);
        assertTrue(looped.containsAll(List.of(parent, child, newer)));
    }

    @Test
    @DisplayName(
            "C89 C90 GET_TOMBSTONES: {deletedAt, operation, payload object} with deletedAt ≥ N, in insertion order, payload shapes of 8.3")
    void tombstoneShapes() {
        long before = now() - 1;
        long folder = createFolder("t89", null);
        long link = createLink("SAVED_LINK", "https://c89.example", null, "[]");
        long tag = createTag("t89");
        long panel = createPanel("t89");
        addPanelFolder(panel, 5, "x");
        ok(post("DELETE_A_LINK", idBased(link, 1)));
        ok(post("DELETE_FOLDER", idBased(folder, 1)));
        ok(post("DELETE_TAG", idBased(tag, 1)));
        ok(post("DELETE_A_FOLDER_FROM_A_PANEL", "{\"panelId\":" + panel + ",\"folderID\":5," + tail(1) + "}"));
        ok(post("DELETE_A_PANEL", idBased(panel, 1)));
        ok(post("DELETE_DUPLICATE_LINKS", "{\"linkIds\":[1]," + tail(7) + "}"));
        ok(post("DELETE_MULTIPLE_ITEMS", "{\"linkIds\":[],\"folderIds\":[]," + tail(1) + "}"));
        ok(post("DELETE_A_FOLDER_FROM_ALL_PANELS", idBased(5, 1)));
        Response response = app().queryParam("eventTimestamp", before).get("/GET_TOMBSTONES");
        List<Map<String, Object>> stones = ok(response).getList("");
        List<String> operations =
                stones.stream().map(s -> (String) s.get("operation")).toList();
        assertEquals(
                List.of(
                        "DELETE_A_LINK",
                        "DELETE_FOLDER",
                        "DELETE_A_FOLDER_FROM_ALL_PANELS",
                        "DELETE_TAG",
                        "DELETE_A_FOLDER_FROM_A_PANEL",
                        "DELETE_A_PANEL",
                        "DELETE_DUPLICATE_LINKS",
                        "DELETE_MULTIPLE_ITEMS",
                        "DELETE_A_FOLDER_FROM_ALL_PANELS"),
                operations.subList(operations.size() - 9, operations.size()));
        Map<String, Set<String>> shapes = Map.of(
                "DELETE_A_LINK", Set.of("id", "correlation", "eventTimestamp"),
                "DELETE_FOLDER", Set.of("id", "correlation", "eventTimestamp"),
                "DELETE_A_FOLDER_FROM_ALL_PANELS", Set.of("id", "correlation", "eventTimestamp"),
                "DELETE_A_PANEL", Set.of("id", "correlation", "eventTimestamp"),
                "DELETE_TAG", Set.of("id", "correlation", "eventTimestamp"),
                "DELETE_A_FOLDER_FROM_A_PANEL", Set.of("panelId", "folderID", "correlation", "eventTimestamp"),
                "DELETE_DUPLICATE_LINKS", Set.of("linkIds", "correlation", "eventTimestamp"),
                "DELETE_MULTIPLE_ITEMS", Set.of("linkIds", "folderIds", "eventTimestamp", "correlation"));
        for (Map<String, Object> stone : stones) {
            assertEquals(Set.of("deletedAt", "operation", "payload"), stone.keySet());
            assertTrue(number(stone, "deletedAt") >= before);
            assertInstanceOf(Map.class, stone.get("payload"));
            assertEquals(
                    shapes.get(stone.get("operation")), ((Map<?, ?>) stone.get("payload")).keySet(), stone::toString);
        }
        // payload keys keep the reference's order
        String raw = response.body().asString();
        assertTrue(raw.contains("{\"panelId\":" + panel + ",\"folderID\":5,\"correlation\":"), raw);
    }

    @Test
    @DisplayName(
            "C91 C92 C58 DELETE_EVERYTHING → {} , all rows and tombstones gone, event with the server stamp; ids continue afterwards")
    void deleteEverything() {
        long folder = createFolder("doomed", null);
        long link = createLink("SAVED_LINK", "https://c91.example", null, "[]");
        long tag = createTag("doomed");
        long panel = createPanel("doomed");
        ok(post("DELETE_A_LINK", idBased(99999, 1)));
        long mark = events.mark();
        Response response = post("DELETE_EVERYTHING", "{\"eventTimestamp\":1,\"correlation\":" + CORRELATION + "}");
        assertEquals(200, response.statusCode());
        assertEquals("application/json", response.header("Content-Type"));
        assertEquals("{}", response.body().asString());
        for (String table : List.of("folders", "links", "panels", "panel_folders", "tags", "link_tags", "tombstones")) {
            assertEquals(0, events.count(table), table);
        }
        EventLogProbe.Event event = events.single(mark);
        assertEquals("DELETE_EVERYTHING", event.operation());
        assertEquals(Set.of("eventTimestamp", "correlation"), keys(event.payload()));
        assertTrue(Math.abs(event.payload().get("eventTimestamp").asLong() - now()) <= 5);
        assertTrue(createFolder("reborn", null) > folder);
        assertTrue(createLink("SAVED_LINK", "https://c92.example", null, "[]") > link);
        assertTrue(createTag("reborn") > tag);
        assertTrue(createPanel("reborn") > panel);
    }

    @Test
    @DisplayName(
            "C93 C94 every mutation's answered eventTimestamp is the stamp GET_UPDATES shows for the row, in seconds (±5 of now)")
    void stampsMatch() {
        long folderId = createFolder("c93", null);
        long stamp = stampOf(
                "UPDATE_FOLDER_NOTE", "{\"folderId\":" + folderId + ",\"newNote\":\"z\"," + tail(now() + 100) + "}");
        assertTrue(Math.abs(stamp - now()) <= 5);
        assertEquals(stamp, number(row(updates(stamp), "folders", "id", folderId), "eventTimestamp"));
        long link = createLink("SAVED_LINK", "https://c93.example", null, "[]");
        long titleStamp = stampOf(
                "UPDATE_LINK_TITLE", "{\"linkId\":" + link + ",\"newTitleOfTheLink\":\"y\"," + tail(now() + 100) + "}");
        assertEquals(titleStamp, number(row(updates(titleStamp), "links", "id", link), "eventTimestamp"));
        long panel = createPanel("c93");
        long panelStamp = stampOf(
                "UPDATE_A_PANEL_NAME", "{\"newName\":\"q\",\"panelId\":" + panel + "," + tail(now() + 100) + "}");
        assertEquals(panelStamp, number(row(updates(panelStamp), "panels", "panelId", panel), "eventTimestamp"));
        long tag = createTag("c93");
        long tagStamp = stampOf("RENAME_TAG", "{\"id\":" + tag + ",\"newName\":\"r\"," + tail(now() + 100) + "}");
        assertEquals(tagStamp, number(row(updates(tagStamp), "tags", "id", tag), "eventTimestamp"));
    }

    @Test
    @DisplayName("C95 delta answers are one JSON document with no trailing garbage")
    void strictJson() throws Exception {
        createFolder("c95", null);
        JsonNode updates = STRICT.readTree(
                app().queryParam("eventTimestamp", 0).get("/GET_UPDATES").body().asByteArray());
        assertTrue(updates.isObject());
        JsonNode stones = STRICT.readTree(app().queryParam("eventTimestamp", 0)
                .get("/GET_TOMBSTONES")
                .body()
                .asByteArray());
        assertTrue(stones.isArray());
    }

    @Test
    @DisplayName("GET_UPDATES with 10 000 seeded links answers every link with its pairs in one document")
    void tenThousandLinks() throws Exception {
        wipe();
        long stamp = now();
        long tag = createTag("bulk");
        events.execute(
                "INSERT INTO linkora.links (last_modified, link_type, link_title, url, base_url, img_url, note, id_of_linked_folder,"
                        + " user_agent, media_type, marked_as_important) SELECT $1, 'SAVED_LINK', 'title ' || g, 'https://bulk.example/' || g,"
                        + " 'bulk.example', '', '', -2, NULL, 'IMAGE', false FROM generate_series(1, 10000) g",
                Tuple.of(stamp));
        events.execute(
                "INSERT INTO linkora.link_tags (link_id, tag_id, last_modified) SELECT id, $1, $2 FROM linkora.links WHERE id % 2 = 0",
                Tuple.of(tag, stamp));
        // a plain client: rest-assured's own parsing of a 3.5 MB body takes seconds on a loaded machine
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create("http://localhost:" + RestAssured.port + "/linkora/GET_UPDATES?eventTimestamp=0"))
                .header("Authorization", "Bearer " + LinkoraClient.TOKEN)
                .build();
        HttpResponse<byte[]> response = null;
        for (int i = 0; i < 3; i++) {
            long started = System.nanoTime();
            response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            // informative only: benchmarks measure, tests do not time
            System.out.printf(
                    "GET_UPDATES with 10000 links: %d ms, %d bytes%n",
                    (System.nanoTime() - started) / 1_000_000, response.body().length);
        }
        assertEquals(200, response.statusCode());
        assertEquals(
                "application/json",
                response.headers().firstValue("Content-Type").orElse(null));
        JsonNode answer = STRICT.readTree(response.body());
        JsonNode links = answer.get("links");
        assertEquals(10000, links.size());
        assertEquals(5000, answer.get("linkTags").size());
        for (int k = 1; k < links.size(); k++) {
            assertTrue(
                    links.get(k - 1).get("id").asLong() < links.get(k).get("id").asLong());
        }
        JsonNode even = links.get(1);
        assertEquals(
                even.get("id").asLong() % 2 == 0 ? 1 : 0, even.get("linkTags").size());
        wipe();
    }
}
