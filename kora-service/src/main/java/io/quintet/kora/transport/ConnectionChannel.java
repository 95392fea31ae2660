package io.quintet.kora.transport;

import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import io.quintet.kora.codec.JsonCodec;
import io.quintet.kora.codec.ProtobufCodec;
import io.quintet.kora.message.KoraMessage;
import io.quintet.kora.message.RelayedMessage;
import io.quintet.kora.session.SessionChannel;
import io.smallrye.mutiny.Uni;

/** A WebSocket connection as a session channel: one message per text (JSON) or binary (protobuf) frame. */
final class ConnectionChannel implements SessionChannel {

    private final WebSocketConnection connection;

    ConnectionChannel(WebSocketConnection connection) {
        this.connection = connection;
    }

    @Override
    public Uni<Void> send(KoraMessage message, boolean binary) {
        // presence and richtext are JSON-only on every session (kora.md 4.2)
        if (binary && !(message instanceof RelayedMessage)) {
            return connection.sendBinary(ProtobufCodec.encode(message));
        }
        return connection.sendText(JsonCodec.encode(message));
    }

    @Override
    public Uni<Void> close(int code, String reason) {
        return connection.close(new CloseReason(code, reason));
    }

    @Override
    public boolean isOpen() {
        return connection.isOpen();
    }
}
