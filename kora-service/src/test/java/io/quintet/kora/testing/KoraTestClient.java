package io.quintet.kora.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quintet.kora.codec.WireFrames;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/** A raw Kora WebSocket client over loopback (java.net.http), recording every frame it receives. */
public final class KoraTestClient implements AutoCloseable {

    public static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final AtomicInteger COUNTER = new AtomicInteger();

    public record Closed(int code, String reason) {}

    private final BlockingQueue<JsonNode> inbox = new LinkedBlockingQueue<>();
    private final CompletableFuture<Closed> closed = new CompletableFuture<>();
    private final WebSocket socket;
    public final String nodeId;
    private int seq;
    private long lastWall;
    /** The delivery watermark, as the real client keeps it: the max of the last applied delivery batch. */
    public long watermark;

    private KoraTestClient(URI uri, String nodeId) {
        this.nodeId = nodeId;
        this.socket = uri == null
                ? null
                : HTTP.newWebSocketBuilder()
                        .connectTimeout(Duration.ofSeconds(5))
                        .buildAsync(uri, new Listener())
                        .join();
    }

    /** A client without a connection: only builds messages (for HTTP tests and offline edits). */
    public static KoraTestClient builder(String nodeId) {
        return new KoraTestClient(null, nodeId);
    }

    public static KoraTestClient connect(URI uri) {
        return new KoraTestClient(uri, "node-" + COUNTER.incrementAndGet() + "-" + System.nanoTime());
    }

    /** Received operation batches' operations, in order, until a final batch (acknowledging each). */
    public List<JsonNode> receiveUntilFinal() {
        List<JsonNode> ops = new ArrayList<>();
        JsonNode batch;
        do {
            batch = next("operation-batch");
            batch.get("operations").forEach(ops::add);
            ack(batch);
        } while (!batch.get("isFinal").asBoolean());
        return ops;
    }

    public static KoraTestClient connect(URI uri, String nodeId) {
        return new KoraTestClient(uri, nodeId);
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                try {
                    inbox.add(JSON.readTree(text.toString()));
                } catch (Exception e) {
                    inbox.add(JSON.createObjectNode().put("type", "unparseable").put("text", text.toString()));
                }
                text.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] chunk = new byte[data.remaining()];
            data.get(chunk);
            bytes.writeBytes(chunk);
            if (last) {
                inbox.add(WireFrames.toJson(bytes.toByteArray()));
                bytes.reset();
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(new Closed(statusCode, reason));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(new Closed(1006, String.valueOf(error)));
        }
    }

    public KoraTestClient sendText(String text) {
        socket.sendText(text, true).join();
        return this;
    }

    public KoraTestClient send(JsonNode message) {
        return sendText(message.toString());
    }

    public KoraTestClient sendBinary(byte[] bytes) {
        socket.sendBinary(ByteBuffer.wrap(bytes), true).join();
        return this;
    }

    /** The next message, failing after {@code seconds}. */
    public JsonNode next(double seconds) {
        try {
            JsonNode message = inbox.poll((long) (seconds * 1000), TimeUnit.MILLISECONDS);
            assertNotNull(message, "no message within " + seconds + " s");
            return message;
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    public JsonNode next() {
        return next(5);
    }

    /**
     * The next message, which must be of {@code type}. Empty delivery batches that only move the
     * watermark past this client's own operations (sent on the server's tick) are acknowledged
     * and skipped, unless a batch is what is expected.
     */
    public JsonNode next(String type) {
        JsonNode message = next();
        while (!type.equals("operation-batch")
                && message.path("type").asText().equals("operation-batch")
                && message.get("operations").isEmpty()
                && message.has("maxDeliverySequence")) {
            ack(message);
            message = next();
        }
        JsonNode received = message;
        assertEquals(type, received.path("type").asText(), () -> "unexpected message " + received);
        return received;
    }

    /** The next message within {@code millis}, or null. */
    public JsonNode poll(long millis) {
        try {
            return inbox.poll(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Skips messages until one matches. */
    public JsonNode await(Predicate<JsonNode> matcher, double seconds) {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        while (System.nanoTime() < deadline) {
            try {
                JsonNode message =
                        inbox.poll(Math.max(1, (deadline - System.nanoTime()) / 1_000_000), TimeUnit.MILLISECONDS);
                if (message != null && matcher.test(message)) return message;
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
        fail("no matching message within " + seconds + " s");
        return null;
    }

    /** Asserts that nothing arrives for {@code millis}. */
    public void expectSilence(long millis) {
        try {
            JsonNode message = inbox.poll(millis, TimeUnit.MILLISECONDS);
            assertNull(message, () -> "unexpected message " + message);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Everything that arrives within {@code millis}. */
    public List<JsonNode> drain(long millis) {
        List<JsonNode> all = new ArrayList<>();
        long deadline = System.currentTimeMillis() + millis;
        try {
            while (true) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) break;
                JsonNode message = inbox.poll(left, TimeUnit.MILLISECONDS);
                if (message != null) all.add(message);
            }
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        return all;
    }

    public Closed awaitClose(double seconds) {
        try {
            return closed.get((long) (seconds * 1000), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            fail("connection not closed within " + seconds + " s");
            return null;
        }
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    // ------------------------------------------------------------ message builders

    public ObjectNode handshake(Long lastDeliverySequence) {
        ObjectNode h = JSON.createObjectNode();
        h.put("type", "handshake");
        h.put("messageId", "h-" + System.nanoTime());
        h.put("nodeId", nodeId);
        h.putObject("versionVector");
        h.put("schemaVersion", 1);
        h.putArray("supportedWireFormats").add("json").add("protobuf");
        if (lastDeliverySequence != null) h.put("lastDeliverySequence", lastDeliverySequence);
        return h;
    }

    /** Sends a watermark handshake and consumes the response and the initial stream up to its final batch. */
    public JsonNode handshakeAndSync(long from) {
        return handshakeAndSync(handshake(from));
    }

    public JsonNode handshakeAndSync(ObjectNode handshake) {
        send(handshake);
        JsonNode response = next("handshake-response");
        assertTrue(response.get("accepted").asBoolean(), () -> "rejected: " + response);
        JsonNode batch;
        do {
            batch = next("operation-batch");
            ack(batch);
        } while (!batch.get("isFinal").asBoolean());
        return response;
    }

    /** Acknowledges a delivery batch as the real client does. */
    public void ack(JsonNode batch) {
        ObjectNode ack = JSON.createObjectNode();
        ack.put("type", "acknowledgment");
        ack.put("messageId", "a-" + System.nanoTime());
        ack.put("acknowledgedMessageId", batch.get("messageId").asText());
        ack.put("lastSequenceNumber", 0);
        if (batch.has("maxDeliverySequence")) {
            watermark = Math.max(watermark, batch.get("maxDeliverySequence").asLong());
            ack.put("deliverySequence", batch.get("maxDeliverySequence").asLong());
        }
        send(ack);
    }

    public ObjectNode insert(String collection, String recordId, ObjectNode data) {
        return op("insert", collection, recordId, data, null, System.currentTimeMillis());
    }

    public ObjectNode op(
            String type, String collection, String recordId, ObjectNode data, ObjectNode previous, long wallTime) {
        long wall = Math.max(wallTime, lastWall);
        lastWall = wall;
        ObjectNode op = JSON.createObjectNode();
        op.put("id", "op-" + nodeId + "-" + (++seq));
        op.put("nodeId", nodeId);
        op.put("type", type);
        op.put("collection", collection);
        op.put("recordId", recordId);
        if (data == null) op.putNull("data");
        else op.set("data", data);
        if (previous == null) op.putNull("previousData");
        else op.set("previousData", previous);
        ObjectNode ts = op.putObject("timestamp");
        ts.put("wallTime", wall);
        ts.put("logical", seq);
        ts.put("nodeId", nodeId);
        op.put("sequenceNumber", seq);
        op.putArray("causalDeps");
        op.put("schemaVersion", 1);
        return op;
    }

    public ObjectNode batch(JsonNode... ops) {
        ObjectNode b = JSON.createObjectNode();
        b.put("type", "operation-batch");
        b.put("messageId", "b-" + System.nanoTime());
        ArrayNode array = b.putArray("operations");
        for (JsonNode op : ops) array.add(op);
        b.put("isFinal", true);
        b.put("batchIndex", 0);
        return b;
    }

    public static ObjectNode data(String... keyValues) {
        ObjectNode data = JSON.createObjectNode();
        for (int i = 0; i < keyValues.length; i += 2) data.put(keyValues[i], keyValues[i + 1]);
        return data;
    }

    @Override
    public void close() {
        if (socket != null && !closed.isDone()) {
            try {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(2, TimeUnit.SECONDS);
                closed.get(2, TimeUnit.SECONDS);
            } catch (Exception e) {
                socket.abort();
            }
        }
    }
}
