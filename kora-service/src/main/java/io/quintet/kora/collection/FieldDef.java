package io.quintet.kora.collection;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** One schema field: kind, optional default (JSON, null when none) and enum values (empty unless enum). */
public record FieldDef(String name, FieldKind kind, JsonNode defaultValue, List<String> enumValues) {

    public FieldDef {
        enumValues = List.copyOf(enumValues);
    }
}
