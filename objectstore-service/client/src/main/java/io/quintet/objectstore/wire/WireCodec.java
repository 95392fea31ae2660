package io.quintet.objectstore.wire;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import io.quintet.objectstore.model.Entity;
import io.quintet.objectstore.model.Property;
import io.quintet.objectstore.model.PropertyType;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.function.LongFunction;
import java.util.regex.Pattern;

/**
 * OSP/1 frames in both subprotocols. Both sides work on one canonical tree, the JSON form of 12.3
 * (64-bit integers as decimal strings, bytes as base64); CBOR frames are converted to and from it
 * at the edge, envelope fields by name and property values by the model's property types, so both
 * subprotocols run the same code and produce identical results (item 71).
 */
public final class WireCodec {

    public static final ObjectMapper JSON =
            new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    public static final ObjectMapper CBOR = new ObjectMapper(CBORFactory.builder()
            .streamReadConstraints(
                    StreamReadConstraints.builder().maxNestingDepth(64).build())
            .build());

    /** Envelope fields holding 64-bit integers (decimal strings in JSON, integers in CBOR). */
    static final Set<String> WIDE_FIELDS = Set.of(
            "cseq",
            "hseq",
            "from",
            "to",
            "lastHseq",
            "serverTime",
            "ts",
            "at",
            "createdAt",
            "snapshotHseq",
            "lastAppliedCseq",
            "oldest",
            "latest",
            "pendingFromCseq",
            "expected",
            "type",
            "rel",
            "uid",
            "objects",
            "id");
    /** Envelope fields holding bytes (base64 in JSON, byte strings in CBOR). */
    static final Set<String> BYTE_FIELDS = Set.of("nonce", "proof", "data", "b64");

    private static final Pattern DECIMAL = Pattern.compile("-?\\d{1,20}");

    private WireCodec() {}

    public static ObjectNode decodeText(String frame) {
        try {
            return asMessage(JSON.readTree(frame));
        } catch (JsonProcessingException e) {
            throw new WireException("not a JSON message: " + e.getOriginalMessage());
        }
    }

    public static ObjectNode decodeBinary(byte[] frame, WireFormat format) {
        if (format == WireFormat.JSON) return decodeText(new String(frame, StandardCharsets.UTF_8));
        try {
            JsonNode tree = CBOR.readTree(frame);
            return asMessage(fromCbor(tree, null));
        } catch (IOException e) {
            throw new WireException("not a CBOR message: " + e.getMessage());
        }
    }

    private static ObjectNode asMessage(JsonNode tree) {
        if (!(tree instanceof ObjectNode message)) throw new WireException("a message must be a map");
        if (!message.path("t").isTextual()) throw new WireException("a message needs a string field t");
        return message;
    }

    public static String encodeText(ObjectNode message) {
        try {
            return JSON.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * CBOR bytes of a canonical message; {@code entities} finds the property types of the
     * entity a {@code type} UID names, for the values inside {@code p}.
     */
    public static byte[] encodeCbor(ObjectNode message, LongFunction<Entity> entities) {
        try {
            return CBOR.writeValueAsBytes(toCbor(message, null, entities, null));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode fromCbor(JsonNode node, String field) {
        if (node instanceof ObjectNode obj) {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = obj.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                out.set(f.getKey(), fromCbor(f.getValue(), f.getKey()));
            }
            return out;
        }
        if (node instanceof ArrayNode arr) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            arr.forEach(n -> out.add(fromCbor(n, field)));
            return out;
        }
        if (node instanceof BinaryNode bin)
            return TextNode.valueOf(Base64.getEncoder().encodeToString(bin.binaryValue()));
        if (node.isIntegralNumber() && (field == null || WIDE_FIELDS.contains(field) || "p".equals(field))) {
            return TextNode.valueOf(node.bigIntegerValue().toString());
        }
        if (node.isFloatingPointNumber()) {
            double d = node.doubleValue();
            if (Double.isNaN(d)) return TextNode.valueOf("NaN");
            if (Double.isInfinite(d)) return TextNode.valueOf(d > 0 ? "Infinity" : "-Infinity");
        }
        return node;
    }

    private static JsonNode toCbor(JsonNode node, String field, LongFunction<Entity> entities, Entity entity) {
        if (node instanceof ObjectNode obj) {
            Entity scope = entity;
            JsonNode type = obj.get("type");
            if (type != null
                    && type.isTextual()
                    && DECIMAL.matcher(type.asText()).matches()
                    && entities != null) {
                scope = entities.apply(Long.parseUnsignedLong(type.asText()));
            }
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = obj.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                if ("p".equals(f.getKey()) && f.getValue() instanceof ObjectNode props && scope != null) {
                    out.set("p", propertiesToCbor(props, scope));
                } else {
                    out.set(f.getKey(), toCbor(f.getValue(), f.getKey(), entities, scope));
                }
            }
            return out;
        }
        if (node instanceof ArrayNode arr) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            arr.forEach(n -> out.add(toCbor(n, field, entities, entity)));
            return out;
        }
        if (node.isTextual() && field != null) {
            if (WIDE_FIELDS.contains(field) && DECIMAL.matcher(node.asText()).matches()) return integer(node.asText());
            if (BYTE_FIELDS.contains(field)) {
                try {
                    return BinaryNode.valueOf(Base64.getDecoder().decode(node.asText()));
                } catch (IllegalArgumentException e) {
                    return node;
                }
            }
        }
        return node;
    }

    private static ObjectNode propertiesToCbor(ObjectNode props, Entity entity) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        Map<String, Property> byName = entity.wireProperties();
        props.fields().forEachRemaining(f -> {
            Property p = byName.get(f.getKey());
            out.set(f.getKey(), p == null ? f.getValue() : valueToCbor(f.getValue(), p.type()));
        });
        return out;
    }

    /** A canonical (JSON-form) property value as CBOR wants it. */
    public static JsonNode valueToCbor(JsonNode v, int type) {
        if (v == null || v.isNull()) return v;
        if (PropertyType.isWideScalar(type) && v.isTextual()) return integer(v.asText());
        if (PropertyType.isWideVector(type) && v.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            v.forEach(n -> out.add(n.isTextual() ? integer(n.asText()) : n));
            return out;
        }
        if (type == PropertyType.BYTE_VECTOR && v.isTextual()) {
            return BinaryNode.valueOf(Base64.getDecoder().decode(v.asText()));
        }
        if (PropertyType.isFloating(type) && v.isTextual()) {
            return JsonNodeFactory.instance.numberNode(
                    switch (v.asText()) {
                        case "NaN" -> Double.NaN;
                        case "Infinity" -> Double.POSITIVE_INFINITY;
                        default -> Double.NEGATIVE_INFINITY;
                    });
        }
        if ((type == PropertyType.FLOAT_VECTOR || type == PropertyType.DOUBLE_VECTOR) && v.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            v.forEach(n -> out.add(valueToCbor(n, PropertyType.DOUBLE)));
            return out;
        }
        return v;
    }

    private static JsonNode integer(String decimal) {
        BigInteger value = new BigInteger(decimal);
        return value.bitLength() < 64
                ? JsonNodeFactory.instance.numberNode(value.longValue())
                : JsonNodeFactory.instance.numberNode(value);
    }
}
