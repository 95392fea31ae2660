package io.quintet.kora.session;

import io.quintet.kora.message.KoraMessage;
import io.smallrye.mutiny.Uni;

/** A session's transport: sends one message per frame, closes with a WebSocket close code. */
public interface SessionChannel {

    /** Sends as a protobuf binary frame when {@code binary}, else as a JSON text frame. */
    Uni<Void> send(KoraMessage message, boolean binary);

    Uni<Void> close(int code, String reason);

    boolean isOpen();

    /**
     * Whether the session counts against {@code kora.max-connections} only once its handshake is
     * accepted (HTTP polling, whose sessions any unauthenticated request opens) rather than from its
     * first frame (a WebSocket, which holds a connection from the start).
     */
    default boolean countedFromHandshake() {
        return false;
    }

    /**
     * A handshake arrived on a session that already has one. On HTTP polling that means the client
     * restarted (it cannot open a new connection, its token or client id keys the old session): the
     * transport drops what waits for the old session and returns the id of a new one. Null where a
     * second handshake is a protocol error (a WebSocket: a restarted client opens a new socket).
     */
    default String restart() {
        return null;
    }
}
