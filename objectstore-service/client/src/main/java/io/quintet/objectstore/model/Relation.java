package io.quintet.objectstore.model;

/** A standalone many-to-many relation owned by an entity (2.10). */
public record Relation(IdUid id, String name, IdUid targetId) {}
