package io.quintet.kora.collection;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * A Tier-2 constraint the server admits against (kora.md 13.2): {@code unique}, {@code capacity}
 * or {@code referential} over {@code fields}; {@code where} is null when absent. For a referential
 * constraint the referenced collection is {@code where.collection}, as in the reference.
 */
public record ConstraintDef(String type, List<String> fields, ObjectNode where) {

    public static final String UNIQUE = "unique";
    public static final String CAPACITY = "capacity";
    public static final String REFERENTIAL = "referential";

    public ConstraintDef {
        fields = List.copyOf(fields);
    }
}
