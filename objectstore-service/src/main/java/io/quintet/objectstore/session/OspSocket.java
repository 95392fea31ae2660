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

/** The OSP/1 WebSocket at {@code /objectstore/} (12.1), JSON or CBOR by subprotocol. */
@WebSocket(path = "/")
public class OspSocket {

    private final OspEndpoint endpoint;

    public OspSocket(OspEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    @OnOpen
    @NonBlocking
    public void open(WebSocketConnection connection) {
        endpoint.open(connection);
    }

    @OnTextMessage
    @NonBlocking
    public void text(String frame, WebSocketConnection connection) {
        endpoint.text(frame, connection);
    }

    @OnBinaryMessage
    @NonBlocking
    public void binary(Buffer frame, WebSocketConnection connection) {
        endpoint.binary(frame, connection);
    }

    @OnClose
    @NonBlocking
    public void close(WebSocketConnection connection) {
        endpoint.close(connection);
    }

    @OnError
    @NonBlocking
    public void error(Throwable failure, WebSocketConnection connection) {
        endpoint.error(failure, connection);
    }
}
