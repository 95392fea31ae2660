package io.quintet.kora.collection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quintet.kora.operation.Operation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Rebuilds one record from all of its operations (kora.md 13.4): HLC total order, insert replaces,
 * update sets its fields (composing same-type atomic intents), delete marks deleted. Per-field
 * last-writer-wins by HLC follows from the order, because updates carry only changed fields.
 */
public final class RecordReplay {

    /** The replayed record: fields, whether its last word is a delete, first and last wall times. */
    public record State(ObjectNode fields, boolean deleted, long createdAt, long updatedAt) {}

    /** Wall time, logical, then node id by code units: the HLC total order (1.3). */
    public static final Comparator<Operation> HLC_ORDER = Comparator.comparingDouble(
                    (Operation op) -> op.timestamp().wallTime())
            .thenComparingDouble(op -> op.timestamp().logical())
            .thenComparing(op -> op.timestamp().nodeId());

    private RecordReplay() {}

    /** Null when there is nothing to replay. */
    public static State replay(List<Operation> operations) {
        if (operations.isEmpty()) return null;
        List<Operation> ordered = new ArrayList<>(operations);
        ordered.sort(HLC_ORDER);
        ObjectNode fields = JsonNodeFactory.instance.objectNode();
        // field → the atomic type of its last writer (absent = a plain write)
        Map<String, String> lastAtomic = new HashMap<>();
        boolean deleted = false;
        for (Operation op : ordered) {
            switch (op.type()) {
                case Operation.INSERT -> {
                    if (op.data() instanceof ObjectNode data) {
                        fields.removeAll();
                        fields.setAll(data.deepCopy());
                        lastAtomic.clear();
                        data.fieldNames().forEachRemaining(name -> {
                            String atomic = atomicType(op, name);
                            if (atomic != null) lastAtomic.put(name, atomic);
                        });
                        deleted = false;
                    }
                }
                case Operation.UPDATE -> {
                    if (op.data() instanceof ObjectNode data) {
                        for (Iterator<Map.Entry<String, JsonNode>> it = data.fields(); it.hasNext(); ) {
                            Map.Entry<String, JsonNode> e = it.next();
                            String atomic = atomicType(op, e.getKey());
                            if (atomic != null && atomic.equals(lastAtomic.get(e.getKey()))) {
                                fields.set(
                                        e.getKey(),
                                        compose(
                                                atomic,
                                                fields.get(e.getKey()),
                                                op.atomicOps().get(e.getKey()).get("value")));
                            } else {
                                fields.set(e.getKey(), e.getValue().deepCopy());
                            }
                            if (atomic != null) lastAtomic.put(e.getKey(), atomic);
                            else lastAtomic.remove(e.getKey());
                        }
                        deleted = false;
                    }
                }
                case Operation.DELETE -> deleted = true;
                default -> {}
            }
        }
        long created = (long) ordered.get(0).timestamp().wallTime();
        long updated = (long) ordered.get(ordered.size() - 1).timestamp().wallTime();
        return new State(fields, deleted, created, updated);
    }

    private static String atomicType(Operation op, String field) {
        if (!op.hasAtomicOps()) return null;
        JsonNode intent = op.atomicOps().get(field);
        return intent != null && intent.path("type").isTextual() && intent.has("value")
                ? intent.get("type").textValue()
                : null;
    }

    /** One atomic intent applied to the running value (kora.md 1.4). */
    static JsonNode compose(String type, JsonNode current, JsonNode operand) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        switch (type) {
            case "increment": {
                double base = current != null && current.isNumber() ? current.doubleValue() : 0;
                return number(base + (operand != null && operand.isNumber() ? operand.doubleValue() : 0));
            }
            case "max": {
                if (operand == null || !operand.isNumber()) return current;
                return current != null && current.isNumber() && current.doubleValue() >= operand.doubleValue()
                        ? current
                        : operand;
            }
            case "min": {
                if (operand == null || !operand.isNumber()) return current;
                return current != null && current.isNumber() && current.doubleValue() <= operand.doubleValue()
                        ? current
                        : operand;
            }
            case "append": {
                ArrayNode result =
                        current != null && current.isArray() ? ((ArrayNode) current).deepCopy() : f.arrayNode();
                result.add(operand == null ? f.nullNode() : operand);
                return result;
            }
            case "remove": {
                ArrayNode result = f.arrayNode();
                String gone = String.valueOf(operand);
                if (current != null && current.isArray()) {
                    current.forEach(item -> {
                        if (!item.toString().equals(gone)) result.add(item);
                    });
                }
                return result;
            }
            default:
                return operand;
        }
    }

    /** Integral results stay integers, as JavaScript prints them. */
    private static JsonNode number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 9.007199254740992E15) {
            return JsonNodeFactory.instance.numberNode((long) value);
        }
        return DoubleNode.valueOf(value);
    }
}
