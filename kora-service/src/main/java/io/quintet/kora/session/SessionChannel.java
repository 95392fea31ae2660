package io.quintet.kora.session;

import io.quintet.kora.message.KoraMessage;
import io.smallrye.mutiny.Uni;

/** A session's transport: sends one message per frame, closes with a WebSocket close code. */
public interface SessionChannel {

    /** Sends as a protobuf binary frame when {@code binary}, else as a JSON text frame. */
    Uni<Void> send(KoraMessage message, boolean binary);

    Uni<Void> close(int code, String reason);

    boolean isOpen();
}
