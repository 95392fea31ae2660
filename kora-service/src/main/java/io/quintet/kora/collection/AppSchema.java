package io.quintet.kora.collection;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quintet.kora.codec.JsonCodec;
import io.quintet.kora.operation.NulCheck;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The app schema the server materializes (kora.md 12.3): the JSON form of a Kora
 * {@code defineSchema()} result without its functions. Documented in the module README:
 *
 * <pre>{@code
 * {"version": 1,
 *  "collections": {"todos": {"fields": {"title": {"kind": "string"}, "done": {"kind": "boolean", "default": false}},
 *                            "indexes": ["done"],
 *                            "constraints": [{"type": "unique", "fields": ["title"]}]}},
 *  "relations": {"todoProject": {"from": "todos", "to": "projects", "field": "projectId", "onDelete": "cascade"}}}
 * }</pre>
 *
 * A field may also be written as its bare kind ({@code "title": "string"}); the reference's own
 * member names {@code defaultValue} and {@code enumValues} are accepted next to {@code default} and
 * {@code values}. Unknown members are ignored, so a serialized {@code defineSchema()} loads as is.
 */
public record AppSchema(
        int version, Map<String, CollectionDef> collections, Map<String, RelationDef> relations, String text) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");
    /** Tables of this service in schema {@code kora}: a collection may not take their names. */
    private static final Set<String> RESERVED_TABLES = Set.of(
            "operations",
            "sync_state",
            "delivery_counter",
            "app_schema",
            "blobs",
            "oplog",
            "oplog_head",
            "flyway_schema_history");

    private static final Set<String> SYSTEM_COLUMNS = Set.of("id", "_created_at", "_updated_at", "_deleted");
    private static final Set<String> ON_DELETE =
            Set.of(RelationDef.CASCADE, RelationDef.SET_NULL, RelationDef.RESTRICT, RelationDef.NO_ACTION);

    public CollectionDef collection(String name) {
        return collections.get(name);
    }

    /** Relations pointing at {@code collection}, in relation-name order (13.3). */
    public List<RelationDef> relationsTo(String collection) {
        List<RelationDef> result = new ArrayList<>();
        new TreeMap<>(relations).values().forEach(r -> {
            if (r.to().equals(collection)) result.add(r);
        });
        return result;
    }

    public static AppSchema parse(String text) {
        JsonNode root;
        try {
            root = JsonCodec.mapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw new SchemaException("schema is " + JsonCodec.describe(e));
        }
        return parse(root);
    }

    public static AppSchema parse(JsonNode root) {
        if (root == null || !root.isObject()) throw new SchemaException("schema must be a JSON object");
        // PostgreSQL text holds no NUL: a name, default or enum value with one could never be stored
        if (NulCheck.has(root)) throw new SchemaException("schema must not contain NUL characters");
        JsonNode version = root.path("version");
        int v = version.isMissingNode()
                ? 1
                : version.canConvertToInt() && version.isIntegralNumber() ? version.intValue() : -1;
        if (v < 1) throw new SchemaException("version must be an integer ≥ 1");
        JsonNode collectionsNode = root.get("collections");
        if (collectionsNode == null || !collectionsNode.isObject()) {
            throw new SchemaException("collections must be an object of collection definitions");
        }
        Map<String, CollectionDef> collections = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = collectionsNode.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            collections.put(e.getKey(), collection(e.getKey(), e.getValue()));
        }
        Map<String, RelationDef> relations = new LinkedHashMap<>();
        JsonNode relationsNode = root.path("relations");
        if (!relationsNode.isMissingNode() && !relationsNode.isNull()) {
            if (!relationsNode.isObject()) throw new SchemaException("relations must be an object");
            for (Iterator<Map.Entry<String, JsonNode>> it = relationsNode.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                relations.put(e.getKey(), relation(e.getKey(), e.getValue(), collections));
            }
        }
        for (CollectionDef c : collections.values()) {
            for (ConstraintDef constraint : c.constraints()) {
                if (constraint.type().equals(ConstraintDef.REFERENTIAL)) {
                    JsonNode target = constraint.where() == null
                            ? null
                            : constraint.where().get("collection");
                    if (target == null || !target.isTextual() || !collections.containsKey(target.textValue())) {
                        throw new SchemaException("referential constraint of " + c.name()
                                + " needs where.collection naming a schema collection");
                    }
                }
            }
        }
        return new AppSchema(
                v, collections, relations, JsonCodec.mapper().valueToTree(root).toString());
    }

    private static CollectionDef collection(String name, JsonNode node) {
        checkName(name, "collection");
        if (RESERVED_TABLES.contains(name)) throw new SchemaException("collection name " + name + " is reserved");
        if (!node.isObject() || !node.path("fields").isObject()) {
            throw new SchemaException("collection " + name + " needs a fields object");
        }
        Map<String, FieldDef> fields = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.get("fields").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            fields.put(e.getKey(), field(name, e.getKey(), e.getValue()));
        }
        List<String> indexes = new ArrayList<>();
        for (JsonNode index : array(node.path("indexes"), name + ".indexes")) {
            if (!index.isTextual() || !fields.containsKey(index.textValue())) {
                throw new SchemaException("index " + index + " of " + name + " must name one of its fields");
            }
            indexes.add(index.textValue());
        }
        List<ConstraintDef> constraints = new ArrayList<>();
        for (JsonNode c : array(node.path("constraints"), name + ".constraints")) {
            String type = c.path("type").asText("");
            if (!Set.of(ConstraintDef.UNIQUE, ConstraintDef.CAPACITY, ConstraintDef.REFERENTIAL)
                    .contains(type)) {
                throw new SchemaException("constraint type of " + name + " must be unique, capacity or referential");
            }
            List<String> cFields = new ArrayList<>();
            for (JsonNode f : array(c.path("fields"), name + " constraint fields")) {
                if (!f.isTextual() || !fields.containsKey(f.textValue())) {
                    throw new SchemaException("constraint field " + f + " is not a field of " + name);
                }
                cFields.add(f.textValue());
            }
            if (cFields.isEmpty()) throw new SchemaException("constraint of " + name + " needs fields");
            JsonNode where = c.get("where");
            if (where != null && !where.isNull() && !where.isObject()) {
                throw new SchemaException("constraint where of " + name + " must be an object");
            }
            constraints.add(new ConstraintDef(type, cFields, where instanceof ObjectNode o ? o : null));
        }
        return new CollectionDef(name, fields, indexes, constraints);
    }

    private static FieldDef field(String collection, String name, JsonNode node) {
        checkName(name, "field");
        if (SYSTEM_COLUMNS.contains(name)) throw new SchemaException("field name " + name + " is reserved");
        String kindName = node.isTextual()
                ? node.textValue()
                : node.path("kind").asText(node.path("type").asText(""));
        FieldKind kind = FieldKind.of(kindName);
        if (kind == null)
            throw new SchemaException("field " + collection + "." + name + " has unknown kind \"" + kindName + "\"");
        JsonNode defaultValue =
                node.isObject() ? node.has("default") ? node.get("default") : node.get("defaultValue") : null;
        if (defaultValue != null && defaultValue.isNull()) defaultValue = null;
        List<String> values = new ArrayList<>();
        if (kind == FieldKind.ENUM) {
            JsonNode list = node.has("values") ? node.get("values") : node.path("enumValues");
            for (JsonNode value : array(list, collection + "." + name + " values")) {
                if (!value.isTextual())
                    throw new SchemaException("enum values of " + collection + "." + name + " must be strings");
                values.add(value.textValue());
            }
            if (values.isEmpty()) throw new SchemaException("enum field " + collection + "." + name + " needs values");
        }
        if (defaultValue != null && !defaultFits(kind, defaultValue, values)) {
            throw new SchemaException(
                    "default of " + collection + "." + name + " does not fit kind " + kind.wireName());
        }
        return new FieldDef(name, kind, defaultValue, values);
    }

    private static boolean defaultFits(FieldKind kind, JsonNode value, List<String> enumValues) {
        return switch (kind) {
            case STRING, SECRET, BLOB -> value.isTextual() || (kind == FieldKind.BLOB && value.isObject());
            case ENUM -> value.isTextual() && enumValues.contains(value.textValue());
            case NUMBER -> value.isNumber();
            case TIMESTAMP -> value.isIntegralNumber();
            case BOOLEAN -> value.isBoolean();
            case ARRAY -> value.isArray();
            case OBJECT, JSON -> value.isContainerNode() || kind == FieldKind.JSON;
            case RICHTEXT -> false;
        };
    }

    private static Iterable<JsonNode> array(JsonNode node, String what) {
        if (node == null || node.isMissingNode() || node.isNull()) return List.of();
        if (!node.isArray()) throw new SchemaException(what + " must be an array");
        return node;
    }

    private static RelationDef relation(String name, JsonNode node, Map<String, CollectionDef> collections) {
        String from = node.path("from").asText("");
        String to = node.path("to").asText("");
        String field = node.path("field").asText("");
        String onDelete = node.path("onDelete").asText(RelationDef.NO_ACTION);
        CollectionDef source = collections.get(from);
        if (source == null || !collections.containsKey(to)) {
            throw new SchemaException("relation " + name + " must join two schema collections (from, to)");
        }
        if (source.field(field) == null || !source.field(field).kind().isText()) {
            throw new SchemaException("relation " + name + " needs field naming a text field of " + from);
        }
        if (!ON_DELETE.contains(onDelete)) {
            throw new SchemaException("relation " + name + " onDelete must be one of " + ON_DELETE);
        }
        return new RelationDef(name, from, to, field, node.path("type").asText("many-to-one"), onDelete);
    }

    private static void checkName(String name, String what) {
        if (!NAME.matcher(name).matches()) {
            throw new SchemaException(what + " name \"" + name + "\" must match [A-Za-z][A-Za-z0-9_]*");
        }
    }
}
