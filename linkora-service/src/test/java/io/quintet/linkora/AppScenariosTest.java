package io.quintet.linkora;

import static io.quintet.linkora.LinkoraClient.get;
import static io.quintet.linkora.LinkoraClient.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Checklist M (C128–C134): two simulated apps, each an HTTP client plus an {@code /events} socket,
 * doing what the Linkora app does (spec 8.2).
 */
@QuarkusTest
class AppScenariosTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One app installation: its correlation, its socket, its last-synced mark. */
    static final class App implements AutoCloseable {
        final String id = UUID.randomUUID().toString();
        final String name;
        final Map<String, Object> correlation;
        EventSocket socket;

        App(String name) {
            this.name = name;
            this.correlation = new LinkedHashMap<>();
            correlation.put("id", id);
            correlation.put("clientName", name);
        }

        App online() {
            socket = EventSocket.connect(json(correlation));
            return this;
        }

        /** POST a mutation with this app's correlation and the given client edit time; asserts 200. */
        JsonNode mutate(String route, long clientTime, Object... fields) {
            Response response = send(route, clientTime, fields);
            assertEquals(
                    200, response.statusCode(), route + ": " + response.body().asString());
            return jsonOrEmpty(response);
        }

        Response send(String route, long clientTime, Object... fields) {
            Map<String, Object> body = map(fields);
            body.put("correlation", correlation);
            body.put("eventTimestamp", clientTime);
            return post(route, json(body));
        }

        /** The next frame about {@code operation} sent by {@code origin}'s request (other frames are skipped). */
        JsonNode awaitEvent(String operation, App origin) {
            return socket.awaitMatching(f -> operation.equals(
                            f.path("operation").asText())
                    && origin.id.equals(
                            f.path("payload").path("correlation").path("id").asText()));
        }

        /** Waits for {@code n} echoes of this app's own mutations (frames of other apps are skipped); answers n. */
        int awaitOwnEvents(int n) {
            for (int i = 0; i < n; i++) {
                socket.awaitMatching(f -> id.equals(
                        f.path("payload").path("correlation").path("id").asText()));
            }
            return n;
        }

        @Override
        public void close() {
            if (socket != null) {
                socket.close();
            }
        }
    }

    static JsonNode jsonOrEmpty(Response response) {
        String text = response.body().asString();
        try {
            return text.isEmpty() ? JSON.createObjectNode() : JSON.readTree(text);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    static Map<String, Object> map(Object... fields) {
        Map<String, Object> body = new LinkedHashMap<>();
        for (int i = 0; i < fields.length; i += 2) {
            body.put((String) fields[i], fields[i + 1]);
        }
        return body;
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static long now() {
        return LinkoraClient.now();
    }

    static JsonNode updates(long since) {
        Response response = get("GET_UPDATES?eventTimestamp=" + since);
        assertEquals(200, response.statusCode());
        return jsonOrEmpty(response);
    }

    static JsonNode tombstones(long since) {
        Response response = get("GET_TOMBSTONES?eventTimestamp=" + since);
        assertEquals(200, response.statusCode());
        return jsonOrEmpty(response);
    }

    static long createFolder(App app, String name, Long parent) {
        return app.mutate(
                        "CREATE_FOLDER", now(), "name", name, "note", "", "parentFolderId", parent, "isArchived", false)
                .get("id")
                .asLong();
    }

    static long createTag(App app, String name) {
        return app.mutate("CREATE_TAG", now(), "name", name).get("id").asLong();
    }

    static long createLink(App app, String title, String type, Long folder, List<Long> tags) {
        return app.mutate(
                        "CREATE_A_NEW_LINK",
                        now(),
                        "linkType",
                        type,
                        "title",
                        title,
                        "url",
                        "https://example.com/" + UUID.randomUUID(),
                        "baseURL",
                        "example.com",
                        "imgURL",
                        "",
                        "note",
                        "",
                        "idOfLinkedFolder",
                        folder,
                        "userAgent",
                        null,
                        "markedAsImportant",
                        false,
                        "mediaType",
                        "IMAGE",
                        "tags",
                        tags)
                .get("id")
                .asLong();
    }

    static JsonNode byId(JsonNode list, String key, long id) {
        for (JsonNode item : list) {
            if (item.path(key).asLong() == id) {
                return item;
            }
        }
        return null;
    }

    static void pauseForNextSecond() throws InterruptedException {
        Thread.sleep(1_100); // stamps are seconds: separate "before" from "after" (spec 8.5)
    }

    @Test
    @DisplayName(
            "C128 first connection: GET /, GET_UPDATES?eventTimestamp=0, socket, then 1 000 sequential creates in the app's order, all 200")
    void firstConnection() {
        try (App app = new App("First Fox")) {
            assertEquals(200, get("").statusCode());
            JsonNode all = updates(0);
            for (String key : List.of("links", "folders", "panels", "panelFolders", "tags", "linkTags")) {
                assertTrue(all.get(key).isArray(), key);
            }
            app.online();
            List<Long> folders = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                folders.add(createFolder(app, "import-" + i, i == 0 ? null : folders.get((i - 1) / 2)));
            }
            List<Long> tags = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                tags.add(createTag(app, "tag-" + i));
            }
            for (int i = 0; i < 400; i++) {
                createLink(
                        app,
                        "link-" + i,
                        "FOLDER_LINK",
                        folders.get(i % folders.size()),
                        List.of(tags.get(i % tags.size())));
            }
            List<Long> panels = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                panels.add(app.mutate("ADD_A_NEW_PANEL", now(), "panelName", "panel-" + i)
                        .get("id")
                        .asLong());
            }
            for (int i = 0; i < 100; i++) {
                app.mutate(
                        "ADD_A_NEW_FOLDER_IN_A_PANEL",
                        now(),
                        "folderId",
                        folders.get(i),
                        "panelPosition",
                        i,
                        "folderName",
                        "import-" + i,
                        "connectedPanelId",
                        panels.get(i));
            }
            assertEquals(1_000, app.awaitOwnEvents(1_000));
        }
    }

    @Test
    @DisplayName(
            "C129 start-up: socket + TEST_BEARER, then pending-queue replay, GET_TOMBSTONES and GET_UPDATES with the same N concurrently")
    void startUp() throws Exception {
        try (App writer = new App("Writer");
                App app = new App("Starting Stoat")) {
            long mark = writer.mutate(
                            "CREATE_FOLDER",
                            now(),
                            "name",
                            "before-start",
                            "note",
                            "",
                            "parentFolderId",
                            null,
                            "isArchived",
                            false)
                    .get("timeStampBasedResponse")
                    .get("eventTimestamp")
                    .asLong();
            app.online();
            assertEquals(200, get("TEST_BEARER").statusCode());
            List<CompletableFuture<Response>> work = new ArrayList<>();
            CompletableFuture<Response> replay = CompletableFuture.supplyAsync(() -> {
                Response last = null;
                for (int i = 0; i < 20; i++) {
                    last = app.send(
                            "CREATE_FOLDER",
                            now(),
                            "name",
                            "queued-" + i,
                            "note",
                            "",
                            "parentFolderId",
                            null,
                            "isArchived",
                            false);
                    assertEquals(200, last.statusCode());
                }
                return last;
            });
            work.add(replay);
            work.add(CompletableFuture.supplyAsync(() -> get("GET_TOMBSTONES?eventTimestamp=" + mark)));
            work.add(CompletableFuture.supplyAsync(() -> get("GET_UPDATES?eventTimestamp=" + mark)));
            for (CompletableFuture<Response> each : work) {
                assertEquals(200, each.get().statusCode());
            }
            JsonNode after = updates(mark);
            long queued = 0;
            for (JsonNode folder : after.get("folders")) {
                if (folder.get("name").asText().startsWith("queued-")) {
                    queued++;
                }
            }
            assertTrue(queued >= 20);
            assertEquals(20, app.awaitOwnEvents(20));
        }
    }

    @Test
    @DisplayName(
            "C130 two apps online: every mutation of A arrives at B as the documented event, carrying A's correlation (B skips its own)")
    void twoOnline() {
        try (App a = new App("Alpha Ape").online();
                App b = new App("Beta Bat").online()) {
            long folder = createFolder(a, "shared", null);
            assertEquals(
                    folder,
                    b.awaitEvent("CREATE_FOLDER", a).get("payload").get("id").asLong());
            a.mutate("UPDATE_FOLDER_NAME", now(), "folderId", folder, "newFolderName", "shared2");
            assertEquals(
                    "shared2",
                    b.awaitEvent("UPDATE_FOLDER_NAME", a)
                            .get("payload")
                            .get("newFolderName")
                            .asText());
            long tag = createTag(a, "t");
            assertEquals(
                    tag, b.awaitEvent("CREATE_TAG", a).get("payload").get("id").asLong());
            long link = createLink(a, "L", "FOLDER_LINK", folder, List.of(tag));
            JsonNode created = b.awaitEvent("CREATE_A_NEW_LINK", a).get("payload");
            assertEquals(link, created.get("id").asLong());
            assertEquals(tag, created.get("linkTags").get(0).get("tagId").asLong());
            a.mutate("UPDATE_LINK_TITLE", now(), "linkId", link, "newTitleOfTheLink", "L2");
            assertEquals(
                    "L2",
                    b.awaitEvent("UPDATE_LINK_TITLE", a)
                            .get("payload")
                            .get("newTitleOfTheLink")
                            .asText());
            long panel = a.mutate("ADD_A_NEW_PANEL", now(), "panelName", "P")
                    .get("id")
                    .asLong();
            assertEquals(
                    panel,
                    b.awaitEvent("ADD_A_NEW_PANEL", a)
                            .get("payload")
                            .get("panelId")
                            .asLong());
            a.mutate(
                    "ADD_A_NEW_FOLDER_IN_A_PANEL",
                    now(),
                    "folderId",
                    folder,
                    "panelPosition",
                    0,
                    "folderName",
                    "shared2",
                    "connectedPanelId",
                    panel);
            assertEquals(
                    folder,
                    b.awaitEvent("ADD_A_NEW_FOLDER_IN_A_PANEL", a)
                            .get("payload")
                            .get("folderId")
                            .asLong());
            a.mutate("ARCHIVE_LINK", now(), "id", link);
            b.awaitEvent("ARCHIVE_LINK", a);
            a.mutate("DELETE_A_LINK", now(), "id", link);
            b.awaitEvent("DELETE_A_LINK", a);
            a.mutate("DELETE_FOLDER", now(), "id", folder);
            assertEquals(
                    folder,
                    b.awaitEvent("DELETE_FOLDER", a).get("payload").get("id").asLong());
            // B's own change comes back to B with B's correlation: B recognises it and applies nothing
            b.mutate("CREATE_TAG", now(), "name", "from-b");
            assertEquals(
                    b.id,
                    b.awaitEvent("CREATE_TAG", b)
                            .get("payload")
                            .get("correlation")
                            .get("id")
                            .asText());
            a.awaitEvent("CREATE_TAG", b);
        }
    }

    @Test
    @DisplayName(
            "C131 offline app: A deletes a subtree, renames a link, deletes a tag; B converges with GET_TOMBSTONES + GET_UPDATES only")
    void offlineConverges() throws InterruptedException {
        try (App a = new App("Online Otter");
                App b = new App("Offline Owl")) {
            long root = createFolder(a, "tree", null);
            long child = createFolder(a, "tree-child", root);
            long grandChild = createFolder(a, "tree-grandchild", child);
            long tag = createTag(a, "gone");
            long inTree = createLink(a, "in tree", "FOLDER_LINK", grandChild, List.of(tag));
            long keep = createFolder(a, "kept", null);
            long renamed = createLink(a, "old title", "FOLDER_LINK", keep, List.of(tag));

            // B's local copy: everything up to now, and its last-synced mark
            Map<Long, String> folders = new HashMap<>();
            Map<Long, String> links = new HashMap<>();
            Set<Long> tags = new HashSet<>();
            long mark = 0;
            JsonNode initial = updates(0);
            for (JsonNode f : initial.get("folders")) {
                folders.put(f.get("id").asLong(), f.get("name").asText());
                mark = Math.max(mark, f.get("eventTimestamp").asLong());
            }
            for (JsonNode l : initial.get("links")) {
                links.put(l.get("id").asLong(), l.get("title").asText());
                mark = Math.max(mark, l.get("eventTimestamp").asLong());
            }
            for (JsonNode t : initial.get("tags")) {
                tags.add(t.get("id").asLong());
                mark = Math.max(mark, t.get("eventTimestamp").asLong());
            }
            assertTrue(folders.containsKey(grandChild) && links.containsKey(inTree) && tags.contains(tag));
            pauseForNextSecond();

            a.mutate("DELETE_FOLDER", now(), "id", root);
            a.mutate("UPDATE_LINK_TITLE", now(), "linkId", renamed, "newTitleOfTheLink", "new title");
            a.mutate("DELETE_TAG", now(), "id", tag);

            // B comes back: tombstones, then updates, applied as the app does (spec 8.4)
            for (JsonNode tombstone : tombstones(mark)) {
                long id = tombstone.path("payload").path("id").asLong();
                switch (tombstone.get("operation").asText()) {
                    case "DELETE_FOLDER" -> folders.remove(id);
                    case "DELETE_A_LINK" -> links.remove(id);
                    case "DELETE_TAG" -> tags.remove(id);
                    default -> {}
                }
            }
            JsonNode delta = updates(mark);
            delta.get("folders")
                    .forEach(
                            f -> folders.put(f.get("id").asLong(), f.get("name").asText()));
            delta.get("links")
                    .forEach(l -> links.put(l.get("id").asLong(), l.get("title").asText()));
            delta.get("tags").forEach(t -> tags.add(t.get("id").asLong()));
            // links of deleted folders: the app drops them with their folder
            JsonNode server = updates(0);
            Set<Long> serverLinks = new HashSet<>();
            server.get("links").forEach(l -> serverLinks.add(l.get("id").asLong()));
            links.keySet().retainAll(serverLinks);

            for (long gone : List.of(root, child, grandChild)) {
                assertFalse(folders.containsKey(gone), "folder " + gone + " deleted at B");
            }
            assertFalse(tags.contains(tag));
            assertEquals("new title", links.get(renamed));
            Map<Long, String> serverFolders = new HashMap<>();
            server.get("folders")
                    .forEach(f -> serverFolders.put(
                            f.get("id").asLong(), f.get("name").asText()));
            assertEquals(serverFolders, folders);
            assertTrue(
                    byId(server.get("links"), "id", renamed).get("linkTags").isEmpty(),
                    "the deleted tag's pair is gone");
        }
    }

    @Test
    @DisplayName(
            "C132 conflict: B's offline title edit (older client time) is refused after A's online edit; A's title remains")
    void conflict() throws InterruptedException {
        try (App a = new App("Fast Finch");
                App b = new App("Slow Sloth")) {
            long link = createLink(a, "original", "SAVED_LINK", null, List.of());
            long offlineEdit = now() - 30;
            pauseForNextSecond();
            a.mutate("UPDATE_LINK_TITLE", now(), "linkId", link, "newTitleOfTheLink", "by A");
            Response queued = b.send("UPDATE_LINK_TITLE", offlineEdit, "linkId", link, "newTitleOfTheLink", "by B");
            assertTrue(queued.statusCode() < 200 || queued.statusCode() >= 300, "refused: " + queued.statusCode());
            assertEquals(
                    "by A",
                    byId(updates(0).get("links"), "id", link).get("title").asText());
        }
    }

    @Test
    @DisplayName(
            "C133 copy by A: B receives COPY_EXISTING_ITEMS, pulls GET_UPDATES?eventTimestamp=T-1 and gets the identical tree and tags")
    void copy() {
        try (App a = new App("Copy Cat").online();
                App b = new App("Mirror Mink").online()) {
            long tag = createTag(a, "copied-tag");
            long source = createFolder(a, "src", null);
            long sourceChild = createFolder(a, "src-child", source);
            long sourceLink = createLink(a, "in src", "FOLDER_LINK", source, List.of(tag));
            long destination = createFolder(a, "dst", null);
            Map<String, Object> rootRef = map(
                    "newlyCopiedLocalId",
                    1001,
                    "parentOfNewlyCopiedLocalId",
                    -1,
                    "sourceRemoteId",
                    source,
                    "sourceRemoteParentId",
                    null,
                    "isRootFolderForTheDestination",
                    true);
            Map<String, Object> linkRef = map(
                    "newlyCopiedLocalId",
                    2001,
                    "parentOfNewlyCopiedLocalId",
                    1001,
                    "sourceRemoteId",
                    sourceLink,
                    "sourceRemoteParentId",
                    source,
                    "isRootFolderForTheDestination",
                    false);
            Map<String, Object> childRef = map(
                    "newlyCopiedLocalId",
                    1002,
                    "parentOfNewlyCopiedLocalId",
                    1001,
                    "sourceRemoteId",
                    sourceChild,
                    "sourceRemoteParentId",
                    source,
                    "isRootFolderForTheDestination",
                    false);
            JsonNode answer = a.mutate(
                    "COPY_EXISTING_ITEMS",
                    now(),
                    "folders",
                    List.of(
                            map("currentFolder", rootRef, "links", List.of(linkRef)),
                            map("currentFolder", childRef, "links", List.of())),
                    "linkIds",
                    Map.of(),
                    "linkType",
                    "FOLDER_LINK",
                    "newParentFolderId",
                    destination);
            JsonNode event = b.awaitEvent("COPY_EXISTING_ITEMS", a).get("payload");
            long t = event.get("eventTimestamp").asLong();
            JsonNode pulled = updates(t - 1);
            long copiedRoot = answer.get("folders")
                    .get(0)
                    .get("currentFolder")
                    .get("sourceRemoteId")
                    .asLong();
            long copiedChild = answer.get("folders")
                    .get(1)
                    .get("currentFolder")
                    .get("sourceRemoteId")
                    .asLong();
            long copiedLink = answer.get("folders")
                    .get(0)
                    .get("links")
                    .get(0)
                    .get("sourceRemoteId")
                    .asLong();
            JsonNode root = byId(pulled.get("folders"), "id", copiedRoot);
            JsonNode child = byId(pulled.get("folders"), "id", copiedChild);
            JsonNode link = byId(pulled.get("links"), "id", copiedLink);
            assertEquals("src", root.get("name").asText());
            assertEquals(destination, root.get("parentFolderId").asLong());
            assertEquals("src-child", child.get("name").asText());
            assertEquals(copiedRoot, child.get("parentFolderId").asLong());
            assertEquals("in src", link.get("title").asText());
            assertEquals(copiedRoot, link.get("idOfLinkedFolder").asLong());
            assertEquals("FOLDER_LINK", link.get("linkType").asText());
            assertEquals(tag, link.get("linkTags").get(0).get("tagId").asLong());
            assertNotEquals(sourceLink, copiedLink);
        }
    }

    @Test
    @DisplayName(
            "C134 DELETE_EVERYTHING by A: B (online) receives the event, the server is empty, later creates work with new ids")
    void deleteEverything() {
        try (App a = new App("Wiper Wolf").online();
                App b = new App("Watching Wren").online()) {
            long before = createFolder(a, "doomed", null);
            b.awaitEvent("CREATE_FOLDER", a);
            a.mutate("DELETE_EVERYTHING", now());
            JsonNode event = b.awaitEvent("DELETE_EVERYTHING", a).get("payload");
            assertTrue(Math.abs(event.get("eventTimestamp").asLong() - now()) <= 5);
            JsonNode all = updates(0);
            for (String key : List.of("links", "folders", "panels", "panelFolders", "tags", "linkTags")) {
                assertEquals(0, all.get(key).size(), key);
            }
            assertEquals(0, tombstones(0).size());
            long after = createFolder(a, "reborn", null);
            assertTrue(after > before, "ids continue");
            b.awaitEvent("CREATE_FOLDER", a);
        }
    }
}
