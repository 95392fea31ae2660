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

    private CanonicalJson() {
    }

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
