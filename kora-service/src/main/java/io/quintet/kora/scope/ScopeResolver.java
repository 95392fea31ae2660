package io.quintet.kora.scope;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A session's scope map from the client's requested {@code syncScope} and the auth context's
 * scopes (kora.md 10.2). Auth values win per field; a requested collection the auth scopes do not
 * mention is added (reference) unless {@code strict}, where only auth collections stay visible.
 */
public final class ScopeResolver {

    private ScopeResolver() {}

    /** The resolved map, or {@code null} for "no scopes" (everything visible). */
    public static ObjectNode resolve(ObjectNode requested, ObjectNode auth, boolean strict) {
        ObjectNode result = requested != null
                ? requested.deepCopy()
                : auth != null ? auth.deepCopy() : JsonNodeFactory.instance.objectNode();
        if (auth != null) {
            for (Iterator<Map.Entry<String, JsonNode>> it = auth.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                ObjectNode merged = asObject(result.get(e.getKey()));
                merged.setAll(asObject(e.getValue()));
                result.set(e.getKey(), merged);
            }
        }
        if (requested != null) {
            for (Iterator<Map.Entry<String, JsonNode>> it = requested.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                ObjectNode merged = asObject(e.getValue());
                merged.setAll(asObject(result.get(e.getKey())));
                result.set(e.getKey(), merged);
            }
        }
        if (strict && auth != null && !auth.isEmpty()) {
            result.retain(iterable(auth.fieldNames()));
        }
        return result.isEmpty() ? null : result;
    }

    private static ObjectNode asObject(JsonNode node) {
        return node instanceof ObjectNode object ? object.deepCopy() : JsonNodeFactory.instance.objectNode();
    }

    private static List<String> iterable(Iterator<String> names) {
        List<String> list = new ArrayList<>();
        names.forEachRemaining(list::add);
        return list;
    }
}
