package io.quintet.linkora.event;

/**
 * The stream of the shared operation log ({@code linkora.oplog}) that carries every event from
 * the replica that committed it to the {@code /events} sockets of all replicas. Each entry's
 * payload is the frame sockets receive: {@code {"operation": ..., "payload": {...}}}.
 */
public final class EventStream {

    public static final String NAME = "events";

    private EventStream() {}
}
