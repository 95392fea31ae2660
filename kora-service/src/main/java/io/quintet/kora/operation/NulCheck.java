package io.quintet.kora.operation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/**
 * Finds a NUL character in an operation. PostgreSQL text cannot hold one, so such an operation
 * could never be stored or materialized: it is refused as malformed before anything is written.
 */
public final class NulCheck {

    private NulCheck() {}

    /** The first member holding a NUL character, or null when there is none. */
    public static String field(Operation op) {
        if (has(op.id())) return "id";
        if (has(op.nodeId())) return "nodeId";
        if (has(op.collection())) return "collection";
        if (has(op.recordId())) return "recordId";
        if (has(op.timestamp().nodeId())) return "timestamp.nodeId";
        if (has(op.transactionId())) return "transactionId";
        if (has(op.mutationName())) return "mutationName";
        for (String dep : op.causalDeps()) {
            if (has(dep)) return "causalDeps";
        }
        if (has(op.data())) return "data";
        if (has(op.previousData())) return "previousData";
        if (has(op.atomicOps())) return "atomicOps";
        return null;
    }

    private static boolean has(String text) {
        return text != null && text.indexOf('\0') >= 0;
    }

    /** Whether a NUL character is in any string or member name of {@code node}. */
    public static boolean has(JsonNode node) {
        if (node == null) return false;
        if (node.isTextual()) return has(node.textValue());
        if (node.isArray()) {
            for (JsonNode element : node) {
                if (has(element)) return true;
            }
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> member = it.next();
                if (has(member.getKey()) || has(member.getValue())) return true;
            }
        }
        return false;
    }
}
