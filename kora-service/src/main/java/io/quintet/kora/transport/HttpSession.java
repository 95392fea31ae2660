package io.quintet.kora.transport;

import io.quintet.kora.codec.JsonCodec;
import io.quintet.kora.codec.ProtobufCodec;
import io.quintet.kora.message.KoraMessage;
import io.quintet.kora.message.RelayedMessage;
import io.quintet.kora.session.SessionChannel;
import io.smallrye.mutiny.Uni;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * One HTTP polling client (kora.md 2.2): outbound messages wait in a queue until a GET takes
 * them, one per response, each with a weak etag numbered per session.
 */
final class HttpSession implements SessionChannel {

    static final String JSON = "application/json";
    static final String PROTOBUF = "application/x-protobuf";

    record Outbound(byte[] body, String contentType, String etag) {}

    /** The current session's id; a client that restarts gets a new one ({@link #restart}). */
    volatile String id;

    private final Deque<Outbound> queue = new ArrayDeque<>();
    private final long createdAt = System.currentTimeMillis();
    private long etagCounter;
    private volatile boolean closed;
    private volatile long lastActivity = System.currentTimeMillis();

    private final Runnable onClose;

    HttpSession(String id, Runnable onClose) {
        this.id = id;
        this.onClose = onClose;
    }

    @Override
    public boolean countedFromHandshake() {
        return true;
    }

    @Override
    public synchronized String restart() {
        if (closed) return null;
        queue.clear();
        id = HttpSessions.newId(id);
        return id;
    }

    long createdAt() {
        return createdAt;
    }

    @Override
    public synchronized Uni<Void> send(KoraMessage message, boolean binary) {
        if (!closed) {
            String etag = "W/\"" + (++etagCounter) + "\"";
            if (binary && !(message instanceof RelayedMessage)) {
                queue.add(new Outbound(ProtobufCodec.encode(message), PROTOBUF, etag));
            } else {
                queue.add(new Outbound(JsonCodec.encode(message).getBytes(StandardCharsets.UTF_8), JSON, etag));
            }
        }
        return Uni.createFrom().voidItem();
    }

    @Override
    public Uni<Void> close(int code, String reason) {
        if (!closed) {
            closed = true;
            onClose.run(); // what a WebSocket close event does for socket sessions
        }
        return Uni.createFrom().voidItem();
    }

    @Override
    public boolean isOpen() {
        return !closed;
    }

    synchronized Outbound head() {
        return queue.peekFirst();
    }

    synchronized void removeHead(Outbound head) {
        if (queue.peekFirst() == head) queue.pollFirst();
    }

    void touch() {
        lastActivity = System.currentTimeMillis();
    }

    long lastActivity() {
        return lastActivity;
    }

    void markClosed() {
        closed = true;
        synchronized (this) {
            queue.clear();
        }
    }
}
