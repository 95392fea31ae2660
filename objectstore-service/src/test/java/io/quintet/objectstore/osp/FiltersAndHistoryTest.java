package io.quintet.objectstore.osp;

import static io.quintet.objectstore.osp.RawClient.FOLDER;
import static io.quintet.objectstore.osp.RawClient.NOTE;
import static io.quintet.objectstore.osp.RawClient.SHARED_WITH;
import static io.quintet.objectstore.osp.RawClient.props;
import static io.quintet.objectstore.osp.RawClient.put;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quintet.objectstore.client.ObjectStoreClient;
import io.quintet.objectstore.history.HistoryPruner;
import io.quintet.objectstore.schema.SchemaRegistry;
import io.quintet.objectstore.wire.WireFormat;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The test configuration filters Folder by {@code team != ${client.hide ?? 'nothing-hidden'}} and limits the history to 2 MiB. */
@QuarkusTest
class FiltersAndHistoryTest {

    @TestHTTPResource("/")
    URI base;

    @Inject
    Pool pool;

    @Inject
    SchemaRegistry schemas;

    @Inject
    HistoryPruner pruner;

    @Inject
    io.quintet.objectstore.db.ServerState state;

    @TempDir
    Path dir;

    private static Set<String> fullSyncGids(RawClient c, Set<String> links) {
        ObjectNode begin = c.expect("FULL_SYNC_BEGIN");
        Set<String> gids = new HashSet<>();
        for (int i = 1; i <= begin.path("chunks").asInt(); i++) {
            ObjectNode chunk = c.expect("FULL_SYNC_CHUNK");
            chunk.path("objects").forEach(o -> gids.add(o.path("gid").asText()));
            chunk.path("links")
                    .forEach(l -> links.add(
                            l.path("src").asText() + ">" + l.path("dst").asText()));
            c.send(JsonNodeFactory.instance
                    .objectNode()
                    .put("t", "FULL_SYNC_ACK")
                    .put("n", i));
        }
        ObjectNode end = c.expect("FULL_SYNC_END");
        c.send(JsonNodeFactory.instance
                .objectNode()
                .put("t", "RX_ACK")
                .put("hseq", end.path("snapshotHseq").asText()));
        return gids;
    }

    @Test
    @DisplayName(
            "C59 C60 C62 C63 a filtered client gets only matching objects in full sync and live pushes; hidden link ends hide the link; FILTER_VARS forces a full sync of the new set")
    void c59Filtered() {
        try (RawClient writer = RawClient.connect(base, WireFormat.JSON);
                RawClient reader = RawClient.connect(base, WireFormat.JSON)) {
            writer.loginOk("MANUAL");
            String red = writer.gid(1), blue = writer.gid(2);
            ObjectNode link = JsonNodeFactory.instance
                    .objectNode()
                    .put("op", "LINK")
                    .put("rel", SHARED_WITH)
                    .put("src", red)
                    .put("dst", blue);
            writer.apply(
                    put(FOLDER, red, props().put("name", "r").put("team", "red")),
                    put(FOLDER, blue, props().put("name", "b").put("team", "blue")),
                    link);
            ObjectNode login = RawClient.login(reader.clientId, "AUTO");
            login.putObject("filterVars").put("hide", "red");
            reader.send(login);
            reader.expect("LOGIN_OK");
            Set<String> links = new HashSet<>();
            Set<String> gids = fullSyncGids(reader, links);
            assertTrue(gids.contains(blue));
            assertFalse(gids.contains(red));
            assertFalse(links.contains(red + ">" + blue), "link hidden when one end is filtered out");
            reader.expect("UPDATES_COMPLETE");
            writer.apply(put(FOLDER, writer.gid(3), props().put("name", "r3").put("team", "red")));
            writer.apply(put(FOLDER, writer.gid(4), props().put("name", "b4").put("team", "blue")));
            ObjectNode push = reader.expect(
                    m -> m.path("t").asText().equals("PUSH_DATA")
                            && m.toString().contains(writer.gid(4)),
                    "blue push");
            assertFalse(push.toString().contains(writer.gid(3) + "\""), "red folder filtered from live pushes");
            ObjectNode removeWithData = JsonNodeFactory.instance
                    .objectNode()
                    .put("op", "REMOVE")
                    .put("type", FOLDER)
                    .put("gid", writer.gid(3));
            removeWithData.set("p", props().put("name", "r3").put("team", "red"));
            writer.apply(removeWithData);
            writer.apply(JsonNodeFactory.instance
                    .objectNode()
                    .put("op", "REMOVE")
                    .put("type", FOLDER)
                    .put("gid", red));
            ObjectNode removal = reader.expect(
                    m -> m.path("t").asText().equals("PUSH_DATA")
                            && m.toString().contains(red),
                    "remove without data reaches everybody");
            assertFalse(removal.toString().contains(writer.gid(3) + "\""), "remove with object data is filtered");
            reader.send(JsonNodeFactory.instance
                    .objectNode()
                    .put("t", "FILTER_VARS")
                    .set("vars", JsonNodeFactory.instance.objectNode().put("hide", "blue")));
            assertTrue(reader.expect("FILTER_VARS_OK").path("fullSync").asBoolean());
            ObjectNode begin = reader.expect("FULL_SYNC_BEGIN");
            assertEquals("FILTERS_CHANGED", begin.path("reason").asText());
        }
    }

    @Test
    @DisplayName("C12 a schema version with clientsAllowed=false rejects a matching client with 57 (close 4004)")
    void c12ClientsNotAllowed() {
        pool.query("UPDATE objectstore.schema_versions SET clients_allowed = false")
                .execute()
                .await()
                .atMost(Duration.ofSeconds(10));
        schemas.reload();
        try (RawClient c = RawClient.connect(base, WireFormat.JSON)) {
            c.send(RawClient.login(c.clientId, "MANUAL"));
            assertEquals(57, c.expect("LOGIN_FAIL").path("code").asInt());
            assertEquals(4004, c.closeCode());
        } finally {
            pool.query("UPDATE objectstore.schema_versions SET clients_allowed = true")
                    .execute()
                    .await()
                    .atMost(Duration.ofSeconds(10));
            schemas.reload();
        }
    }

    @Test
    @DisplayName(
            "C37 C73 history over historySizeMaxKb is pruned to the target; an offline client behind it gets FULL/HISTORY_PRUNED and its pending TXs survive")
    void c37Pruned() throws Exception {
        Path file = dir.resolve("pruned");
        String title = "kept while offline";
        try (ObjectStoreClient offline = ObjectStoreClient.builder(RawClient.MODEL, file, RawClient.wsUri(base))
                .start()) {
            offline.loggedIn().orTimeout(60, TimeUnit.SECONDS).join();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (offline.lastHseq() == 0 && System.nanoTime() < deadline) Thread.sleep(50);
        }
        String big = "x".repeat(60_000);
        try (RawClient writer = RawClient.connect(base, WireFormat.JSON)) {
            writer.loginOk("MANUAL");
            for (int i = 1; i <= 45; i++)
                writer.send(writer.tx(i, put(NOTE, writer.gid(i), props().put("title", big))));
            writer.expect(
                    m -> m.path("t").asText().equals("ACK_TX")
                            && m.path("cseq").asText().equals("45"),
                    "ACK 45");
            // the history keeps its size; the objects go, so later full syncs in this JVM stay small
            for (int i = 1; i <= 45; i++) {
                writer.send(writer.tx(
                        45 + i,
                        JsonNodeFactory.instance
                                .objectNode()
                                .put("op", "REMOVE")
                                .put("type", NOTE)
                                .put("gid", writer.gid(i))));
            }
            writer.expect(
                    m -> m.path("t").asText().equals("ACK_TX")
                            && m.path("cseq").asText().equals("90"),
                    "ACK 90");
        }
        // the leader's periodic pruning may hold the pruning lock at this moment (pruneNow then
        // answers 0 and that one finishes the job): ask again until the history is down to the target
        long kept = Long.MAX_VALUE;
        long pruneDeadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (kept > 1024 * 1024 && System.nanoTime() < pruneDeadline) {
            pruner.pruneNow().await().atMost(Duration.ofSeconds(60));
            kept = pool.query(
                            "SELECT coalesce(sum(octet_length(payload::text)), 0) FROM objectstore.oplog WHERE stream = 'tx'")
                    .execute()
                    .await()
                    .atMost(Duration.ofSeconds(10))
                    .iterator()
                    .next()
                    .getLong(0);
            if (kept > 1024 * 1024) Thread.sleep(200);
        }
        long through = state.refreshPrunedThrough().await().atMost(Duration.ofSeconds(10));
        assertTrue(through > 0, "pruned");
        assertTrue(kept <= 1024 * 1024, "down to the target: " + kept);
        try (ObjectStoreClient back = ObjectStoreClient.builder(RawClient.MODEL, file, URI.create("ws://127.0.0.1:1/"))
                .start()) {
            back.put("Note", 0, Map.of("title", title));
        }
        try (RawClient watcher = RawClient.connect(base, WireFormat.JSON);
                ObjectStoreClient back = ObjectStoreClient.builder(RawClient.MODEL, file, RawClient.wsUri(base))
                        .start()) {
            back.loggedIn().orTimeout(60, TimeUnit.SECONDS).join();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while ((back.pendingCount() > 0
                            || back.ids("Note").stream()
                                    .noneMatch(id -> back.get("Note", id)
                                            .orElseThrow()
                                            .path("title")
                                            .asText()
                                            .equals(title)))
                    && System.nanoTime() < deadline) Thread.sleep(50);
            assertEquals(0, back.pendingCount());
            assertTrue(
                    back.ids("Note").stream()
                            .anyMatch(id -> back.get("Note", id)
                                    .orElseThrow()
                                    .path("title")
                                    .asText()
                                    .equals(title)),
                    "pending local TX applied after the snapshot");
            assertTrue(back.lastHseq() >= through);
            ObjectNode old = RawClient.login(watcher.clientId, "AUTO");
            old.putObject("resume")
                    .put("epoch", watcher.hello.path("epoch").asText())
                    .put("lastHseq", "1");
            watcher.send(old);
            assertEquals("FULL", watcher.expect("LOGIN_OK").path("sync").asText());
            JsonNode begin = watcher.expect("FULL_SYNC_BEGIN");
            assertEquals("HISTORY_PRUNED", begin.path("reason").asText());
        }
    }
}
