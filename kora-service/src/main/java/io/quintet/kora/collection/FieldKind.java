package io.quintet.kora.collection;

import java.util.Locale;

/** Schema field kinds (kora.md 3.1) and their PostgreSQL column types (12.3). */
public enum FieldKind {
    STRING("TEXT"),
    NUMBER("DOUBLE PRECISION"),
    BOOLEAN("INTEGER"),
    TIMESTAMP("BIGINT"),
    RICHTEXT("BYTEA"),
    ENUM("TEXT"),
    ARRAY("JSONB"),
    OBJECT("JSONB"),
    JSON("JSONB"),
    BLOB("TEXT"),
    SECRET("TEXT");

    private final String sqlType;

    FieldKind(String sqlType) {
        this.sqlType = sqlType;
    }

    public String sqlType() {
        return sqlType;
    }

    public boolean isJson() {
        return this == ARRAY || this == OBJECT || this == JSON;
    }

    public boolean isText() {
        return "TEXT".equals(sqlType);
    }

    /** The kind named {@code name} (as the reference spells it), or null. */
    public static FieldKind of(String name) {
        for (FieldKind kind : values()) {
            if (kind.name().toLowerCase(Locale.ROOT).equals(name)) return kind;
        }
        return null;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
