package io.quintet.objectstore.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The base and full hashes of 2.14 (OSP design): canonical JSON (entities, properties and relations
 * sorted by UID, {@code _}-keys dropped, object keys sorted, no whitespace), SHA-256, first 16 bytes
 * as 32 lower-case hex characters. The base hash further drops what only concerns indexes or the
 * language binding: {@code indexId}, {@code hnswParams}, index-only and NON_PRIMITIVE_TYPE flags, and
 * the model-wide index bookkeeping ({@code lastIndexId}, {@code retiredIndexUids}), so adding an
 * index changes the full hash only.
 */
public final class ModelHashes {

    private ModelHashes() {}

    public static String fullHash(ObjectNode model) {
        return hash(canonical(model, false));
    }

    public static String baseHash(ObjectNode model) {
        return hash(canonical(model, true));
    }

    static String hash(String canonicalJson) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonicalJson.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String canonical(ObjectNode model, boolean base) {
        ObjectNode copy = model.deepCopy();
        if (base) {
            copy.remove("lastIndexId");
            copy.remove("retiredIndexUids");
        }
        JsonNode entities = copy.get("entities");
        if (entities instanceof ArrayNode array) {
            List<JsonNode> sorted = sortedByUid(array);
            for (JsonNode entity : sorted) {
                if (!(entity instanceof ObjectNode e)) continue;
                if (e.get("properties") instanceof ArrayNode props) {
                    List<JsonNode> sortedProps = sortedByUid(props);
                    if (base) sortedProps.forEach(p -> stripIndexDetails((ObjectNode) p));
                    e.set("properties", JsonNodeFactory.instance.arrayNode().addAll(sortedProps));
                }
                if (e.get("relations") instanceof ArrayNode rels) {
                    e.set("relations", JsonNodeFactory.instance.arrayNode().addAll(sortedByUid(rels)));
                }
            }
            copy.set("entities", JsonNodeFactory.instance.arrayNode().addAll(sorted));
        }
        StringBuilder out = new StringBuilder();
        write(copy, out);
        return out.toString();
    }

    private static void stripIndexDetails(ObjectNode property) {
        property.remove("indexId");
        property.remove("hnswParams");
        if (property.has("flags")) {
            long flags = property.get("flags").asLong() & ~Flags.NOT_DATA_RELEVANT;
            if (flags == 0) property.remove("flags"); // absent means 0
            else property.put("flags", flags);
        }
    }

    private static List<JsonNode> sortedByUid(ArrayNode array) {
        List<JsonNode> items = new ArrayList<>();
        array.forEach(n -> items.add(n.deepCopy()));
        items.sort(Comparator.comparing(ModelHashes::uidOf, Long::compareUnsigned));
        return items;
    }

    private static long uidOf(JsonNode element) {
        JsonNode id = element.get("id");
        if (id == null || !id.isTextual()) return 0;
        return IdUid.parse(id.asText(), "id").uid();
    }

    private static void write(JsonNode node, StringBuilder out) {
        if (node.isObject()) {
            Map<String, JsonNode> sorted = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (!field.getKey().startsWith("_")) sorted.put(field.getKey(), field.getValue());
            }
            out.append('{');
            boolean first = true;
            for (Map.Entry<String, JsonNode> field : sorted.entrySet()) {
                if (!first) out.append(',');
                first = false;
                out.append(JsonNodeFactory.instance.textNode(field.getKey()).toString())
                        .append(':');
                write(field.getValue(), out);
            }
            out.append('}');
        } else if (node.isArray()) {
            out.append('[');
            for (int i = 0; i < node.size(); i++) {
                if (i > 0) out.append(',');
                write(node.get(i), out);
            }
            out.append(']');
        } else if (node.isBigDecimal()) {
            out.append(node.decimalValue().toPlainString());
        } else {
            out.append(node.toString());
        }
    }
}
