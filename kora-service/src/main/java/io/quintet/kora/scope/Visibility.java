package io.quintet.kora.scope;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quintet.kora.operation.Operation;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Whether an operation is visible to a session (kora.md 10.3): its collection's scope filter and
 * query subsets must match the record snapshot, here the operation's own {@code previousData}
 * overlaid by its {@code data}. An empty collection filter admits every operation of the
 * collection, deletes included (the client's rule, a [decision] against the reference).
 */
public final class Visibility {

    private final ObjectNode scopes;
    private final List<QuerySubset> subsets;
    /** No scopes and no query subsets: everything is visible, no snapshot needed (the common, hot case). */
    private final boolean unrestricted;

    public Visibility(ObjectNode scopes, List<QuerySubset> subsets) {
        this.scopes = scopes;
        this.subsets = List.copyOf(subsets);
        this.unrestricted = scopes == null && this.subsets.isEmpty();
    }

    /** Whether every operation is visible whatever its record (no scopes, no query subsets). */
    public boolean unrestricted() {
        return unrestricted;
    }

    public static Visibility everything() {
        return new Visibility(null, List.of());
    }

    public ObjectNode scopes() {
        return scopes;
    }

    public boolean isVisible(Operation op) {
        return isVisible(op, null);
    }

    /**
     * Whether judging {@code op} needs its materialized record (10.3): a scoped field missing from
     * the operation, or query subsets on its collection.
     */
    public boolean needsRecord(Operation op) {
        if (unrestricted) return false;
        for (QuerySubset subset : subsets) {
            if (subset.collection().equals(op.collection())) return true;
        }
        if (scopes == null) return false;
        JsonNode filter = scopes.get(op.collection());
        if (filter == null || !filter.isObject() || filter.isEmpty()) return false;
        ObjectNode own = snapshot(op);
        for (Iterator<String> it = filter.fieldNames(); it.hasNext(); ) {
            if (own == null || !own.has(it.next())) return true;
        }
        return false;
    }

    /** Visibility with the record's materialized fields (soft-deleted included) under the operation's own values. */
    public boolean isVisible(Operation op, ObjectNode record) {
        if (unrestricted) return true;
        ObjectNode snapshot = snapshot(op);
        if (record != null) {
            ObjectNode merged = record.deepCopy();
            if (snapshot != null) merged.setAll(snapshot);
            snapshot = merged;
        }
        if (scopes != null) {
            JsonNode filter = scopes.get(op.collection());
            if (filter == null) {
                return false;
            }
            if (filter.isObject() && !filter.isEmpty() && (snapshot == null || !matches(filter, snapshot))) {
                return false;
            }
        }
        boolean hasSubsets = false;
        for (QuerySubset subset : subsets) {
            if (subset.collection().equals(op.collection())) {
                hasSubsets = true;
                if (snapshot != null && matches(subset.where(), snapshot)) {
                    return true;
                }
            }
        }
        return !hasSubsets;
    }

    private static ObjectNode snapshot(Operation op) {
        if (!(op.data() instanceof ObjectNode) && !(op.previousData() instanceof ObjectNode)) {
            return null;
        }
        ObjectNode snapshot = JsonNodeFactory.instance.objectNode();
        if (op.previousData() instanceof ObjectNode previous) snapshot.setAll(previous);
        if (op.data() instanceof ObjectNode data) snapshot.setAll(data);
        return snapshot;
    }

    /** Every {@code field: value} pair equals the snapshot's value (JSON scalars only). */
    public static boolean matches(JsonNode filter, ObjectNode snapshot) {
        for (Iterator<Map.Entry<String, JsonNode>> it = filter.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!strictEquals(e.getValue(), snapshot.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    private static boolean strictEquals(JsonNode expected, JsonNode actual) {
        if (expected == null || actual == null || expected.isContainerNode() || actual.isContainerNode()) {
            return false;
        }
        if (expected.isNumber() && actual.isNumber()) {
            return expected.doubleValue() == actual.doubleValue();
        }
        if (expected.isNull() || actual.isNull()) {
            return expected.isNull() && actual.isNull();
        }
        return expected.getNodeType() == actual.getNodeType()
                && expected.asText().equals(actual.asText());
    }
}
