package io.quintet.protocol.oplog;

import java.time.OffsetDateTime;

/** One stored operation. */
public record LogEntry(
        String stream, long sequence, String operationId, String payloadJson, OffsetDateTime recordedAt) {}
