package io.quintet.objectstore.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code objectbox-model.json} as every generator writes it and enforces the loading rules
 * of 2.2 and 2.11. UIDs are read as exact {@code long}s (never through {@code double}); unknown keys
 * stay in {@link Model#source()}.
 */
public final class ModelReader {

    private static final ObjectMapper JSON =
            new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    public static final int PARSER_VERSION = 5;

    private ModelReader() {}

    public static Model read(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ModelException("cannot read model file " + file + ": " + e.getMessage());
        }
    }

    public static Model parse(String text) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ModelException("model file is not JSON: " + e.getOriginalMessage());
        }
        if (!(root instanceof ObjectNode model)) {
            throw new ModelException("model file must hold a JSON object");
        }
        int modelVersion = intField(model, "modelVersion", -1);
        if (modelVersion < 4) {
            throw new ModelException("modelVersion " + modelVersion + " is not supported (4 or later required)");
        }
        if (modelVersion > PARSER_VERSION) {
            int minimum = intField(model, "modelVersionParserMinimum", modelVersion);
            if (minimum > PARSER_VERSION) {
                throw new ModelException("modelVersion " + modelVersion + " needs a parser of version " + minimum
                        + "; this server reads version " + PARSER_VERSION);
            }
        }
        Set<Long> uids = new HashSet<>();
        List<Entity> entities = new ArrayList<>();
        JsonNode entityArray = model.get("entities");
        if (entityArray == null || !entityArray.isArray()) {
            throw new ModelException("model file has no \"entities\" array");
        }
        for (JsonNode e : entityArray) {
            entities.add(entity(e, uids));
        }
        IdUid lastEntityId = idUid(model, "lastEntityId", "lastEntityId");
        IdUid lastIndexId = idUid(model, "lastIndexId", "lastIndexId");
        IdUid lastRelationId = idUid(model, "lastRelationId", "lastRelationId");
        Set<Long> retiredEntities = uidList(model, "retiredEntityUids", uids);
        Set<Long> retiredProperties = uidList(model, "retiredPropertyUids", uids);
        uidList(model, "retiredIndexUids", uids);
        Set<Long> retiredRelations = uidList(model, "retiredRelationUids", uids);
        uidList(model, "newUidPool", uids);

        validate(
                entities,
                lastEntityId,
                lastRelationId,
                retiredEntities,
                retiredProperties,
                retiredRelations,
                lastIndexId);
        return new Model(
                text,
                model,
                modelVersion,
                List.copyOf(entities),
                lastEntityId,
                lastIndexId,
                lastRelationId,
                ModelHashes.baseHash(model),
                ModelHashes.fullHash(model));
    }

    private static Entity entity(JsonNode e, Set<Long> uids) {
        String name = text(e, "name");
        if (name == null || name.isEmpty()) throw new ModelException("entity without a name");
        IdUid id = requiredIdUid(e, "id", "entity " + name);
        claim(uids, id.uid(), "entity " + name);
        List<Property> properties = new ArrayList<>();
        JsonNode props = e.get("properties");
        if (props != null && props.isArray()) {
            for (JsonNode p : props) {
                String pname = text(p, "name");
                String where = "property " + name + "." + pname;
                IdUid pid = requiredIdUid(p, "id", where);
                claim(uids, pid.uid(), where);
                IdUid indexId = idUid(p, "indexId", where + " indexId");
                if (!indexId.isNone()) claim(uids, indexId.uid(), where + " index");
                properties.add(new Property(
                        pid,
                        pname,
                        intField(p, "type", 0),
                        intField(p, "flags", 0),
                        text(p, "relationTarget"),
                        indexId));
            }
        }
        List<Relation> relations = new ArrayList<>();
        JsonNode rels = e.get("relations");
        if (rels != null && rels.isArray()) {
            for (JsonNode r : rels) {
                String rname = text(r, "name");
                IdUid rid = requiredIdUid(r, "id", "relation " + name + "." + rname);
                claim(uids, rid.uid(), "relation " + name + "." + rname);
                relations.add(new Relation(rid, rname, requiredIdUid(r, "targetId", "relation " + name + "." + rname)));
            }
        }
        return new Entity(
                id,
                name,
                intField(e, "flags", 0),
                idUid(e, "lastPropertyId", "entity " + name + " lastPropertyId"),
                List.copyOf(properties),
                List.copyOf(relations));
    }

    private static void validate(
            List<Entity> entities,
            IdUid lastEntityId,
            IdUid lastRelationId,
            Set<Long> retiredEntities,
            Set<Long> retiredProperties,
            Set<Long> retiredRelations,
            IdUid lastIndexId) {
        Map<String, Entity> byLowerName = new HashMap<>();
        Map<Long, Entity> byUid = new HashMap<>();
        Set<Long> entityIds = new HashSet<>();
        Set<Long> relationIds = new HashSet<>();
        Set<Long> indexIds = new HashSet<>();
        for (Entity e : entities) {
            if (byLowerName.put(e.lowerName(), e) != null) {
                throw new ModelException("duplicate entity name (case-insensitive): " + e.name());
            }
            byUid.put(e.uid(), e);
            if (!entityIds.add(e.id().id()))
                throw new ModelException("duplicate entity ID " + e.id().id() + " (" + e.name() + ")");
            checkLast(lastEntityId, e.id(), retiredEntities, "lastEntityId", "entity " + e.name());
            Set<String> propertyNames = new HashSet<>();
            Set<Long> propertyIds = new HashSet<>();
            int idProperties = 0, clocks = 0, precedences = 0, expirations = 0;
            for (Property p : e.properties()) {
                String where = "property " + e.name() + "." + p.name();
                if (p.name() == null || p.name().isEmpty())
                    throw new ModelException("property without a name in " + e.name());
                if (!propertyNames.add(p.name().toLowerCase(Locale.ROOT))) {
                    throw new ModelException(
                            "duplicate property name (case-insensitive): " + e.name() + "." + p.name());
                }
                if (!propertyIds.add(p.id().id())) throw new ModelException("duplicate property ID in " + where);
                checkLast(e.lastPropertyId(), p.id(), retiredProperties, "lastPropertyId of " + e.name(), where);
                if (!PropertyType.isKnown(p.type()))
                    throw new ModelException(where + ": unknown property type " + p.type());
                if (!p.indexId().isNone()) {
                    if (!indexIds.add(p.indexId().id()))
                        throw new ModelException(
                                where + ": duplicate index ID " + p.indexId().id());
                    if (!lastIndexId.isNone() && p.indexId().id() > lastIndexId.id()) {
                        throw new ModelException(where + ": index ID above lastIndexId");
                    }
                }
                if (p.isId()) {
                    idProperties++;
                    if (p.type() != PropertyType.LONG || p.has(Flags.UNSIGNED)) {
                        throw new ModelException(where + ": the ID property must be of type 6 (Long) and not unsigned");
                    }
                }
                if (p.has(Flags.SYNC_CLOCK)) {
                    clocks++;
                    if (p.type() != PropertyType.LONG)
                        throw new ModelException(where + ": SYNC_CLOCK needs type 6 (Long)");
                }
                if (p.has(Flags.SYNC_PRECEDENCE)) {
                    precedences++;
                    if (p.type() != PropertyType.LONG)
                        throw new ModelException(where + ": SYNC_PRECEDENCE needs type 6 (Long)");
                }
                if (p.has(Flags.EXPIRATION_TIME)) {
                    expirations++;
                    if (p.type() != PropertyType.DATE && p.type() != PropertyType.DATE_NANO) {
                        throw new ModelException(where + ": EXPIRATION_TIME needs Date or DateNano");
                    }
                }
            }
            checkLastRetired(
                    e.lastPropertyId(),
                    e.properties().stream().map(Property::id).toList(),
                    retiredProperties,
                    "lastPropertyId of " + e.name());
            if (idProperties != 1) {
                throw new ModelException(
                        "entity " + e.name() + " must have exactly one ID property, has " + idProperties);
            }
            if (clocks > 1 || precedences > 1)
                throw new ModelException(
                        "entity " + e.name() + ": at most one SYNC_CLOCK and one SYNC_PRECEDENCE property");
            if (expirations > 1)
                throw new ModelException("entity " + e.name() + ": at most one EXPIRATION_TIME property");
            if (e.sharedGlobalIds() && !e.syncEnabled()) {
                throw new ModelException("entity " + e.name() + ": SHARED_GLOBAL_IDS only together with SYNC_ENABLED");
            }
            for (Relation r : e.relations()) {
                if (!relationIds.add(r.id().id())) throw new ModelException("duplicate relation ID " + r.id().id());
                checkLast(
                        lastRelationId,
                        r.id(),
                        retiredRelations,
                        "lastRelationId",
                        "relation " + e.name() + "." + r.name());
            }
        }
        for (Entity e : entities) {
            for (Property p : e.properties()) {
                if (p.type() == PropertyType.RELATION) {
                    Entity target = p.relationTarget() == null
                            ? null
                            : byLowerName.get(p.relationTarget().toLowerCase(Locale.ROOT));
                    if (target == null || !target.name().equals(p.relationTarget())) {
                        throw new ModelException("property " + e.name() + "." + p.name() + ": relation to unknown type "
                                + p.relationTarget());
                    }
                    if (target.syncEnabled() != e.syncEnabled()) {
                        throw new ModelException("property " + e.name() + "." + p.name()
                                + ": relation between a sync and a non-sync type");
                    }
                }
            }
            for (Relation r : e.relations()) {
                Entity target = byUid.get(r.targetId().uid());
                if (target == null || target.id().id() != r.targetId().id()) {
                    throw new ModelException("relation " + e.name() + "." + r.name() + ": target " + r.targetId()
                            + " is not a type of the model");
                }
                if (target.syncEnabled() != e.syncEnabled()) {
                    throw new ModelException(
                            "relation " + e.name() + "." + r.name() + ": relation between a sync and a non-sync type");
                }
            }
        }
        if (!entities.isEmpty() && lastEntityId.isNone()) throw new ModelException("lastEntityId missing");
        checkLastRetired(lastEntityId, entities.stream().map(Entity::id).toList(), retiredEntities, "lastEntityId");
        checkLastRetired(
                lastRelationId,
                entities.stream()
                        .flatMap(e -> e.relations().stream())
                        .map(Relation::id)
                        .toList(),
                retiredRelations,
                "lastRelationId");
        if (relationIds.size() > 0 && lastRelationId.isNone()) throw new ModelException("lastRelationId missing");
    }

    /** 2.11 rule 2: the last ID is at least every ID; equal → same UID; otherwise its UID is retired. */
    private static void checkLast(IdUid last, IdUid element, Set<Long> retired, String lastName, String where) {
        if (last.isNone() || element.id() > last.id()) {
            throw new ModelException(
                    lastName + " (" + last + ") is lower than the ID of " + where + " (" + element + ")");
        }
        if (element.id() == last.id() && element.uid() != last.uid()) {
            throw new ModelException(
                    lastName + " (" + last + ") has the ID of " + where + " (" + element + ") but another UID");
        }
        if (element.id() < last.id() && last.uid() == element.uid()) {
            throw new ModelException(lastName + " (" + last + ") reuses the UID of " + where);
        }
    }

    /** A last ID above every live element must name a retired element. */
    private static void checkLastRetired(IdUid last, List<IdUid> live, Set<Long> retired, String lastName) {
        if (last.isNone() || live.stream().anyMatch(id -> id.id() == last.id())) return;
        if (!retired.contains(last.uid())) {
            throw new ModelException(lastName + " (" + last + ") names no current element and its UID is not retired");
        }
    }

    private static void claim(Set<Long> uids, long uid, String where) {
        if (!uids.add(uid))
            throw new ModelException("duplicate UID " + Long.toUnsignedString(uid) + " (" + where + ")");
    }

    private static Set<Long> uidList(ObjectNode model, String key, Set<Long> uids) {
        Set<Long> values = new HashSet<>();
        JsonNode list = model.get(key);
        if (list == null || list.isNull()) return values;
        if (!list.isArray()) throw new ModelException(key + " must be an array");
        for (JsonNode n : list) {
            if (!n.isIntegralNumber() || !n.canConvertToLong())
                throw new ModelException(key + ": not a 64-bit UID: " + n);
            claim(uids, n.longValue(), key);
            values.add(n.longValue());
        }
        return values;
    }

    private static IdUid requiredIdUid(JsonNode node, String key, String where) {
        IdUid value = idUid(node, key, where);
        if (value.isNone()) throw new ModelException(where + ": missing " + key);
        return value;
    }

    private static IdUid idUid(JsonNode node, String key, String where) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) return IdUid.NONE;
        if (!v.isTextual()) throw new ModelException(where + ": " + key + " must be an \"id:uid\" string");
        return IdUid.parse(v.asText(), where);
    }

    private static String text(JsonNode node, String key) {
        JsonNode v = node.get(key);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static int intField(JsonNode node, String key, int absent) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) return absent;
        if (!v.isIntegralNumber()) throw new ModelException(key + " must be an integer");
        return v.intValue();
    }
}
