package io.quintet.kora.collection;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One materialized collection: its fields in declaration order, indexed fields and constraints. */
public record CollectionDef(
        String name, Map<String, FieldDef> fields, List<String> indexes, List<ConstraintDef> constraints) {

    public CollectionDef {
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        indexes = List.copyOf(indexes);
        constraints = List.copyOf(constraints);
    }

    public FieldDef field(String name) {
        return fields.get(name);
    }
}
