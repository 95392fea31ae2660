package io.quintet.kora.operation;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Kora's content address (kora.md 1.2): lowercase hex SHA-256 of the canonical JSON of
 * {type, collection, recordId, data, timestamp (HLC text), nodeId, atomicOps when non-empty}.
 */
public final class OperationId {

    private OperationId() {}

    /** The canonical text that is hashed, members already in sorted order. */
    public static String canonicalText(
            String type,
            String collection,
            String recordId,
            JsonNode data,
            String timestamp,
            String nodeId,
            JsonNode atomicOps) {
        StringBuilder out = new StringBuilder(256);
        out.append('{');
        if (atomicOps != null && atomicOps.isObject() && !atomicOps.isEmpty()) {
            member(out, "atomicOps");
            CanonicalJson.append(out, atomicOps);
            out.append(',');
        }
        member(out, "collection");
        CanonicalJson.appendString(out, collection);
        out.append(',');
        member(out, "data");
        CanonicalJson.append(out, data);
        out.append(',');
        member(out, "nodeId");
        CanonicalJson.appendString(out, nodeId);
        out.append(',');
        member(out, "recordId");
        CanonicalJson.appendString(out, recordId);
        out.append(',');
        member(out, "timestamp");
        CanonicalJson.appendString(out, timestamp);
        out.append(',');
        member(out, "type");
        CanonicalJson.appendString(out, type);
        return out.append('}').toString();
    }

    public static String compute(
            String type,
            String collection,
            String recordId,
            JsonNode data,
            String timestamp,
            String nodeId,
            JsonNode atomicOps) {
        return sha256Hex(canonicalText(type, collection, recordId, data, timestamp, nodeId, atomicOps));
    }

    /** The id an operation should carry; the server never rejects client ids that differ. */
    public static String of(Operation op) {
        return compute(
                op.type(),
                op.collection(),
                op.recordId(),
                op.data(),
                op.timestamp().toHlc().format(),
                op.nodeId(),
                op.atomicOps());
    }

    public static String sha256Hex(String text) {
        return sha256Hex(text.getBytes(StandardCharsets.UTF_8));
    }

    public static String sha256Hex(byte[] bytes) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    private static void member(StringBuilder out, String name) {
        out.append('"').append(name).append("\":");
    }
}
