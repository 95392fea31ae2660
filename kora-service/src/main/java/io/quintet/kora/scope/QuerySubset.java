package io.quintet.kora.scope;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A live-query subset from the handshake's {@code syncQueries}: equality filter on one collection. */
public record QuerySubset(String collection, ObjectNode where) {

    /** The well-formed entries, deduplicated by collection and the JSON text of {@code where}. */
    public static List<QuerySubset> fromHandshake(ArrayNode queries) {
        if (queries == null) {
            return List.of();
        }
        Map<String, QuerySubset> unique = new LinkedHashMap<>();
        for (JsonNode query : queries) {
            JsonNode collection = query.get("collection");
            JsonNode where = query.get("where");
            if (collection != null && collection.isTextual() && where instanceof ObjectNode object) {
                unique.putIfAbsent(
                        collection.textValue() + "\u0000" + object, new QuerySubset(collection.textValue(), object));
            }
        }
        return new ArrayList<>(unique.values());
    }
}
