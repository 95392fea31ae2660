package io.quintet.objectstore.session;

import io.quarkus.websockets.next.OnBinaryMessage;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnError;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.common.annotation.NonBlocking;
import io.vertx.core.buffer.Buffer;

/** The same endpoint at {@code /objectstore/osp} (12.1 allows both paths). */
@WebSocket(path = "/osp")
public class OspAliasSocket {

    private final SessionRegistry sessions;
    private final SyncServices services;

    public OspAliasSocket(SessionRegistry sessions, SyncServices services) {
        this.sessions = sessions;
        this.services = services;
    }

    @OnOpen
    @NonBlocking
    public void open(WebSocketConnection connection) {
        Session session = new Session(services, sessions, connection);
        sessions.opened(connection.id(), session);
        services.metrics.increment("connects");
        session.hello();
    }

    @OnTextMessage
    @NonBlocking
    public void text(String frame, WebSocketConnection connection) {
        Session s = sessions.session(connection.id());
        if (s != null) s.receiveText(frame);
    }

    @OnBinaryMessage
    @NonBlocking
    public void binary(Buffer frame, WebSocketConnection connection) {
        Session s = sessions.session(connection.id());
        if (s != null) s.receiveBinary(frame.getBytes());
    }

    @OnClose
    @NonBlocking
    public void close(WebSocketConnection connection) {
        sessions.closed(connection.id());
    }

    @OnError
    @NonBlocking
    public void error(Throwable failure, WebSocketConnection connection) {
        services.metrics.increment("errors", "type", "protocol");
        Session s = sessions.session(connection.id());
        if (s != null) s.transportFailed(failure);
    }
}
