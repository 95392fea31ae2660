package io.quintet.objectstore.history;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One applied TX: {@code c} client ID, {@code o} origin peer, {@code at} client commit time (ns),
 * {@code txId}, {@code echo} (the stored result differs from what the sender sent), {@code ops}
 * (canonical, properties keyed by UID).
 */
public record HistoryEntry(long hseq, ObjectNode payload, int size) {

    public String clientId() {
        return payload.path("c").asText();
    }

    public boolean echo() {
        return payload.path("echo").asBoolean(false);
    }
}
