package io.quintet.objectstore.replicas;

import static io.quintet.objectstore.osp.RawClient.NOTE;
import static io.quintet.objectstore.osp.RawClient.props;
import static io.quintet.objectstore.osp.RawClient.put;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quintet.objectstore.client.ObjectStoreClient;
import io.quintet.objectstore.model.Model;
import io.quintet.objectstore.model.ModelReader;
import io.quintet.objectstore.osp.RawClient;
import io.quintet.objectstore.wire.WireFormat;
import io.quintet.protocol.testing.EmbeddedPostgresServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Items 83–86 read as replicas (issue 14): processes of the packaged service on one database.
 * PostgreSQL orders the history and chooses the leader (an advisory lock held by one replica's
 * connection); a TX acknowledged by one replica reaches clients of the others through the change
 * feed; a client whose replica dies fails over to another URL and resumes by hseq without a full
 * sync; a schema switch on one replica disconnects the clients of every replica. Replicas 0 and 1
 * are ordinary, replica 2 is a {@code fixedFollower}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicasIT {

    private static final Model MODEL = ModelReader.read(Path.of("src/test/resources/models/notes.json"));
    private static final Model MODEL_V2 = ModelReader.read(Path.of("src/test/resources/models/notes-v2.json"));
    private static final String DATABASE = "objectstore_replicas";
    private static final String ADMIN = "root";
    private static final String ADMIN_PASSWORD = "replicas-admin-password";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final List<ServiceProcess> replicas = new ArrayList<>();
    /** The ordinary replica that is not the leader after {@link #c83OneLeaderOneOrder}'s election. */
    private static int survivor = -1;

    @BeforeAll
    static void start() throws Exception {
        EmbeddedPostgresServer.createDatabase(DATABASE);
        replicas.add(ServiceProcess.start(DATABASE, "replica-0", env()));
        replicas.add(ServiceProcess.start(DATABASE, "replica-1", env()));
        replicas.add(ServiceProcess.start(DATABASE, "replica-2", env("OBJECTSTORE_FIXED_FOLLOWER", "true")));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        for (ServiceProcess replica : replicas) replica.close();
    }

    private static Map<String, String> env(String... extra) {
        Map<String, String> env = new HashMap<>();
        env.put("OBJECTSTORE_ADMIN_USER", ADMIN);
        env.put("OBJECTSTORE_ADMIN_PASSWORD", ADMIN_PASSWORD);
        for (int i = 0; i < extra.length; i += 2) env.put(extra[i], extra[i + 1]);
        return env;
    }

    private static URI base(int replica) {
        return replicas.get(replica).base();
    }

    @Test
    @Order(1)
    @DisplayName(
            "C83 read as replicas: PostgreSQL's advisory lock makes exactly one replica the leader (obx_cluster_peer_state 1 on one, 2 on the others, never on the fixedFollower); every replica lists all three with heartbeats; TXs written through all three get one gap-free hseq order")
    void c83OneLeaderOneOrder() throws Exception {
        eventually(
                () -> leaders(List.of(0, 1, 2)) == 1 && states().stream().allMatch(s -> s == 1 || s == 2),
                "exactly one leader among three replicas");
        List<Integer> states = states();
        assertEquals(2, states.get(2), "the fixedFollower is a follower");
        int leader = states.get(0) == 1 ? 0 : 1;
        survivor = 1 - leader;
        for (int i = 0; i < 3; i++) {
            JsonNode cluster = admin(i, "GET", "/api/v1/cluster", null);
            int alive = 0;
            for (JsonNode r : cluster.path("replicas")) if (r.path("alive").asBoolean()) alive++;
            assertEquals(3, alive, "replica " + i + " lists three live replicas: " + cluster);
            assertEquals(
                    i == leader ? "leader" : "follower", cluster.path("role").asText());
            int index = i;
            eventually(
                    () -> {
                        try {
                            return admin(index, "GET", "/api/v1/cluster", null)
                                    .path("leader")
                                    .asText()
                                    .equals(admin(leader, "GET", "/api/v1/cluster", null)
                                            .path("self")
                                            .asText());
                        } catch (Exception e) {
                            return false;
                        }
                    },
                    "replica " + i + " names the leader");
        }
        // every replica takes writes; the database gives them one order without gaps or repeats
        List<RawClient> writers = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                RawClient w = RawClient.connect(base(i), WireFormat.JSON);
                w.loginOk("MANUAL");
                writers.add(w);
            }
            TreeSet<Long> hseqs = new TreeSet<>();
            for (int round = 0; round < 5; round++) {
                for (int i = 0; i < 3; i++)
                    writers.get(i)
                            .send(writers.get(i)
                                    .tx(
                                            round + 1,
                                            put(
                                                    NOTE,
                                                    writers.get(i).gid(round + 1),
                                                    props().put("title", "c83 " + i + "/" + round))));
                for (int i = 0; i < 3; i++) {
                    String cseq = Long.toString(round + 1);
                    ObjectNode ack = writers.get(i)
                            .expect(
                                    m -> m.path("t").asText().equals("ACK_TX")
                                            && m.path("cseq").asText().equals(cseq),
                                    "ACK " + cseq);
                    assertEquals("APPLIED", ack.path("status").asText(), ack.toString());
                    assertTrue(hseqs.add(Long.parseLong(ack.path("hseq").asText())), "hseq repeated: " + ack);
                }
            }
            assertEquals(15, hseqs.size());
            assertEquals(14, hseqs.last() - hseqs.first(), "one gap-free order: " + hseqs);
        } finally {
            for (RawClient w : writers) w.close();
        }
    }

    @Test
    @Order(2)
    @DisplayName(
            "C9 C8 across replicas: a schema version switched on one replica disconnects (1001) the clients of every replica, and every replica serves the new current version; switching back on another replica does the same")
    void schemaSwitchReachesEveryReplica() throws Exception {
        int v2 = admin(0, "POST", "/api/v1/schema/versions", MODEL_V2.text())
                .path("versionId")
                .asInt();
        int v1 = v2 - 1;
        switchOn(0, v2, List.of(1, 2));
        for (int i = 0; i < 3; i++) assertEquals(v2, current(i), "replica " + i + " serves version " + v2);
        switchOn(1, v1, List.of(0, 2));
        for (int i = 0; i < 3; i++) assertEquals(v1, current(i), "replica " + i + " serves version " + v1);
    }

    private static void switchOn(int replica, int version, List<Integer> others) throws Exception {
        List<RawClient> clients = new ArrayList<>();
        try {
            for (int other : others) {
                RawClient c = RawClient.connect(base(other), WireFormat.JSON);
                c.loginOk("AUTO");
                clients.add(c);
            }
            JsonNode switched = admin(replica, "POST", "/api/v1/schema/current", "{\"versionId\":" + version + "}");
            assertEquals(version, switched.path("versionId").asInt());
            for (RawClient c : clients)
                assertEquals(1001, c.closeCode(), "a client of another replica is disconnected");
        } finally {
            for (RawClient c : clients) c.close();
        }
    }

    private static int current(int replica) throws Exception {
        for (JsonNode v : admin(replica, "GET", "/api/v1/schema/versions", null))
            if (v.path("current").asBoolean()) return v.path("versionId").asInt();
        throw new AssertionError("no current version on replica " + replica);
    }

    @Test
    @Order(3)
    @DisplayName(
            "C84 a TX acknowledged by one replica reaches a client of another by live push; C85 the leader is killed: the other ordinary replica takes the lease (never the fixedFollower) and the client fails over and resumes by hseq without a full sync")
    void crossReplicaAndFailover(@TempDir Path dir) throws Exception {
        int leader = 1 - survivor;
        try (RawClient a = RawClient.connect(base(survivor), WireFormat.JSON);
                RawClient b = RawClient.connect(base(leader), WireFormat.JSON)) {
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
        URI dying = RawClient.wsUri(base(leader));
        URI staying = RawClient.wsUri(base(survivor));
        try (ObjectStoreClient client =
                ObjectStoreClient.builder(MODEL, file, dying).start()) {
            client.loggedIn().orTimeout(60, TimeUnit.SECONDS).join();
            client.put("Note", 0, Map.of("title", "before failover"));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (client.pendingCount() > 0 && System.nanoTime() < deadline) Thread.sleep(50);
            assertEquals(0, client.pendingCount());
        }
        replicas.get(leader).kill();
        eventually(() -> state(survivor) == 1, "the surviving ordinary replica becomes the leader");
        assertEquals(2, state(2), "the fixedFollower stays a follower");
        String epoch;
        long last;
        try (RawClient writer = RawClient.connect(base(survivor), WireFormat.JSON)) {
            ObjectNode ok = writer.loginOk("MANUAL");
            epoch = ok.path("epoch").asText();
            writer.apply(put(NOTE, writer.gid(1), props().put("title", "while failing over")));
        }
        try (ObjectStoreClient client =
                ObjectStoreClient.builder(MODEL, file, dying, staying).start()) {
            client.loggedIn().orTimeout(120, TimeUnit.SECONDS).join();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!hasTitle(client, "while failing over") && System.nanoTime() < deadline) Thread.sleep(50);
            assertTrue(hasTitle(client, "while failing over"));
            last = client.lastHseq();
        }
        try (RawClient resumed = RawClient.connect(base(survivor), WireFormat.JSON)) {
            ObjectNode login = RawClient.login(resumed.clientId, "AUTO");
            login.putObject("resume").put("epoch", epoch).put("lastHseq", Long.toString(last));
            resumed.send(login);
            assertEquals(
                    "DELTA", resumed.expect("LOGIN_OK").path("sync").asText(), "resume by hseq on the other replica");
        }
        assertTrue(Files.exists(Path.of("target", "replica-0.log")));
    }

    @Test
    @Order(4)
    @DisplayName(
            "C86 read as replicas: a fixedLeader replica takes the lease from the others; a second fixedLeader on the same database refuses to start; a fixedFollower left alone never becomes leader")
    void c86FixedRoles() throws Exception {
        replicas.add(ServiceProcess.start(DATABASE, "replica-3", env("OBJECTSTORE_FIXED_LEADER", "true")));
        eventually(
                () -> state(3) == 1 && state(survivor) == 2 && state(2) == 2,
                "the fixedLeader leads, the others follow");
        String refused = ServiceProcess.startRefused(DATABASE, "replica-4", env("OBJECTSTORE_FIXED_LEADER", "true"));
        assertTrue(refused.contains("another replica on this database already claims to be the fixed leader"), refused);
        replicas.get(3).kill();
        replicas.get(survivor).kill();
        // the fixedFollower is alone; it keeps trying nothing for several lease rounds
        Thread.sleep(5000);
        assertEquals(2, state(2), "a fixedFollower never becomes leader, even alone");
        JsonNode cluster = admin(2, "GET", "/api/v1/cluster", null);
        assertEquals("follower", cluster.path("role").asText());
    }

    private static boolean hasTitle(ObjectStoreClient client, String title) {
        return client.ids("Note").stream()
                .anyMatch(id -> client.get("Note", id)
                        .orElseThrow()
                        .path("title")
                        .asText()
                        .equals(title));
    }

    private static List<Integer> states() {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < 3; i++) out.add(state(i));
        return out;
    }

    private static long leaders(List<Integer> which) {
        return which.stream().filter(i -> state(i) == 1).count();
    }

    /** {@code obx_cluster_peer_state} of a replica's Prometheus page (-1 when it does not answer). */
    private static int state(int replica) {
        try {
            HttpResponse<String> r = HTTP.send(
                    HttpRequest.newBuilder(base(replica).resolve("api/sync/prometheus"))
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            for (String line : r.body().split("\n")) {
                if (line.startsWith("obx_cluster_peer_state ")) return (int) Double.parseDouble(line.split(" ")[1]);
            }
            return -1;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static JsonNode admin(int replica, String method, String path, String body) throws Exception {
        HttpResponse<String> login = HTTP.send(
                HttpRequest.newBuilder(base(replica).resolve("api/v2/sessions"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                JSON.writeValueAsString(Map.of("username", ADMIN, "password", ADMIN_PASSWORD))))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, login.statusCode(), login.body());
        String token = JSON.readTree(login.body()).path("token").asText();
        HttpRequest.Builder request = HttpRequest.newBuilder(base(replica).resolve(path.substring(1)))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(r.statusCode() / 100 == 2, method + " " + path + " → " + r.statusCode() + " " + r.body());
        return JSON.readTree(r.body());
    }

    private static void eventually(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out: " + what);
            Thread.sleep(200);
        }
    }
}
