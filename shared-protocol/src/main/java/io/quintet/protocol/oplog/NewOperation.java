package io.quintet.protocol.oplog;

import java.util.Objects;

/**
 * An operation to append: its id (what makes a retried append idempotent) and its payload as
 * JSON text.
 */
public record NewOperation(String operationId, String payloadJson) {

    public NewOperation {
        Objects.requireNonNull(operationId, "operationId");
        Objects.requireNonNull(payloadJson, "payloadJson");
        if (operationId.isEmpty()) {
            throw new IllegalArgumentException("operationId must not be empty");
        }
    }
}
