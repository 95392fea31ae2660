package io.quintet.linkora.tag;

/** The tag read model (spec 5.4). */
public record Tag(long id, String name, long eventTimestamp) {}
