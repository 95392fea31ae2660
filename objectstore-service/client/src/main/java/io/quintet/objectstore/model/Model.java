package io.quintet.objectstore.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/**
 * A parsed and validated {@code objectbox-model.json}. {@link #source()} keeps the file as read
 * (unknown keys included), {@link #text()} its exact text; the hashes follow 2.14.
 */
public record Model(
        String text,
        ObjectNode source,
        int modelVersion,
        List<Entity> entities,
        IdUid lastEntityId,
        IdUid lastIndexId,
        IdUid lastRelationId,
        String baseHash,
        String fullHash) {

    public Optional<Entity> entity(long uid) {
        return entities.stream().filter(e -> e.uid() == uid).findFirst();
    }

    public Optional<Entity> entityNamed(String name) {
        return entities.stream().filter(e -> e.name().equals(name)).findFirst();
    }

    public List<Entity> syncTypes() {
        return entities.stream().filter(Entity::syncEnabled).toList();
    }

    /** The entity owning the relation with this UID. */
    public Optional<Entity> relationOwner(long relationUid) {
        return entities.stream()
                .filter(e -> e.relations().stream().anyMatch(r -> r.id().uid() == relationUid))
                .findFirst();
    }

    public Optional<Relation> relation(long relationUid) {
        return entities.stream()
                .flatMap(e -> e.relations().stream())
                .filter(r -> r.id().uid() == relationUid)
                .findFirst();
    }
}
