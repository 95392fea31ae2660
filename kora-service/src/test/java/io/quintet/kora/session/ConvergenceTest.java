package io.quintet.kora.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quintet.kora.testing.KoraTestClient;
import io.quintet.kora.testing.KoraTestSupport;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Clients that follow the real client's delivery rules (kora.md 7.1) converge through the server,
 * also when frames are dropped, duplicated and reordered and connections are cut.
 */
@QuarkusTest
class ConvergenceTest {

    @TestHTTPResource("/")
    URL base;

    @Inject
    Pool pool;

    /** A watermark client model: local log, outbox, delivery chain rules, optional frame chaos. */
    private static final class ModelClient {
        final String node;
        final URI uri;
        final Random random;
        final double chaos;
        final Map<String, JsonNode> log = new LinkedHashMap<>();
        final Map<String, ObjectNode> outbox = new LinkedHashMap<>();
        final Map<String, List<String>> inFlight = new HashMap<>();
        KoraTestClient connection;
        long watermark;
        boolean streaming;

        ModelClient(URI uri, String node, long seed, double chaos) {
            this.uri = uri;
            this.node = node;
            this.random = new Random(seed);
            this.chaos = chaos;
        }

        void connect() {
            connection = KoraTestClient.connect(uri, node);
            inFlight.clear();
            streaming = false;
            connection.send(connection.handshake(watermark));
        }

        void disconnect() {
            if (connection != null) connection.close();
            connection = null;
            streaming = false;
        }

        /** A local edit: recorded in the local log and queued for upload (works offline). */
        void edit(KoraTestClient factory, String collection, String record, String field, String value) {
            ObjectNode data = KoraTestClient.JSON.createObjectNode().put(field, value);
            ObjectNode op = factory.op(
                    log.values().stream()
                                    .anyMatch(o -> o.get("recordId").asText().equals(record))
                            ? "update"
                            : "insert",
                    collection,
                    record,
                    data,
                    null,
                    System.currentTimeMillis());
            log.put(op.get("id").asText(), op);
            outbox.put(op.get("id").asText(), op);
        }

        /** Handles what arrived, then uploads what is queued. */
        void pump() {
            if (connection == null) return;
            JsonNode message;
            while ((message = connection.poll(5)) != null) {
                handle(message);
            }
            if (streaming && inFlight.isEmpty() && !outbox.isEmpty()) upload();
        }

        private void handle(JsonNode message) {
            switch (message.path("type").asText()) {
                case "handshake-response" -> {
                    if (message.has("serverMaxDeliverySequence")
                            && message.get("serverMaxDeliverySequence").asLong() < watermark) {
                        watermark = 0;
                    }
                }
                case "operation-batch" -> {
                    if (random.nextDouble() < chaos) return; // lost on the way
                    long baseSeq = message.get("baseDeliverySequence").asLong();
                    long max = message.get("maxDeliverySequence").asLong();
                    if (baseSeq > watermark) return; // a gap: ignored, not acknowledged
                    if (baseSeq == watermark) {
                        message.get("operations")
                                .forEach(op -> log.putIfAbsent(op.get("id").asText(), op));
                        watermark = max;
                        if (message.get("isFinal").asBoolean()) streaming = true;
                    }
                    ObjectNode ack = KoraTestClient.JSON.createObjectNode();
                    ack.put("type", "acknowledgment");
                    ack.put("messageId", "ack-" + System.nanoTime());
                    ack.put("acknowledgedMessageId", message.get("messageId").asText());
                    ack.put("lastSequenceNumber", 0);
                    ack.put("deliverySequence", watermark);
                    connection.send(ack);
                    if (random.nextDouble() < chaos) connection.send(ack); // duplicated
                }
                case "acknowledgment" -> {
                    List<String> ids =
                            inFlight.remove(message.get("acknowledgedMessageId").asText());
                    if (ids != null) ids.forEach(outbox::remove);
                }
                default -> throw new AssertionError("unexpected message " + message);
            }
        }

        private void upload() {
            List<ObjectNode> pending = new ArrayList<>(outbox.values());
            List<ObjectNode> batches = new ArrayList<>();
            for (int i = 0; i < pending.size(); i += 7) {
                List<ObjectNode> slice = pending.subList(i, Math.min(pending.size(), i + 7));
                ObjectNode batch = connection.batch(slice.toArray(JsonNode[]::new));
                inFlight.put(
                        batch.get("messageId").asText(),
                        slice.stream().map(o -> o.get("id").asText()).toList());
                batches.add(batch);
            }
            if (random.nextDouble() < chaos) Collections.reverse(batches); // reordered
            for (ObjectNode batch : batches) {
                connection.send(batch);
                if (random.nextDouble() < chaos) connection.send(batch); // duplicated
            }
        }

        /** Per record and field, the value written last in HLC order. */
        Map<String, Map<String, String>> state(String collection) {
            Map<String, Map<String, String>> state = new TreeMap<>();
            log.values().stream()
                    .filter(op -> op.get("collection").asText().equals(collection))
                    .sorted(Comparator.comparing((JsonNode op) ->
                                    op.get("timestamp").get("wallTime").asLong())
                            .thenComparing(
                                    op -> op.get("timestamp").get("logical").asLong())
                            .thenComparing(
                                    op -> op.get("timestamp").get("nodeId").asText()))
                    .forEach(op -> op.get("data")
                            .fields()
                            .forEachRemaining(f -> state.computeIfAbsent(
                                            op.get("recordId").asText(), r -> new TreeMap<>())
                                    .put(f.getKey(), f.getValue().asText())));
            return state;
        }

        Set<String> ids(String collection) {
            Set<String> ids = new TreeSet<>();
            log.values().stream()
                    .filter(op -> op.get("collection").asText().equals(collection))
                    .forEach(op -> ids.add(op.get("id").asText()));
            return ids;
        }
    }

    private Set<String> serverIds(String collection) {
        Set<String> ids = new TreeSet<>();
        for (Row row : pool.preparedQuery("SELECT id FROM kora.operations WHERE collection = $1")
                .execute(Tuple.of(collection))
                .await()
                .indefinitely()) {
            ids.add(row.getString(0));
        }
        return ids;
    }

    private void settle(List<ModelClient> clients, String collection, int expected) {
        long deadline = System.currentTimeMillis() + 40_000;
        while (System.currentTimeMillis() < deadline) {
            clients.forEach(ModelClient::pump);
            boolean done = clients.stream()
                    .allMatch(c -> c.outbox.isEmpty() && c.ids(collection).size() == expected);
            if (done && serverIds(collection).size() == expected) return;
        }
        clients.forEach(c -> System.out.println(c.node + " outbox=" + c.outbox.size() + " ids="
                + c.ids(collection).size() + " watermark=" + c.watermark));
        throw new AssertionError("clients did not converge within 40 s");
    }

    private void run(String collection, double chaos, long seed) {
        URI uri = KoraTestSupport.ws(base, "/");
        ModelClient a = new ModelClient(uri, "conv-a-" + seed + "-" + System.nanoTime(), seed, chaos);
        ModelClient b = new ModelClient(uri, "conv-b-" + seed + "-" + System.nanoTime(), seed + 1, chaos);
        KoraTestClient factoryA = KoraTestClient.builder(a.node);
        KoraTestClient factoryB = KoraTestClient.builder(b.node);
        Random random = new Random(seed);
        List<ModelClient> clients = List.of(a, b);
        int expected = 0;
        for (int round = 0; round < 4; round++) {
            // offline edits on both sides, to the same records and fields
            for (int i = 0; i < 15; i++) {
                String record = "rec-" + random.nextInt(5);
                a.edit(factoryA, collection, record, "f" + random.nextInt(3), "a" + round + "-" + i);
                b.edit(factoryB, collection, record, "f" + random.nextInt(3), "b" + round + "-" + i);
                expected += 2;
            }
            clients.forEach(ModelClient::connect);
            // a connection cut in the middle of the exchange
            long until = System.currentTimeMillis() + 150;
            while (System.currentTimeMillis() < until) clients.forEach(ModelClient::pump);
            if (chaos > 0) {
                ModelClient victim = clients.get(random.nextInt(2));
                victim.disconnect();
                victim.connect();
            }
            settle(clients, collection, expected);
            clients.forEach(ModelClient::disconnect);
        }
        assertEquals(serverIds(collection), a.ids(collection));
        assertEquals(serverIds(collection), b.ids(collection));
        assertEquals(a.state(collection), b.state(collection));
        assertFalse(a.state(collection).isEmpty());
    }

    @Test
    @DisplayName("two clients converge after offline edits on both, over several reconnects")
    void offlineEditsConverge() {
        run("converge" + System.nanoTime(), 0, 11);
    }

    @Test
    @DisplayName(
            "chaos: dropped, duplicated and reordered frames and cut connections end in identical state on every client and in the log")
    void chaosConverges() {
        run("chaos" + System.nanoTime(), 0.2, 29);
    }
}
