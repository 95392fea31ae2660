package io.quintet.kora.operation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;

/**
 * One Kora operation (kora.md 1.1). {@code data} and {@code previousData} are opaque JSON, Java
 * {@code null} for JSON null; the three optional members are {@code null} when absent.
 */
public record Operation(
        String id,
        String nodeId,
        String type,
        String collection,
        String recordId,
        JsonNode data,
        JsonNode previousData,
        OperationTimestamp timestamp,
        long sequenceNumber,
        List<String> causalDeps,
        int schemaVersion,
        ObjectNode atomicOps,
        String transactionId,
        String mutationName) {

    public static final String INSERT = "insert";
    public static final String UPDATE = "update";
    public static final String DELETE = "delete";

    public Operation {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(collection, "collection");
        Objects.requireNonNull(recordId, "recordId");
        Objects.requireNonNull(timestamp, "timestamp");
        causalDeps = List.copyOf(causalDeps);
        if (data != null && data.isNull()) data = null;
        if (previousData != null && previousData.isNull()) previousData = null;
    }

    public static boolean isKnownType(String type) {
        return INSERT.equals(type) || UPDATE.equals(type) || DELETE.equals(type);
    }

    public boolean hasAtomicOps() {
        return atomicOps != null && !atomicOps.isEmpty();
    }
}
