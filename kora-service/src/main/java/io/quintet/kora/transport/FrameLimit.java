package io.quintet.kora.transport;

import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

/**
 * Inbound frames and messages past {@code KORA_MAX_FRAME_BYTES}: Vert.x reports them as a failure
 * of the connection and otherwise drops them, so the client would resend the same message after
 * every reconnect for ever. Here they end the connection with close 1009 (message too big).
 */
final class FrameLimit {

    static final int CLOSE_MESSAGE_TOO_BIG = 1009;
    private static final Logger LOG = Logger.getLogger(FrameLimit.class);

    private FrameLimit() {}

    static Uni<Void> onError(WebSocketConnection connection, Throwable failure) {
        if (tooBig(failure) && connection.isOpen()) {
            LOG.debugf("connection %s: %s", connection.id(), failure.getMessage());
            return connection
                    .close(new CloseReason(CLOSE_MESSAGE_TOO_BIG, "message too big"))
                    .onFailure()
                    .recoverWithNull()
                    .replaceWithVoid();
        }
        LOG.debugf(failure, "connection %s failed", connection.id());
        return Uni.createFrom().voidItem();
    }

    static boolean tooBig(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof CorruptedWebSocketFrameException) return true;
            if (t instanceof IllegalStateException
                    && t.getMessage() != null
                    && t.getMessage().contains("max message size")) return true;
        }
        return false;
    }
}
