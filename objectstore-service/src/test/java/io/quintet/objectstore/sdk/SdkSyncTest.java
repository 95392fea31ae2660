package io.quintet.objectstore.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quintet.objectstore.client.ObjectStoreClient;
import io.quintet.objectstore.client.SyncListener;
import io.quintet.objectstore.model.Model;
import io.quintet.objectstore.model.ModelReader;
import io.quintet.objectstore.osp.RawClient;
import io.quintet.objectstore.wire.WireFormat;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Java client SDK against the server: local IDs, relations, queue persistence, update modes. */
@QuarkusTest
class SdkSyncTest {

    private static final Model MODEL = ModelReader.read(Path.of("src/test/resources/models/notes.json"));

    @TestHTTPResource("/")
    URI base;

    @TempDir
    Path dir;

    private ObjectStoreClient client(String name, String mode, SyncListener listener) {
        return ObjectStoreClient.builder(MODEL, dir.resolve(name), RawClient.wsUri(base))
                .updatesMode(mode)
                .listener(listener)
                .start();
    }

    private ObjectStoreClient client(String name) {
        return client(name, "AUTO", new SyncListener() {});
    }

    static void eventually(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("not within 30 s: " + what);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static Optional<Long> findByTitle(ObjectStoreClient c, String title) {
        return c.ids("Note").stream()
                .filter(id -> c.get("Note", id)
                        .map(o -> title.equals(o.path("title").asText()))
                        .orElse(false))
                .findFirst();
    }

    @Test
    @DisplayName(
            "C46 two clients each create local ID 1 offline; after sync each has both objects under different local IDs")
    void c46LocalIds() {
        try (ObjectStoreClient a = client("a");
                ObjectStoreClient b = client("b")) {
            long idA = a.put("Note", 0, Map.of("title", "from A " + a.clientId()));
            long idB = b.put("Note", 0, Map.of("title", "from B " + b.clientId()));
            assertEquals(1, idA);
            assertEquals(1, idB);
            eventually(() -> findByTitle(a, "from B " + b.clientId()).isPresent(), "A sees B's note");
            eventually(() -> findByTitle(b, "from A " + a.clientId()).isPresent(), "B sees A's note");
            assertNotEquals(1L, (long) findByTitle(a, "from B " + b.clientId()).get());
            assertNotEquals(1L, (long) findByTitle(b, "from A " + a.clientId()).get());
        }
    }

    @Test
    @DisplayName(
            "C47 to-one relations and many-to-many links resolve to the right objects on a client with other local IDs")
    void c47Relations() {
        try (ObjectStoreClient a = client("ra");
                ObjectStoreClient b = client("rb")) {
            b.put("Folder", 0, Map.of("name", "b's own folder"));
            long f1 = a.put("Folder", 0, Map.of("name", "work " + a.clientId()));
            long f2 = a.put("Folder", 0, Map.of("name", "home " + a.clientId()));
            a.link("Folder", "sharedWith", f1, f2, true);
            a.put("Note", 0, Map.of("title", "in work " + a.clientId(), "folderId", f1));
            eventually(() -> findByTitle(b, "in work " + a.clientId()).isPresent(), "note arrives");
            long note = findByTitle(b, "in work " + a.clientId()).get();
            long folderOnB = b.get("Note", note).orElseThrow().path("folderId").asLong();
            assertEquals(
                    "work " + a.clientId(),
                    b.get("Folder", folderOnB).orElseThrow().path("name").asText());
            eventually(() -> b.linked("Folder", "sharedWith", folderOnB).size() == 1, "link arrives");
            long linkedOnB = b.linked("Folder", "sharedWith", folderOnB).get(0);
            assertEquals(
                    "home " + a.clientId(),
                    b.get("Folder", linkedOnB).orElseThrow().path("name").asText());
        }
    }

    @Test
    @DisplayName("C41 C29 pending TXs and the sync position survive a client restart; nothing is duplicated or missing")
    void c41Restart() {
        Path file = dir.resolve("restart");
        long before;
        try (ObjectStoreClient a = ObjectStoreClient.builder(MODEL, file, URI.create("ws://127.0.0.1:1/objectstore/"))
                .start()) {
            a.put("Note", 0, Map.of("title", "offline one"));
            a.put("Note", 0, Map.of("title", "offline two"));
            assertEquals(2, a.pendingCount());
        }
        try (ObjectStoreClient a = ObjectStoreClient.builder(MODEL, file, RawClient.wsUri(base))
                        .start();
                ObjectStoreClient watcher = client("watcher")) {
            eventually(() -> a.pendingCount() == 0, "queue sent after restart");
            eventually(() -> findByTitle(watcher, "offline two").isPresent(), "data reached another client");
            before = a.lastHseq();
            assertTrue(before > 0);
            assertEquals(
                    2,
                    a.ids("Note").stream()
                            .filter(id -> a.get("Note", id)
                                    .orElseThrow()
                                    .path("title")
                                    .asText()
                                    .startsWith("offline"))
                            .count());
        }
        try (ObjectStoreClient a =
                ObjectStoreClient.builder(MODEL, file, RawClient.wsUri(base)).start()) {
            a.loggedIn().orTimeout(30, TimeUnit.SECONDS).join();
            assertTrue(a.lastHseq() >= before, "position kept");
            assertEquals(
                    2,
                    a.ids("Note").stream()
                            .filter(id -> a.get("Note", id)
                                    .orElseThrow()
                                    .path("title")
                                    .asText()
                                    .startsWith("offline"))
                            .count());
        }
    }

    @Test
    @DisplayName(
            "C36 C43 listeners: login result, sync completed once per catch-up, change notifications with local IDs")
    void listeners() {
        AtomicInteger logins = new AtomicInteger();
        AtomicInteger completed = new AtomicInteger();
        List<String> changedTypes = new java.util.concurrent.CopyOnWriteArrayList<>();
        SyncListener l = new SyncListener() {
            @Override
            public void loggedIn(int code, String reason) {
                if (code == 20) logins.incrementAndGet();
            }

            @Override
            public void syncCompleted(long hseq) {
                completed.incrementAndGet();
            }

            @Override
            public void changed(String type, java.util.Set<Long> put, java.util.Set<Long> removed) {
                changedTypes.add(type);
            }
        };
        try (ObjectStoreClient watcher = client("lw", "AUTO", l);
                ObjectStoreClient writer = client("lwriter")) {
            eventually(() -> completed.get() == 1, "first catch-up completes");
            writer.put("Task", 0, Map.of("text", "watch me"));
            eventually(() -> changedTypes.contains("Task"), "change listener");
            assertEquals(1, logins.get());
            ObjectNode task = watcher.get(
                            "Task", watcher.ids("Task").get(watcher.ids("Task").size() - 1))
                    .orElseThrow();
            assertTrue(Long.parseLong(task.path("clock").asText()) > 0, "the SDK stamps the sync clock");
        }
    }

    @Test
    @DisplayName("C71 the SDK works the same over CBOR")
    void cbor() {
        try (ObjectStoreClient a = ObjectStoreClient.builder(MODEL, dir.resolve("cbor-a"), RawClient.wsUri(base))
                        .format(WireFormat.CBOR)
                        .start();
                ObjectStoreClient b = ObjectStoreClient.builder(MODEL, dir.resolve("cbor-b"), RawClient.wsUri(base))
                        .format(WireFormat.CBOR)
                        .start()) {
            a.put("Note", 0, Map.of("title", "cbor " + a.clientId(), "stamp", Long.MAX_VALUE));
            eventually(() -> findByTitle(b, "cbor " + a.clientId()).isPresent(), "CBOR sync");
            long id = findByTitle(b, "cbor " + a.clientId()).get();
            assertEquals(
                    Long.toString(Long.MAX_VALUE),
                    b.get("Note", id).orElseThrow().path("stamp").asText());
        }
    }
}
