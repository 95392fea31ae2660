package io.quintet.kora.transport;

import io.quarkus.websockets.next.OnBinaryMessage;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnError;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.quintet.kora.session.SessionService;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;

/**
 * The Kora sync WebSocket at the service prefix ({@code /kora}, the reference's path {@code /}).
 * A {@code ?token=} query parameter is accepted and ignored: the handshake token is authoritative.
 */
@WebSocket(path = "/")
public class KoraSocket {

    private final SessionService sessions;

    public KoraSocket(SessionService sessions) {
        this.sessions = sessions;
    }

    @OnOpen
    public Uni<Void> onOpen(WebSocketConnection connection) {
        return sessions.open(connection.id(), new ConnectionChannel(connection));
    }

    @OnTextMessage
    public Uni<Void> onText(String frame, WebSocketConnection connection) {
        return sessions.text(connection.id(), frame);
    }

    @OnBinaryMessage
    public Uni<Void> onBinary(Buffer frame, WebSocketConnection connection) {
        return sessions.binary(connection.id(), frame.getBytes());
    }

    @OnClose
    public void onClose(WebSocketConnection connection) {
        sessions.closed(connection.id());
    }

    @OnError
    public Uni<Void> onError(Throwable failure, WebSocketConnection connection) {
        return FrameLimit.onError(connection, failure);
    }
}
