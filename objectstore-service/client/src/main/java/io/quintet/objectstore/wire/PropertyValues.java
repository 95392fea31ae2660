package io.quintet.objectstore.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.quintet.objectstore.model.Flags;
import io.quintet.objectstore.model.Property;
import io.quintet.objectstore.model.PropertyType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Base64;

/**
 * Checks a property value against its type (2.6) and brings it to the canonical JSON form of
 * 12.3; a value of the wrong kind is a schema violation ({@link IllegalArgumentException}).
 */
public final class PropertyValues {

    private static final BigInteger U64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
    private static final BigInteger I64_MIN = BigInteger.valueOf(Long.MIN_VALUE);

    private PropertyValues() {}

    public static JsonNode canonical(JsonNode v, Property p) {
        if (v == null || v.isNull()) return NullNode.instance;
        int type = p.type();
        String name = p.name();
        switch (type) {
            case PropertyType.BOOL:
                if (!v.isBoolean()) throw wrong(name, "a boolean");
                return v;
            case PropertyType.BYTE, PropertyType.SHORT, PropertyType.CHAR, PropertyType.INT:
                return JsonNodeFactory.instance.numberNode(bounded(v, name, type, p.has(Flags.UNSIGNED)));
            case PropertyType.LONG, PropertyType.DATE, PropertyType.DATE_NANO: {
                long bits = wide(v, name).longValue();
                return TextNode.valueOf(p.has(Flags.UNSIGNED) ? Long.toUnsignedString(bits) : Long.toString(bits));
            }
            case PropertyType.FLOAT, PropertyType.DOUBLE:
                return floating(v, name);
            case PropertyType.STRING:
                if (!v.isTextual()) throw wrong(name, "a string");
                return v;
            case PropertyType.RELATION:
                if (!v.isTextual() || v.asText().isEmpty()) throw wrong(name, "a GID string or null");
                return v;
            case PropertyType.FLEX:
                return v;
            case PropertyType.BYTE_VECTOR:
                if (!v.isTextual()) throw wrong(name, "base64 bytes");
                try {
                    Base64.getDecoder().decode(v.asText());
                } catch (IllegalArgumentException e) {
                    throw wrong(name, "base64 bytes");
                }
                return v;
            default:
                if (!v.isArray()) throw wrong(name, "an array");
                ArrayNode out = JsonNodeFactory.instance.arrayNode();
                for (JsonNode item : v) out.add(element(item, type, name));
                return out;
        }
    }

    private static JsonNode element(JsonNode item, int vectorType, String name) {
        return switch (vectorType) {
            case PropertyType.BOOL_VECTOR -> {
                if (!item.isBoolean()) throw wrong(name, "booleans");
                yield item;
            }
            case PropertyType.SHORT_VECTOR, PropertyType.CHAR_VECTOR, PropertyType.INT_VECTOR ->
                JsonNodeFactory.instance.numberNode(bounded(
                        item,
                        name,
                        vectorType == PropertyType.INT_VECTOR ? PropertyType.INT : PropertyType.SHORT,
                        vectorType == PropertyType.CHAR_VECTOR));
            case PropertyType.LONG_VECTOR, PropertyType.DATE_VECTOR, PropertyType.DATE_NANO_VECTOR ->
                TextNode.valueOf(Long.toString(wide(item, name).longValue()));
            case PropertyType.FLOAT_VECTOR, PropertyType.DOUBLE_VECTOR -> floating(item, name);
            case PropertyType.STRING_VECTOR -> {
                if (!item.isTextual()) throw wrong(name, "strings");
                yield item;
            }
            default -> throw wrong(name, "a supported vector");
        };
    }

    private static long bounded(JsonNode v, String name, int type, boolean unsigned) {
        BigInteger value = integer(v, name);
        int bits = switch (type) {
            case PropertyType.BYTE -> 8;
            case PropertyType.SHORT, PropertyType.CHAR -> 16;
            default -> 32;
        };
        BigInteger min = unsigned || type == PropertyType.CHAR
                ? BigInteger.ZERO
                : BigInteger.ONE.shiftLeft(bits - 1).negate();
        BigInteger max = unsigned || type == PropertyType.CHAR
                ? BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE)
                : BigInteger.ONE.shiftLeft(bits - 1).subtract(BigInteger.ONE);
        // signed languages send unsigned values as negatives: accept both readings
        if (value.compareTo(BigInteger.ONE.shiftLeft(bits - 1).negate()) < 0
                || value.compareTo(max) > 0
                || (min.signum() == 0 && value.signum() < 0 && !unsigned)) {
            throw wrong(name, bits + "-bit integer");
        }
        return value.longValue();
    }

    private static BigInteger wide(JsonNode v, String name) {
        BigInteger value = integer(v, name);
        if (value.compareTo(I64_MIN) < 0 || value.compareTo(U64_MAX) > 0) throw wrong(name, "a 64-bit integer");
        return value;
    }

    private static BigInteger integer(JsonNode v, String name) {
        if (v.isIntegralNumber()) return v.bigIntegerValue();
        if (v.isTextual()) {
            try {
                return new BigInteger(v.asText());
            } catch (NumberFormatException e) {
                throw wrong(name, "an integer");
            }
        }
        if (v.isNumber() && v.decimalValue().stripTrailingZeros().scale() <= 0)
            return v.decimalValue().toBigIntegerExact();
        throw wrong(name, "an integer");
    }

    private static JsonNode floating(JsonNode v, String name) {
        if (v.isNumber())
            return v.isBigDecimal()
                    ? JsonNodeFactory.instance.numberNode(v.decimalValue())
                    : JsonNodeFactory.instance.numberNode(v.doubleValue());
        if (v.isTextual()
                && (v.asText().equals("NaN")
                        || v.asText().equals("Infinity")
                        || v.asText().equals("-Infinity"))) return v;
        throw wrong(name, "a number");
    }

    /** Unsigned 64-bit reading of a canonical wide value (precedence and clock compare unsigned, 3.5). */
    public static long unsignedLong(JsonNode v) {
        if (v == null || v.isNull()) return 0;
        return new BigInteger(v.asText()).longValue();
    }

    static BigDecimal decimal(JsonNode v) {
        return v.decimalValue();
    }

    private static IllegalArgumentException wrong(String property, String expected) {
        return new IllegalArgumentException("property " + property + " must be " + expected);
    }
}
