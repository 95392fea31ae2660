package io.quintet.objectstore.osp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quintet.objectstore.model.Model;
import io.quintet.objectstore.model.ModelReader;
import io.quintet.objectstore.wire.Gids;
import io.quintet.objectstore.wire.WireCodec;
import io.quintet.objectstore.wire.WireFormat;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A raw OSP/1 client over the JDK WebSocket: frames in, frames out, in either subprotocol. */
public final class RawClient implements AutoCloseable {

    public static final Model MODEL = ModelReader.read(Path.of("src/test/resources/models/notes.json"));
    public static final String NOTE =
            Long.toString(MODEL.entityNamed("Note").orElseThrow().uid());
    public static final String FOLDER =
            Long.toString(MODEL.entityNamed("Folder").orElseThrow().uid());
    public static final String TASK =
            Long.toString(MODEL.entityNamed("Task").orElseThrow().uid());
    public static final String SETTING =
            Long.toString(MODEL.entityNamed("Setting").orElseThrow().uid());
    public static final String SHARED_WITH = Long.toString(
            MODEL.entityNamed("Folder").orElseThrow().relations().get(0).id().uid());
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** One HTTP client for every connection (each client of its own would hold a selector thread). */
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final WebSocket socket;
    private final WireFormat format;
    private final BlockingQueue<ObjectNode> inbox;
    private final CompletableFuture<Integer> closed;
    public final String clientId;
    public final String peer;
    public ObjectNode hello;
    private long nextCseq = 1;

    private RawClient(WebSocket socket, WireFormat format, String clientId, Listener listener) {
        this.socket = socket;
        this.format = format;
        this.clientId = clientId;
        this.peer = Gids.peerOf(clientId);
        this.inbox = listener.inbox;
        this.closed = listener.closed;
    }

    public static String newClientId() {
        byte[] id = new byte[16];
        RANDOM.nextBytes(id);
        return HexFormat.of().formatHex(id);
    }

    public static RawClient connect(URI base, WireFormat format) {
        return connect(base, format, newClientId());
    }

    public static RawClient connect(URI base, WireFormat format, String clientId) {
        Listener listener = new Listener();
        WebSocket ws = HTTP.newWebSocketBuilder()
                .subprotocols(format.subprotocol())
                .connectTimeout(WAIT)
                .buildAsync(wsUri(base), listener)
                .join();
        RawClient c = new RawClient(ws, format, clientId, listener);
        c.hello = c.expect("HELLO");
        return c;
    }

    public static URI wsUri(URI base) {
        return URI.create(base.toString().replaceFirst("^http", "ws"));
    }

    static final class Listener implements WebSocket.Listener {
        final BlockingQueue<ObjectNode> inbox = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private final StringBuilder text = new StringBuilder();
        private final ByteArrayOutputStream binary = new ByteArrayOutputStream();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                inbox.add(WireCodec.decodeText(text.toString()));
                text.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            binary.writeBytes(bytes);
            if (last) {
                inbox.add(WireCodec.decodeBinary(binary.toByteArray(), WireFormat.CBOR));
                binary.reset();
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(-1);
        }
    }

    public void send(ObjectNode message) {
        if (format == WireFormat.CBOR) {
            socket.sendBinary(
                            ByteBuffer.wrap(WireCodec.encodeCbor(
                                    message, uid -> MODEL.entity(uid).orElse(null))),
                            true)
                    .join();
        } else {
            socket.sendText(WireCodec.encodeText(message), true).join();
        }
    }

    public void sendRawText(String text) {
        socket.sendText(text, true).join();
    }

    public void sendRawBinary(byte[] bytes) {
        socket.sendBinary(ByteBuffer.wrap(bytes), true).join();
    }

    public ObjectNode next() {
        try {
            ObjectNode m = inbox.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertNotNull(m, "no message within " + WAIT);
            return m;
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The next message of this type; other types in between are dropped. */
    public ObjectNode expect(String type) {
        return expect(m -> m.path("t").asText().equals(type), type);
    }

    public ObjectNode expect(Predicate<ObjectNode> wanted, String what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                ObjectNode m =
                        inbox.poll(Math.max(1, (deadline - System.nanoTime()) / 1_000_000), TimeUnit.MILLISECONDS);
                if (m != null && wanted.test(m)) return m;
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("no " + what + " within " + WAIT);
    }

    /** Messages that arrive within {@code millis} (for asserting that nothing comes). */
    public List<ObjectNode> drain(long millis) {
        List<ObjectNode> out = new ArrayList<>();
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (System.nanoTime() < deadline) {
            try {
                ObjectNode m =
                        inbox.poll(Math.max(1, (deadline - System.nanoTime()) / 1_000_000), TimeUnit.MILLISECONDS);
                if (m != null) out.add(m);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    public int closeCode() {
        return closed.orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
    }

    public static ObjectNode login(String clientId, String mode, ObjectNode... credentials) {
        ObjectNode login = JsonNodeFactory.instance
                .objectNode()
                .put("t", "LOGIN")
                .put("protocol", 1)
                .put("clientId", clientId);
        ArrayNode creds = login.putArray("credentials");
        if (credentials.length == 0) creds.addObject().put("type", "NONE");
        for (ObjectNode c : credentials) creds.add(c);
        login.putObject("schema").put("baseHash", MODEL.baseHash()).put("fullHash", MODEL.fullHash());
        login.putNull("resume");
        login.put("updatesMode", mode).put("maxInFlight", 10).put("pendingFromCseq", "0");
        return login;
    }

    /** Logs in without credentials in the given mode and waits for LOGIN_OK. */
    public ObjectNode loginOk(String mode) {
        send(login(clientId, mode));
        ObjectNode ok = expect(
                m -> m.path("t").asText().equals("LOGIN_OK")
                        || m.path("t").asText().equals("LOGIN_FAIL"),
                "login answer");
        assertEquals("LOGIN_OK", ok.path("t").asText(), ok.toString());
        return ok;
    }

    public String gid(long localId) {
        return peer + "." + localId;
    }

    public static ObjectNode put(String type, String gid, ObjectNode p) {
        ObjectNode op = JsonNodeFactory.instance
                .objectNode()
                .put("op", "PUT")
                .put("type", type)
                .put("gid", gid);
        op.set("p", p);
        return op;
    }

    public static ObjectNode props() {
        return JsonNodeFactory.instance.objectNode();
    }

    public ObjectNode tx(long cseq, ObjectNode... ops) {
        ObjectNode tx = JsonNodeFactory.instance
                .objectNode()
                .put("t", "APPLY_TX")
                .put("cseq", Long.toString(cseq))
                .put("txId", java.util.UUID.randomUUID().toString())
                .put("createdAt", Long.toString(System.currentTimeMillis() * 1_000_000));
        ArrayNode arr = tx.putArray("ops");
        for (ObjectNode op : ops) arr.add(op);
        return tx;
    }

    /** Sends the next TX and answers its ACK_TX. */
    public ObjectNode apply(ObjectNode... ops) {
        long cseq = nextCseq++;
        send(tx(cseq, ops));
        return expect(
                m -> m.path("t").asText().equals("ACK_TX")
                        && m.path("cseq").asText().equals(Long.toString(cseq)),
                "ACK_TX " + cseq);
    }

    /**
     * Sends the next TX and answers its ACK_TX, keeping what arrived before it in {@code before}: the
     * protocol does not order a TX's ACK_TX and the pushes its commit causes to the same client.
     */
    public ObjectNode apply(List<ObjectNode> before, ObjectNode... ops) {
        long cseq = nextCseq++;
        send(tx(cseq, ops));
        return expect(
                m -> {
                    boolean ack = m.path("t").asText().equals("ACK_TX")
                            && m.path("cseq").asText().equals(Long.toString(cseq));
                    if (!ack) before.add(m);
                    return ack;
                },
                "ACK_TX " + cseq);
    }

    /** A message that {@code earlier} holds, else the next one that arrives; others are dropped. */
    public ObjectNode expect(List<ObjectNode> earlier, Predicate<ObjectNode> wanted, String what) {
        for (ObjectNode m : earlier) if (wanted.test(m)) return m;
        return expect(wanted, what);
    }

    public void cseq(long next) {
        nextCseq = next;
    }

    public static JsonNode field(JsonNode node, String name) {
        return node.get(name);
    }

    @Override
    public void close() {
        try {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye")
                    .orTimeout(5, TimeUnit.SECONDS)
                    .join();
        } catch (RuntimeException ignored) {
            socket.abort();
        }
    }
}
