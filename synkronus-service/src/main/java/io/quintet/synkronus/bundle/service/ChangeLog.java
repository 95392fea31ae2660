package io.quintet.synkronus.bundle.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/** The ChangeLog of synkronus.md 10.6, computed from two APP_INFO.json documents. */
final class ChangeLog {

    private ChangeLog() {}

    static Map<String, Object> between(ObjectMapper mapper, String a, String b, JsonNode infoA, JsonNode infoB) {
        JsonNode formsA = infoA.path("forms");
        JsonNode formsB = infoB.path("forms");
        TreeSet<String> names = new TreeSet<>();
        formsA.fieldNames().forEachRemaining(names::add);
        formsB.fieldNames().forEachRemaining(names::add);
        List<Map<String, String>> added = new ArrayList<>();
        List<Map<String, String>> removed = new ArrayList<>();
        List<Map<String, Object>> modified = new ArrayList<>();
        boolean formChanges = false;
        boolean uiChanges = false;
        for (String form : names) {
            JsonNode fa = formsA.get(form);
            JsonNode fb = formsB.get(form);
            if (fa == null) {
                added.add(Map.of("form", form));
                formChanges = true;
                continue;
            }
            if (fb == null) {
                removed.add(Map.of("form", form));
                formChanges = true;
                continue;
            }
            boolean schemaChanged =
                    !fa.path("form_hash").asText().equals(fb.path("form_hash").asText());
            boolean uiChanged =
                    !fa.path("ui_hash").asText().equals(fb.path("ui_hash").asText());
            boolean coreChanged =
                    !fa.path("core_hash").asText().equals(fb.path("core_hash").asText());
            if (!schemaChanged && !uiChanged && !coreChanged) {
                continue;
            }
            formChanges |= schemaChanged || coreChanged;
            uiChanges |= uiChanged;
            Map<String, String> typesA = fieldTypes(fa);
            Map<String, String> typesB = fieldTypes(fb);
            List<Map<String, String>> addedFields = new ArrayList<>();
            List<Map<String, String>> removedFields = new ArrayList<>();
            typesB.forEach((field, type) -> {
                if (!Objects.equals(typesA.get(field), type)) {
                    addedFields.add(Map.of("field", field, "type", type));
                }
            });
            typesA.forEach((field, type) -> {
                if (!Objects.equals(typesB.get(field), type)) {
                    removedFields.add(Map.of("field", field, "type", type));
                }
            });
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("form", form);
            m.put("schema_changed", schemaChanged);
            m.put("ui_changed", uiChanged);
            m.put("core_changed", coreChanged);
            if (!addedFields.isEmpty()) {
                m.put("added_fields", addedFields);
            }
            if (!removedFields.isEmpty()) {
                m.put("removed_fields", removedFields);
            }
            modified.add(m);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("compare_version_a", a);
        out.put("compare_version_b", b);
        out.put("form_changes", formChanges);
        out.put("ui_changes", uiChanges);
        if (!added.isEmpty()) {
            out.put("new_forms", added);
        }
        if (!removed.isEmpty()) {
            out.put("removed_forms", removed);
        }
        if (!modified.isEmpty()) {
            out.put("modified_forms", modified);
        }
        return out;
    }

    private static Map<String, String> fieldTypes(JsonNode form) {
        Map<String, String> types = new LinkedHashMap<>();
        for (Iterator<JsonNode> it = form.path("fields").elements(); it.hasNext(); ) {
            JsonNode f = it.next();
            types.put(f.path("name").asText(), f.path("type").asText());
        }
        return types;
    }
}
