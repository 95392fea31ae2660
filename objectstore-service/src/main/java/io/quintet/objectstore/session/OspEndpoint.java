package io.quintet.objectstore.session;

import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.buffer.Buffer;
import jakarta.inject.Singleton;

/**
 * What both OSP/1 paths of 12.1 ({@link OspSocket}, {@link OspAliasSocket}) do with a connection:
 * websockets-next binds callbacks per endpoint class, so each path delegates here.
 */
@Singleton
public class OspEndpoint {

    private final SessionRegistry sessions;
    private final SyncServices services;

    public OspEndpoint(SessionRegistry sessions, SyncServices services) {
        this.sessions = sessions;
        this.services = services;
    }

    void open(WebSocketConnection connection) {
        Session session = new Session(services, sessions, connection);
        sessions.opened(connection.id(), session);
        services.metrics.increment("connects");
        session.hello();
    }

    void text(String frame, WebSocketConnection connection) {
        Session s = sessions.session(connection.id());
        if (s != null) s.receiveText(frame);
    }

    void binary(Buffer frame, WebSocketConnection connection) {
        Session s = sessions.session(connection.id());
        if (s != null) s.receiveBinary(frame.getBytes());
    }

    void close(WebSocketConnection connection) {
        Session s = sessions.session(connection.id());
        io.quarkus.websockets.next.CloseReason reason = connection.closeReason();
        int code = reason == null ? 1006 : reason.getCode();
        if (s != null && !s.closedByServer() && code != 1000 && code != 1001)
            services.metrics.increment("client_failures", "type", "disconnect");
        sessions.closed(connection.id());
    }

    void error(Throwable failure, WebSocketConnection connection) {
        services.metrics.increment("errors", "type", "protocol");
        Session s = sessions.session(connection.id());
        if (s != null) s.transportFailed(failure);
    }
}
