package io.quintet.kora.collection;

/** A relation: records of {@code from} point at records of {@code to} through {@code field} (kora.md 13.3). */
public record RelationDef(String name, String from, String to, String field, String type, String onDelete) {

    public static final String CASCADE = "cascade";
    public static final String SET_NULL = "set-null";
    public static final String RESTRICT = "restrict";
    public static final String NO_ACTION = "no-action";
}
