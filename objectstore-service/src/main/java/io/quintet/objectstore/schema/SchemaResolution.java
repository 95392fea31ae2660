package io.quintet.objectstore.schema;

import java.util.Optional;

/** Outcome of client schema validation (2.15): a version, or a rejection with code 57. */
public record SchemaResolution(Optional<RegisteredVersion> version, String reason) {

    static SchemaResolution of(RegisteredVersion v) {
        if (!v.clientsAllowed())
            return new SchemaResolution(
                    Optional.empty(), "schema version " + v.versionId() + " does not allow clients");
        return new SchemaResolution(Optional.of(v), "");
    }

    static SchemaResolution rejected(String reason) {
        return new SchemaResolution(Optional.empty(), reason);
    }
}
