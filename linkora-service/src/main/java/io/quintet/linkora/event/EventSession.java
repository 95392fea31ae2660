package io.quintet.linkora.event;

import io.vertx.core.http.ServerWebSocket;

/**
 * One open {@code /events} socket and its keep-alive state: the time the last unanswered ping was
 * sent (0 when every ping so far was answered).
 */
final class EventSession {

    private final ServerWebSocket socket;
    private final String correlationId;
    private volatile long awaitingPongSince;

    EventSession(ServerWebSocket socket, String correlationId) {
        this.socket = socket;
        this.correlationId = correlationId;
    }

    ServerWebSocket socket() {
        return socket;
    }

    String correlationId() {
        return correlationId;
    }

    /** A pong (or any frame) shows the client is alive. */
    void alive() {
        awaitingPongSince = 0;
    }

    long awaitingPongSince() {
        return awaitingPongSince;
    }

    void pinged(long now) {
        if (awaitingPongSince == 0) {
            awaitingPongSince = now;
        }
    }
}
