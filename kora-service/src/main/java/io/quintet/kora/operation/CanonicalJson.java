package io.quintet.kora.operation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The canonical JSON text Kora hashes into operation ids (kora.md 1.2): {@code JSON.stringify}
 * rules for primitives, object members sorted by UTF-16 code units, no whitespace.
 */
public final class CanonicalJson {

    private CanonicalJson() {}

    public static String write(JsonNode node) {
        StringBuilder out = new StringBuilder();
        append(out, node);
        return out.toString();
    }

    /** {@code JSON.stringify} of the value with members in their own order (not hashed, only sent). */
    public static String stringify(JsonNode node) {
        StringBuilder out = new StringBuilder();
        append(out, node, false);
        return out.toString();
    }

    /**
     * The UTF-8 byte length of {@link #stringify(JsonNode)} (and of {@link #write}: sorting does not
     * change it), counted without building the text: the size check runs on every inbound operation.
     */
    public static int utf8Length(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) return 4;
        if (node.isObject()) {
            int length = 2 + Math.max(0, node.size() - 1);
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> member = it.next();
                length += stringLength(member.getKey()) + 1 + utf8Length(member.getValue());
            }
            return length;
        }
        if (node.isArray()) {
            int length = 2 + Math.max(0, node.size() - 1);
            for (int i = 0; i < node.size(); i++) length += utf8Length(node.get(i));
            return length;
        }
        if (node.isBoolean()) return node.booleanValue() ? 4 : 5;
        if (node.isNumber()) {
            if (node.isIntegralNumber()
                    && node.canConvertToLong()
                    && node.longValue() > -(1L << 53)
                    && node.longValue() < (1L << 53)) {
                return longLength(node.longValue());
            }
            return JsNumber.format(node.doubleValue()).length(); // ASCII
        }
        if (node.isTextual()) return stringLength(node.textValue());
        if (node.isBinary())
            throw new IllegalArgumentException("binary values must be tagged as {\"$koraBytes\": ...} before hashing");
        return 4;
    }

    /** UTF-8 length of an integer as {@code JSON.stringify} writes it (a double in JavaScript). */
    public static int numberLength(long value) {
        if (value > -(1L << 53) && value < (1L << 53)) return longLength(value);
        return JsNumber.format((double) value).length();
    }

    /** Decimal digits (and sign) of an integer below 2^53 in magnitude, as JavaScript prints it. */
    private static int longLength(long value) {
        int length = value < 0 ? 2 : 1;
        for (long v = Math.abs(value); v >= 10; v /= 10) length++;
        return length;
    }

    /** UTF-8 length of {@link #appendString}'s output. */
    public static int stringLength(String text) {
        int length = 2;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\' || c == '\b' || c == '\f' || c == '\n' || c == '\r' || c == '\t') {
                length += 2;
            } else if (c < 0x20) {
                length += 6;
            } else if (c < 0x80) {
                length += 1;
            } else if (c < 0x800) {
                length += 2;
            } else if (Character.isHighSurrogate(c)
                    && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                length += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                length += 6; // a lone surrogate is escaped as \\uXXXX
            } else {
                length += 3;
            }
        }
        return length;
    }

    static void append(StringBuilder out, JsonNode node) {
        append(out, node, true);
    }

    private static void append(StringBuilder out, JsonNode node, boolean sorted) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            out.append("null");
        } else if (node.isObject()) {
            List<Map.Entry<String, JsonNode>> members = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                members.add(it.next());
            }
            if (sorted) {
                members.sort(Map.Entry.comparingByKey()); // String.compareTo = UTF-16 code unit order
            }
            out.append('{');
            for (int i = 0; i < members.size(); i++) {
                if (i > 0) out.append(',');
                appendString(out, members.get(i).getKey());
                out.append(':');
                append(out, members.get(i).getValue(), sorted);
            }
            out.append('}');
        } else if (node.isArray()) {
            out.append('[');
            for (int i = 0; i < node.size(); i++) {
                if (i > 0) out.append(',');
                append(out, node.get(i), sorted);
            }
            out.append(']');
        } else if (node.isBoolean()) {
            out.append(node.booleanValue());
        } else if (node.isNumber()) {
            // every JavaScript number is a double, whatever its JSON spelling was
            out.append(JsNumber.format(node.doubleValue()));
        } else if (node.isTextual()) {
            appendString(out, node.textValue());
        } else if (node.isBinary()) {
            throw new IllegalArgumentException("binary values must be tagged as {\"$koraBytes\": ...} before hashing");
        } else {
            out.append("null");
        }
    }

    /** A JSON string literal as {@code JSON.stringify} writes it (well-formed variant). */
    public static void appendString(StringBuilder out, String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        unicodeEscape(out, c);
                    } else if (Character.isHighSurrogate(c)) {
                        if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                            out.append(c).append(text.charAt(++i));
                        } else {
                            unicodeEscape(out, c);
                        }
                    } else if (Character.isLowSurrogate(c)) {
                        unicodeEscape(out, c); // a low surrogate here has no high one before it
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static void unicodeEscape(StringBuilder out, char c) {
        out.append("\\u");
        String hex = Integer.toHexString(c);
        out.append("0".repeat(4 - hex.length())).append(hex);
    }
}
