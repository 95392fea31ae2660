package io.quintet.linkora.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quintet.linkora.error.LinkoraError;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Typed reads from a JSON request object with the decoding rules of spec 4.1 as decided for us:
 * unknown keys ignored; a missing or {@code null} non-nullable field, a wrong type or an unknown
 * enum name is a bad request ({@link LinkoraError#BAD_REQUEST}); a missing nullable field reads as {@code null}; integers may
 * come as JSON strings ({@code "id":"1"}).
 */
public final class JsonFields {

    private final ObjectNode node;

    public JsonFields(ObjectNode node) {
        this.node = node;
    }

    public static JsonFields of(JsonNode node) {
        if (node instanceof ObjectNode object) {
            return new JsonFields(object);
        }
        throw LinkoraError.BAD_REQUEST.exception("expected a JSON object");
    }

    public ObjectNode node() {
        return node;
    }

    public boolean has(String name) {
        JsonNode value = node.get(name);
        return value != null && !value.isNull();
    }

    public long requiredLong(String name) {
        return toLong(name, required(name));
    }

    public Long nullableLong(String name) {
        JsonNode value = node.get(name);
        return value == null || value.isNull() ? null : toLong(name, value);
    }

    public String requiredText(String name) {
        JsonNode value = required(name);
        if (!value.isTextual()) {
            throw LinkoraError.BAD_REQUEST.exception(name + " must be a string");
        }
        return storable(name, value.textValue());
    }

    public String nullableText(String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw LinkoraError.BAD_REQUEST.exception(name + " must be a string");
        }
        return storable(name, value.textValue());
    }

    /**
     * Text PostgreSQL can store and JSON can carry: no NUL character, no unpaired surrogate. Such
     * a string is a malformed request (400), not a database failure (500).
     */
    private static String storable(String name, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0) {
                throw LinkoraError.BAD_REQUEST.exception(name + " holds a NUL character");
            }
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c)
                        && i + 1 < text.length()
                        && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else {
                    throw LinkoraError.BAD_REQUEST.exception(name + " holds an unpaired surrogate");
                }
            }
        }
        return text;
    }

    public boolean requiredBoolean(String name) {
        JsonNode value = required(name);
        if (!value.isBoolean()) {
            throw LinkoraError.BAD_REQUEST.exception(name + " must be a boolean");
        }
        return value.booleanValue();
    }

    public boolean optionalBoolean(String name, boolean absent) {
        JsonNode value = node.get(name);
        if (value == null) {
            return absent;
        }
        if (!value.isBoolean()) {
            throw LinkoraError.BAD_REQUEST.exception(name + " must be a boolean");
        }
        return value.booleanValue();
    }

    /** Enum names are case-sensitive (spec 4.1: {@code saved_link} is refused). */
    public <E extends Enum<E>> E requiredEnum(String name, Class<E> type) {
        String text = requiredText(name);
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(text)) {
                return constant;
            }
        }
        throw LinkoraError.BAD_REQUEST.exception(name + " has an unknown value");
    }

    public JsonFields requiredObject(String name) {
        return of(required(name));
    }

    public List<Long> requiredLongList(String name) {
        return longs(name, requiredArray(name));
    }

    /** A list that clients may leave out (the extension's {@code tags}): absent reads as empty. */
    public List<Long> optionalLongList(String name) {
        JsonNode value = node.get(name);
        return value == null ? List.of() : longs(name, array(name, value));
    }

    public <T> List<T> requiredObjectList(String name, Function<JsonFields, T> reader) {
        JsonNode array = requiredArray(name);
        List<T> items = new ArrayList<>(array.size());
        for (JsonNode item : array) {
            items.add(reader.apply(of(item)));
        }
        return items;
    }

    /** A JSON object whose keys are decimal ids as strings (spec 4.2), in the request's order. */
    public Map<String, Long> requiredLongMap(String name) {
        JsonNode value = required(name);
        if (!value.isObject()) {
            throw LinkoraError.BAD_REQUEST.exception(name + " must be an object");
        }
        Map<String, Long> map = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getValue().isNull()) {
                throw LinkoraError.BAD_REQUEST.exception(name + " holds a null");
            }
            map.put(field.getKey(), toLong(name, field.getValue()));
        }
        return map;
    }

    private JsonNode requiredArray(String name) {
        return array(name, required(name));
    }

    private static JsonNode array(String name, JsonNode value) {
        if (!value.isArray()) {
            throw LinkoraError.BAD_REQUEST.exception(name + " must be an array");
        }
        return value;
    }

    private static List<Long> longs(String name, JsonNode array) {
        List<Long> values = new ArrayList<>(array.size());
        for (JsonNode item : array) {
            if (item.isNull()) {
                throw LinkoraError.BAD_REQUEST.exception(name + " holds a null");
            }
            values.add(toLong(name, item));
        }
        return values;
    }

    private JsonNode required(String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            throw LinkoraError.BAD_REQUEST.exception(name + " is required");
        }
        return value;
    }

    private static long toLong(String name, JsonNode value) {
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            return value.longValue();
        }
        if (value.isTextual()) {
            try {
                return Long.parseLong(value.textValue().trim());
            } catch (NumberFormatException e) {
                throw LinkoraError.BAD_REQUEST.exception(name + " must be an integer");
            }
        }
        throw LinkoraError.BAD_REQUEST.exception(name + " must be an integer");
    }
}
