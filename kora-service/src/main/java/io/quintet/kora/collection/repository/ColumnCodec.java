package io.quintet.kora.collection.repository;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quintet.kora.codec.JsonCodec;
import io.quintet.kora.collection.FieldDef;
import io.quintet.kora.collection.FieldKind;
import io.quintet.kora.operation.JsNumber;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Row;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;

/**
 * JSON values ↔ materialized column values (kora.md 12.3, 12.4). A value that does not fit its
 * column (a string in a number field, an enum value outside the list) is stored as NULL: the
 * operation log keeps it verbatim, and a refused upsert would fail the whole append.
 */
final class ColumnCodec {

    private ColumnCodec() {}

    static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    static String table(String collection) {
        return "kora." + quote(collection);
    }

    /** The placeholder for a column parameter: JSON columns take text cast to jsonb. */
    static String placeholder(FieldDef field, int index) {
        // typed as text first: the client would send a Java string to a jsonb parameter as a JSON string
        return field.kind().isJson() ? "$" + index + "::text::jsonb" : "$" + index;
    }

    /** The select expression of a column (JSON columns are read as text). */
    static String select(FieldDef field) {
        return field.kind().isJson() ? quote(field.name()) + "::text AS " + quote(field.name()) : quote(field.name());
    }

    static Object toColumn(FieldDef field, JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) return null;
        return switch (field.kind()) {
            case STRING, SECRET ->
                value.isTextual()
                        ? value.textValue()
                        : value.isNumber() ? JsNumber.format(value.doubleValue()) : value.toString();
            case BLOB -> value.isTextual() ? value.textValue() : value.toString();
            case ENUM -> value.isTextual() && field.enumValues().contains(value.textValue()) ? value.textValue() : null;
            case NUMBER -> value.isNumber() ? value.doubleValue() : null;
            case TIMESTAMP -> value.isNumber() ? value.longValue() : null;
            case BOOLEAN -> value.isBoolean() ? (value.booleanValue() ? 1 : 0) : null;
            case ARRAY, OBJECT, JSON -> value.toString();
            case RICHTEXT -> {
                byte[] bytes = bytes(value);
                yield bytes == null ? null : Buffer.buffer(bytes);
            }
        };
    }

    /** The bytes of a richtext value: tagged base64 ({@code $koraBytes}, {@code __kora_bytes__}), a numeric-key object, or text. */
    static byte[] bytes(JsonNode value) {
        try {
            if (value.isTextual()) return value.textValue().getBytes(StandardCharsets.UTF_8);
            if (value.isObject()) {
                for (String tag : new String[] {"$koraBytes", "__kora_bytes__"}) {
                    if (value.path(tag).isTextual())
                        return Base64.getDecoder().decode(value.get(tag).textValue());
                }
                // the reference's decoded byte array stored as {"0":..,"1":..}
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                for (int i = 0; i < value.size(); i++) {
                    JsonNode b = value.get(Integer.toString(i));
                    if (b == null || !b.canConvertToInt()) return null;
                    out.write(b.intValue());
                }
                return value.isEmpty() ? null : out.toByteArray();
            }
        } catch (IllegalArgumentException badBase64) {
            return null;
        }
        return null;
    }

    /** Reads a column back as the client would see it: booleans true/false, JSON parsed, bytes as {@code $koraBytes}. */
    static JsonNode fromColumn(FieldDef field, Row row, String column) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        Object raw = row.getValue(column);
        if (raw == null) return f.nullNode();
        return switch (field.kind()) {
            case NUMBER -> {
                double d = row.getDouble(column);
                yield d == Math.rint(d) && Math.abs(d) < 9.007199254740992E15
                        ? f.numberNode((long) d)
                        : f.numberNode(d);
            }
            case TIMESTAMP -> f.numberNode(row.getLong(column));
            case BOOLEAN -> f.booleanNode(row.getInteger(column) != 0);
            case ARRAY, OBJECT, JSON -> {
                try {
                    yield JsonCodec.mapper().readTree(row.getString(column));
                } catch (Exception e) {
                    yield f.nullNode();
                }
            }
            case RICHTEXT ->
                f.objectNode()
                        .put(
                                "$koraBytes",
                                Base64.getEncoder()
                                        .encodeToString(row.getBuffer(column).getBytes()));
            default -> f.textNode(row.getString(column));
        };
    }

    /** SQL literal of a field default (strings quoted, booleans 1/0, JSON quoted), or null. */
    static String defaultLiteral(FieldDef field) {
        JsonNode value = field.defaultValue();
        if (value == null) return null;
        Object column = toColumn(field, value);
        if (column == null) return null;
        if (column instanceof Number n) {
            return field.kind() == FieldKind.NUMBER ? JsNumber.format(n.doubleValue()) : n.toString();
        }
        return "'" + column.toString().replace("'", "''") + "'";
    }

    static void putSystem(ObjectNode out, Row row, boolean withDeleted) {
        out.put("_created_at", row.getLong("_created_at"));
        out.put("_updated_at", row.getLong("_updated_at"));
        if (withDeleted) out.put("_deleted", row.getInteger("_deleted"));
    }

    static boolean isSystemColumn(String name) {
        return name.equals("id") || name.equals("_created_at") || name.equals("_updated_at") || name.equals("_deleted");
    }

    static Iterator<Map.Entry<String, JsonNode>> fields(JsonNode object) {
        return object.fields();
    }
}
