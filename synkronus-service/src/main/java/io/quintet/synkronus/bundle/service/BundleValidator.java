package io.quintet.synkronus.bundle.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quintet.synkronus.error.SynkronusError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Bundle structure rules and APP_INFO.json (synkronus.md 10.9): top-level app/, forms/, renderers/
 * only; app/index.html; forms/&lt;type&gt;/{schema.json, ui.json} both present, schema valid JSON;
 * renderers/&lt;name&gt;/renderer.jsx; core_* fields of a form that exists in the active version
 * must keep their fingerprint.
 */
public final class BundleValidator {

    private final ObjectMapper mapper;

    public BundleValidator(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** Validates the entries (path → bytes, directories left out) and answers APP_INFO.json for the version. */
    public ObjectNode validate(Map<String, byte[]> files, String version, JsonNode activeAppInfo) {
        Map<String, byte[]> schemas = new TreeMap<>();
        Map<String, byte[]> uis = new TreeMap<>();
        Set<String> renderers = new HashSet<>();
        boolean index = false;
        for (String path : files.keySet()) {
            String[] segments = path.split("/");
            String top = segments[0];
            if (top.isEmpty()) {
                continue;
            }
            switch (top) {
                case "app" -> index |= path.equals("app/index.html");
                case "forms" -> {
                    if (path.equals("forms/ext.json")) {
                        break;
                    }
                    if (segments.length != 3 || !(segments[2].equals("schema.json") || segments[2].equals("ui.json"))) {
                        throw invalid("invalid form file: " + path);
                    }
                    (segments[2].equals("schema.json") ? schemas : uis).put(segments[1], files.get(path));
                }
                case "renderers" -> {
                    if (segments.length != 3 || !segments[2].equals("renderer.jsx")) {
                        throw invalid("invalid renderer file: " + path);
                    }
                    renderers.add(segments[1]);
                }
                default -> throw invalid("invalid bundle structure: unexpected top-level entry " + top);
            }
        }
        if (!index) {
            throw invalid("app/index.html is required");
        }
        Set<String> forms = new TreeSet<>(schemas.keySet());
        forms.addAll(uis.keySet());
        ObjectNode info = mapper.createObjectNode();
        info.put("version", version);
        ObjectNode formsNode = info.putObject("forms");
        for (String form : forms) {
            if (!schemas.containsKey(form) || !uis.containsKey(form)) {
                throw invalid("form " + form + " needs both schema.json and ui.json");
            }
            JsonNode schema;
            try {
                schema = mapper.readTree(schemas.get(form));
            } catch (IOException e) {
                throw invalid("forms/" + form + "/schema.json is not valid JSON");
            }
            if (schema == null || !schema.isObject()) {
                throw invalid("forms/" + form + "/schema.json is not a JSON object");
            }
            String missing = missingRenderer(schema, renderers);
            if (missing != null) {
                throw invalid("missing renderer reference: form " + form + " references non-existent renderer '"
                        + missing + "'");
            }
            formsNode.set(form, formInfo(schema, schemas.get(form), uis.get(form)));
        }
        if (activeAppInfo != null) {
            JsonNode activeForms = activeAppInfo.path("forms");
            for (Iterator<String> it = activeForms.fieldNames(); it.hasNext(); ) {
                String form = it.next();
                JsonNode now = formsNode.get(form);
                if (now != null
                        && !now.path("core_hash")
                                .asText()
                                .equals(activeForms.path(form).path("core_hash").asText())) {
                    throw invalid("core fields of form " + form + " changed");
                }
            }
        }
        info.put("timestamp", java.time.Instant.now().toString());
        return info;
    }

    /** JSON Forms' standard renderers and Formulus' own: a schema may name them without bundling them. */
    static final Set<String> BUILT_IN_RENDERERS = Set.of(
            "text",
            "number",
            "integer",
            "boolean",
            "date",
            "time",
            "datetime",
            "range",
            "select",
            "combo",
            "radio",
            "checkbox",
            "toggle",
            "group",
            "categorization",
            "category",
            "multiselect",
            "textarea",
            "slider",
            "rating",
            "builtin-text",
            "image",
            "signature",
            "audio",
            "video",
            "file",
            "qrcode");

    /** The first x-renderer / rendererType value anywhere in the schema that is neither bundled nor built in. */
    private static String missingRenderer(JsonNode node, Set<String> bundled) {
        if (node.isObject()) {
            for (String key : new String[] {"x-renderer", "rendererType"}) {
                JsonNode named = node.get(key);
                if (named != null
                        && named.isTextual()
                        && !bundled.contains(named.asText())
                        && !BUILT_IN_RENDERERS.contains(named.asText())) {
                    return named.asText();
                }
            }
        }
        if (node.isContainerNode()) {
            for (JsonNode child : node) {
                String missing = missingRenderer(child, bundled);
                if (missing != null) {
                    return missing;
                }
            }
        }
        return null;
    }

    private ObjectNode formInfo(JsonNode schema, byte[] schemaBytes, byte[] uiBytes) {
        ObjectNode out = mapper.createObjectNode();
        Set<String> required = new HashSet<>();
        schema.path("required").forEach(r -> required.add(r.asText()));
        ArrayNode fields = mapper.createArrayNode();
        ObjectNode questionTypes = mapper.createObjectNode();
        StringBuilder core = new StringBuilder();
        JsonNode properties = schema.path("properties");
        Map<String, JsonNode> sorted = new TreeMap<>();
        properties.fields().forEachRemaining(e -> sorted.put(e.getKey(), e.getValue()));
        for (Map.Entry<String, JsonNode> p : sorted.entrySet()) {
            String name = p.getKey();
            JsonNode def = p.getValue();
            ObjectNode field = fields.addObject();
            field.put("name", name);
            field.put(
                    "type",
                    def.path("type").isTextual()
                            ? def.path("type").asText()
                            : def.path("type").toString());
            field.put("required", required.contains(name));
            String questionType = def.path("format").asText("");
            field.put("question_type", questionType);
            field.set("default", def.has("default") ? def.get("default") : null);
            boolean isCore = name.startsWith("core_");
            field.put("core", isCore);
            if (!questionType.isEmpty()) {
                questionTypes.put(questionType, questionTypes.path(questionType).asInt(0) + 1);
            }
            if (isCore) {
                core.append(name).append(':').append(def.toString()).append(';');
            }
        }
        out.put("core_hash", sha256(core.toString().getBytes(StandardCharsets.UTF_8)));
        out.put("form_hash", sha256(schemaBytes));
        out.put("ui_hash", sha256(uiBytes));
        out.set("fields", fields);
        out.set("question_types", questionTypes);
        return out;
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RuntimeException invalid(String why) {
        return SynkronusError.BUNDLE_INVALID.exception("bundle validation failed: " + why);
    }
}
