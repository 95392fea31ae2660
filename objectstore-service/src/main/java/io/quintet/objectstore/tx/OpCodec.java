package io.quintet.objectstore.tx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quintet.objectstore.model.Entity;
import io.quintet.objectstore.model.Model;
import io.quintet.objectstore.model.Property;
import io.quintet.objectstore.model.Relation;
import io.quintet.objectstore.wire.Gids;
import io.quintet.objectstore.wire.PropertyValues;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Between wire ops (12.7, property names of one schema version) and canonical ops (properties keyed
 * by property UID, so a stored object is independent of any version's names).
 */
public final class OpCodec {

    private OpCodec() {}

    /** Decodes the ops of an APPLY_TX in the sender's version; an invalid op rejects the TX. */
    public static List<ObjectNode> decode(JsonNode ops, Model sender) {
        if (ops == null || !ops.isArray()) throw new IllegalArgumentException("ops must be an array");
        List<ObjectNode> out = new ArrayList<>(ops.size());
        int index = 0;
        for (JsonNode op : ops) {
            out.add(decodeOne(op, sender, index++));
        }
        return out;
    }

    private static ObjectNode decodeOne(JsonNode op, Model sender, int index) {
        if (!op.isObject()) throw new IllegalArgumentException("op " + index + " is not a map");
        String kind = op.path("op").asText("");
        ObjectNode out = JsonNodeFactory.instance.objectNode().put("op", kind);
        switch (kind) {
            case "PUT", "REMOVE" -> {
                Entity entity = syncType(op.get("type"), sender, index);
                String gid = op.path("gid").asText(null);
                if (!Gids.valid(gid, entity.sharedGlobalIds()))
                    throw new IllegalArgumentException("op " + index + ": invalid gid " + gid);
                out.put("type", Long.toString(entity.uid())).put("gid", gid);
                JsonNode p = op.get("p");
                if (kind.equals("PUT")) {
                    if (p == null || !p.isObject()) throw new IllegalArgumentException("op " + index + ": PUT needs p");
                    out.set("p", properties((ObjectNode) p, entity, true));
                } else if (p != null && p.isObject()) {
                    out.set("p", properties((ObjectNode) p, entity, false));
                }
            }
            case "LINK", "UNLINK" -> {
                long relUid = uid(op.get("rel"), index);
                Optional<Relation> relation = sender.relation(relUid);
                Entity owner = sender.relationOwner(relUid).orElse(null);
                if (relation.isEmpty() || owner == null || !owner.syncEnabled()) {
                    throw new IllegalArgumentException(
                            "op " + index + ": unknown relation " + Long.toUnsignedString(relUid));
                }
                Entity target = sender.entity(relation.get().targetId().uid()).orElseThrow();
                String src = op.path("src").asText(null);
                String dst = op.path("dst").asText(null);
                if (!Gids.valid(src, owner.sharedGlobalIds()) || !Gids.valid(dst, target.sharedGlobalIds())) {
                    throw new IllegalArgumentException("op " + index + ": invalid link ends");
                }
                out.put("rel", Long.toString(relUid)).put("src", src).put("dst", dst);
            }
            default -> throw new IllegalArgumentException("op " + index + ": unknown op \"" + kind + "\"");
        }
        return out;
    }

    private static Entity syncType(JsonNode type, Model sender, int index) {
        long uid = uid(type, index);
        Entity entity = sender.entity(uid)
                .orElseThrow(() ->
                        new IllegalArgumentException("op " + index + ": unknown type " + Long.toUnsignedString(uid)));
        if (!entity.syncEnabled())
            throw new IllegalArgumentException("op " + index + ": type " + entity.name() + " is not a sync type");
        return entity;
    }

    private static long uid(JsonNode node, int index) {
        if (node == null || !(node.isTextual() || node.isIntegralNumber()))
            throw new IllegalArgumentException("op " + index + ": missing UID");
        try {
            return Long.parseUnsignedLong(node.asText());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("op " + index + ": bad UID " + node.asText());
        }
    }

    /** Names → UIDs; with {@code complete}, every property known to the sender is present (absent = null, 12.7.2). */
    private static ObjectNode properties(ObjectNode p, Entity entity, boolean complete) {
        Map<String, Property> byName = entity.wireProperties();
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = p.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            Property property = byName.get(f.getKey());
            if (property == null) {
                if (entity.property(f.getKey()).map(Property::isId).orElse(false)) continue;
                throw new IllegalArgumentException("type " + entity.name() + " has no property " + f.getKey());
            }
            out.set(Long.toString(property.id().uid()), PropertyValues.canonical(f.getValue(), property));
        }
        if (complete) {
            for (Property property : byName.values())
                out.putIfAbsent(Long.toString(property.id().uid()), NullNode.instance);
        }
        return out;
    }

    /** A canonical op as {@code receiver} sees it: names of its version, unknown types and properties left out (C13). */
    public static ObjectNode render(ObjectNode op, Model receiver) {
        String kind = op.path("op").asText();
        if (kind.equals("LINK") || kind.equals("UNLINK")) {
            long rel = Long.parseUnsignedLong(op.get("rel").asText());
            Optional<Entity> owner = receiver.relationOwner(rel);
            if (owner.isEmpty() || !owner.get().syncEnabled()) return null;
            return op.deepCopy();
        }
        Optional<Entity> entity =
                receiver.entity(Long.parseUnsignedLong(op.get("type").asText()));
        if (entity.isEmpty() || !entity.get().syncEnabled()) return null;
        ObjectNode out = JsonNodeFactory.instance
                .objectNode()
                .put("op", kind)
                .put("type", op.get("type").asText())
                .put("gid", op.get("gid").asText());
        JsonNode p = op.get("p");
        if (p instanceof ObjectNode props) out.set("p", renderProperties(props, entity.get()));
        return out;
    }

    public static ObjectNode renderProperties(ObjectNode props, Entity entity) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        for (Property property : entity.properties()) {
            if (property.isId()) continue;
            JsonNode v = props.get(Long.toString(property.id().uid()));
            if (v != null) out.set(property.name(), v);
        }
        return out;
    }
}
