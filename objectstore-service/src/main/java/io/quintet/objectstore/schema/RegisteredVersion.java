package io.quintet.objectstore.schema;

import io.quintet.objectstore.model.Model;

/** A schema version as sessions use it: the parsed model plus its registry flags. */
public record RegisteredVersion(int versionId, Model model, boolean clientsAllowed, boolean current) {}
