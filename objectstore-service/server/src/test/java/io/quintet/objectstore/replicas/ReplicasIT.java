package io.quintet.objectstore.replicas;

import static io.quintet.objectstore.osp.RawClient.NOTE;
import static io.quintet.objectstore.osp.RawClient.props;
import static io.quintet.objectstore.osp.RawClient.put;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quintet.objectstore.client.ObjectStoreClient;
import io.quintet.objectstore.model.Model;
import io.quintet.objectstore.model.ModelReader;
import io.quintet.objectstore.osp.RawClient;
import io.quintet.objectstore.wire.WireFormat;
import io.quintet.protocol.testing.EmbeddedPostgresServer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Items 83–86 read as replicas (issue 14): two processes of the packaged service on one database.
 * A TX acknowledged by one reaches clients of the other through the change feed; a client whose
 * replica dies fails over to the other URL and resumes by hseq without a full sync.
 */
class ReplicasIT {

    private static final Model MODEL = ModelReader.read(Path.of("src/test/resources/models/notes.json"));
    private static final List<ServiceProcess> replicas = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        String database = "objectstore_replicas";
        EmbeddedPostgresServer.createDatabase(database);
        for (int i = 0; i < 2; i++) replicas.add(ServiceProcess.start(database, "replica-" + i, Map.of()));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        for (ServiceProcess replica : replicas) replica.close();
    }

    private static URI base(int replica) {
        return replicas.get(replica).base();
    }

    @Test
    @DisplayName(
            "C84 a TX acknowledged by replica 1 reaches a client of replica 2 by live push; C85 the client fails over and resumes by hseq without a full sync")
    void crossReplicaAndFailover(@TempDir Path dir) throws Exception {
        try (RawClient a = RawClient.connect(base(0), WireFormat.JSON);
                RawClient b = RawClient.connect(base(1), WireFormat.JSON)) {
            a.loginOk("MANUAL");
            b.loginOk("AUTO");
            b.expect("UPDATES_COMPLETE");
            ObjectNode ack = a.apply(put(NOTE, a.gid(1), props().put("title", "across replicas")));
            assertEquals("APPLIED", ack.path("status").asText());
            ObjectNode push = b.expect(
                    m -> m.path("t").asText().equals("PUSH_DATA")
                            && m.toString().contains("across replicas"),
                    "cross-replica push");
            assertEquals("LIVE", push.path("kind").asText());
            assertEquals(
                    a.hello.path("epoch").asText(),
                    b.hello.path("epoch").asText(),
                    "one history lineage for both replicas");
        }
        Path file = dir.resolve("failover");
        URI one = RawClient.wsUri(base(0));
        URI two = RawClient.wsUri(base(1));
        try (ObjectStoreClient client =
                ObjectStoreClient.builder(MODEL, file, two).start()) {
            client.loggedIn().orTimeout(60, TimeUnit.SECONDS).join();
            client.put("Note", 0, Map.of("title", "before failover"));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (client.pendingCount() > 0 && System.nanoTime() < deadline) Thread.sleep(50);
            assertEquals(0, client.pendingCount());
        }
        replicas.get(1).close();
        String epoch;
        long last;
        try (RawClient writer = RawClient.connect(base(0), WireFormat.JSON)) {
            ObjectNode ok = writer.loginOk("MANUAL");
            epoch = ok.path("epoch").asText();
            writer.apply(put(NOTE, writer.gid(1), props().put("title", "while failing over")));
        }
        try (ObjectStoreClient client =
                ObjectStoreClient.builder(MODEL, file, two, one).start()) {
            client.loggedIn().orTimeout(120, TimeUnit.SECONDS).join();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (client.ids("Note").stream()
                            .noneMatch(id -> client.get("Note", id)
                                    .orElseThrow()
                                    .path("title")
                                    .asText()
                                    .equals("while failing over"))
                    && System.nanoTime() < deadline) Thread.sleep(50);
            assertTrue(client.ids("Note").stream()
                    .anyMatch(id -> client.get("Note", id)
                            .orElseThrow()
                            .path("title")
                            .asText()
                            .equals("while failing over")));
            last = client.lastHseq();
        }
        try (RawClient resumed = RawClient.connect(base(0), WireFormat.JSON)) {
            ObjectNode login = RawClient.login(resumed.clientId, "AUTO");
            login.putObject("resume").put("epoch", epoch).put("lastHseq", Long.toString(last));
            resumed.send(login);
            assertEquals(
                    "DELTA", resumed.expect("LOGIN_OK").path("sync").asText(), "resume by hseq on the other replica");
        }
        assertTrue(Files.exists(Path.of("target", "replica-0.log")));
    }
}
