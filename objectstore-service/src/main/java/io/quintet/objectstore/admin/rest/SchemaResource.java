package io.quintet.objectstore.admin.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quintet.objectstore.admin.AdminRoute;
import io.quintet.objectstore.config.ConfigException;
import io.quintet.objectstore.config.SyncServerSettings;
import io.quintet.objectstore.error.AdminError;
import io.quintet.objectstore.events.EventType;
import io.quintet.objectstore.events.LogEvents;
import io.quintet.objectstore.filter.SyncFilters;
import io.quintet.objectstore.model.Entity;
import io.quintet.objectstore.model.Flags;
import io.quintet.objectstore.model.Model;
import io.quintet.objectstore.model.ModelException;
import io.quintet.objectstore.model.ModelReader;
import io.quintet.objectstore.model.Property;
import io.quintet.objectstore.model.Relation;
import io.quintet.objectstore.schema.SchemaRegistry;
import io.quintet.objectstore.schema.SchemaVersion;
import io.quintet.objectstore.session.SessionRegistry;
import io.quintet.objectstore.session.SyncServices;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Schema and schema versions (6.1 Schema, Schema versions; 6.2 /schema). */
@Path("/api/v1/schema")
@AdminRoute
@Tag(name = "admin schema")
public class SchemaResource {

    public record Patch(Boolean clientsAllowed) {}

    public record Current(Integer versionId) {}

    private final SchemaRegistry schemas;
    private final SessionRegistry sessions;
    private final SyncServices services;
    private final SyncServerSettings settings;
    private final LogEvents events;
    private final Pool pool;

    public SchemaResource(
            SchemaRegistry schemas,
            SessionRegistry sessions,
            SyncServices services,
            SyncServerSettings settings,
            LogEvents events,
            Pool pool) {
        this.schemas = schemas;
        this.sessions = sessions;
        this.services = services;
        this.settings = settings;
        this.events = events;
        this.pool = pool;
    }

    @GET
    @Path("/versions")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary =
                    "Every schema version: ID, current, clients allowed, hashes, model size, created, connected clients")
    public Uni<List<Map<String, Object>>> versions() {
        Map<Integer, Long> clients = sessions.clientsPerVersion();
        return schemas.stored()
                .map(all -> all.stream()
                        .sorted(Comparator.comparing((SchemaVersion v) -> v.versionId))
                        .map(v -> {
                            Map<String, Object> m = new LinkedHashMap<>();
                            m.put("versionId", v.versionId);
                            m.put("current", v.current);
                            m.put("clientsAllowed", v.clientsAllowed);
                            m.put("createdAt", v.createdAt == null ? null : v.createdAt.toString());
                            m.put("source", v.source);
                            m.put("modelSizeBytes", v.modelSizeBytes);
                            m.put("baseHash", v.baseHash);
                            m.put("fullHash", v.fullHash);
                            m.put("connectedClients", clients.getOrDefault(v.versionId, 0L));
                            return m;
                        })
                        .toList());
    }

    @POST
    @Path("/versions")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Uploads an objectbox-model.json as a new, inactive schema version")
    public Uni<Response> upload(String modelJson) {
        Model model;
        try {
            model = ModelReader.parse(modelJson == null ? "" : modelJson);
        } catch (ModelException | IllegalArgumentException e) {
            throw AdminError.BAD_REQUEST.with("invalid model: " + e.getMessage());
        }
        return schemas.upload(model)
                .onFailure(ModelException.class)
                .transform(e -> AdminError.BAD_REQUEST.with("model rejected: " + e.getMessage()))
                .onFailure(IllegalStateException.class)
                .transform(e -> AdminError.CONFLICT.with(e.getMessage()))
                .call(v -> events.record(LogEvents.Event.of(
                                EventType.Important,
                                "SchVer",
                                "schema version " + v.versionId + " created by admin upload")
                        .template("schema version created")
                        .subject("schema-version-" + v.versionId)))
                .map(v -> Response.status(201)
                        .entity(Map.of(
                                "versionId",
                                v.versionId,
                                "current",
                                false,
                                "fullHash",
                                v.fullHash,
                                "baseHash",
                                v.baseHash))
                        .build());
    }

    @GET
    @Path("/versions/{id}/model")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The model JSON of a version (view/download)")
    public Uni<Response> model(@PathParam("id") int id) {
        return schemas.stored()
                .map(all -> all.stream()
                        .filter(v -> v.versionId == id)
                        .findFirst()
                        .map(v -> Response.ok(v.modelJson)
                                .header(
                                        "Content-Disposition",
                                        "attachment; filename=\"objectbox-model-v" + id + ".json\"")
                                .build())
                        .orElseThrow(() -> AdminError.NOT_FOUND.with("no schema version " + id)));
    }

    @PATCH
    @Path("/versions/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Sets clientsAllowed of a version (a disallowed version rejects its clients with 57)")
    public Uni<Map<String, Object>> patch(@PathParam("id") int id, Patch body) {
        if (body == null || body.clientsAllowed() == null)
            throw AdminError.BAD_REQUEST.with("clientsAllowed is required");
        return schemas.clientsAllowed(id, body.clientsAllowed())
                .onFailure(NoSuchElementException.class)
                .transform(e -> AdminError.NOT_FOUND.with(e.getMessage()))
                .call(() -> events.record(LogEvents.Event.of(
                                EventType.Important,
                                "SchVer",
                                "schema version " + id + (body.clientsAllowed() ? " allows" : " refuses") + " clients")
                        .template("schema version clients allowed changed")
                        .subject("schema-version-" + id)))
                .invoke(() -> {
                    if (!body.clientsAllowed())
                        sessions.disconnectVersion(id, "schema version no longer allows clients");
                })
                .map(ok -> Map.of("versionId", id, "clientsAllowed", body.clientsAllowed()));
    }

    @POST
    @Path("/current")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Switches the current schema version; connected clients are disconnected (1001) and reconnect")
    public Uni<Map<String, Object>> switchCurrent(Current body) {
        if (body == null || body.versionId() == null) throw AdminError.BAD_REQUEST.with("versionId is required");
        Model target = schemas.version(body.versionId())
                .orElseThrow(() -> AdminError.NOT_FOUND.with("no schema version " + body.versionId()))
                .model();
        try {
            new SyncFilters(settings.syncFilters(), target);
        } catch (ConfigException e) {
            throw AdminError.CONFLICT.with("the configured syncFilters do not fit this version: " + e.getMessage());
        }
        return schemas.switchTo(body.versionId())
                .onFailure(NoSuchElementException.class)
                .transform(e -> AdminError.NOT_FOUND.with(e.getMessage()))
                .invoke(services::compileFilters)
                .call(() -> events.record(LogEvents.Event.of(
                                EventType.Important, "SchVer", "switched schema version ID to " + body.versionId())
                        .template("schema version switched")))
                .map(ok -> {
                    int disconnected = sessions.disconnectAll("schema version switched");
                    return Map.of("versionId", body.versionId(), "disconnectedClients", disconnected);
                });
    }

    @GET
    @Path("/client-hashes")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Client Schema tab: hash pairs presented by clients, with login counts and resolved version")
    public Uni<List<Map<String, Object>>> clientHashes() {
        return pool.query("SELECT base_hash, full_hash, version_id, logins FROM objectstore.client_schema_hashes "
                        + "ORDER BY logins DESC, base_hash, full_hash")
                .execute()
                .map(rows -> {
                    List<Map<String, Object>> out = new ArrayList<>();
                    for (Row r : rows) {
                        Map<String, Object> m = new LinkedHashMap<>();
                        m.put("baseHash", r.getString(0).trim());
                        m.put("fullHash", r.getString(1).trim());
                        Integer v = r.getInteger(2);
                        m.put("version", v == null ? "unknown" : v);
                        m.put("logins", r.getLong(3));
                        out.add(m);
                    }
                    return out;
                });
    }

    @GET
    @Path("/types")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Every type of the current version (or of ?version=N): properties with types and flags as text, "
                    + "external names and types, indexes, relations")
    public List<Map<String, Object>> schema(@jakarta.ws.rs.QueryParam("version") Integer version) {
        Model model = version == null
                ? schemas.current().model()
                : schemas.version(version)
                        .orElseThrow(() -> AdminError.NOT_FOUND.with("no schema version " + version))
                        .model();
        JsonNode raw;
        try {
            raw = new ObjectMapper().readTree(model.text());
        } catch (java.io.IOException e) {
            throw AdminError.INTERNAL.with("unreadable model text");
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (Entity e : model.entities()) {
            Map<String, Object> described = describe(e);
            JsonNode entity = byId(raw.path("entities"), e.id().toString());
            external(entity, described);
            for (Object p : (List<?>) described.get("properties")) {
                @SuppressWarnings("unchecked")
                Map<String, Object> pm = (Map<String, Object>) p;
                external(byId(entity.path("properties"), (String) pm.get("id")), pm);
            }
            List<Map<String, Object>> relations = new ArrayList<>();
            for (Object r : (List<?>) described.get("relations")) {
                @SuppressWarnings("unchecked")
                Map<String, Object> rm = new LinkedHashMap<>((Map<String, Object>) r);
                external(byId(entity.path("relations"), (String) rm.get("id")), rm);
                relations.add(rm);
            }
            described.put("relations", relations);
            out.add(described);
        }
        return out;
    }

    private static JsonNode byId(JsonNode list, String id) {
        for (JsonNode n : list) if (id.equals(n.path("id").asText())) return n;
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    /** 6.1 "external names/types": {@code externalName} and {@code externalType} (2.9) as the model file has them. */
    private static void external(JsonNode node, Map<String, Object> into) {
        if (node.hasNonNull("externalName"))
            into.put("externalName", node.get("externalName").asText());
        if (node.hasNonNull("externalType")) {
            int code = node.get("externalType").asInt();
            into.put("externalType", code);
            into.put("externalTypeText", EXTERNAL_TYPES.getOrDefault(code, "Unknown (" + code + ")"));
        }
    }

    private static final Map<Integer, String> EXTERNAL_TYPES = Map.ofEntries(
            Map.entry(0, "Unknown"),
            Map.entry(100, "Int128"),
            Map.entry(102, "Uuid"),
            Map.entry(103, "Decimal128"),
            Map.entry(104, "UuidString"),
            Map.entry(105, "UuidV4"),
            Map.entry(106, "UuidV4String"),
            Map.entry(107, "FlexMap"),
            Map.entry(108, "FlexVector"),
            Map.entry(109, "Json"),
            Map.entry(110, "Bson"),
            Map.entry(111, "JavaScript"),
            Map.entry(112, "JsonToNative"),
            Map.entry(116, "Int128Vector"),
            Map.entry(118, "UuidVector"),
            Map.entry(123, "MongoId"),
            Map.entry(124, "MongoIdVector"),
            Map.entry(125, "MongoTimestamp"),
            Map.entry(126, "MongoBinary"),
            Map.entry(127, "MongoRegex"));

    static Map<String, Object> describe(Entity e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", e.name());
        m.put("id", e.id().toString());
        m.put("sync", e.syncEnabled());
        m.put("sharedGlobalIds", e.sharedGlobalIds());
        List<Map<String, Object>> props = new ArrayList<>();
        for (Property p : e.properties()) {
            Map<String, Object> pm = new LinkedHashMap<>();
            pm.put("name", p.name());
            pm.put("id", p.id().toString());
            pm.put("type", p.type());
            pm.put("typeText", typeText(p.type()));
            pm.put("flags", p.flags());
            pm.put("flagsText", flagsText(p.flags()));
            if (p.relationTarget() != null) pm.put("relationTarget", p.relationTarget());
            if (p.indexId() != null && !p.indexId().isNone())
                pm.put("indexId", p.indexId().toString());
            props.add(pm);
        }
        m.put("properties", props);
        List<Map<String, Object>> rels = new ArrayList<>();
        for (Relation r : e.relations())
            rels.add(Map.of(
                    "name",
                    r.name(),
                    "id",
                    r.id().toString(),
                    "targetId",
                    r.targetId().toString()));
        m.put("relations", rels);
        return m;
    }

    private static final Map<Integer, String> FLAG_NAMES = new LinkedHashMap<>();

    static {
        FLAG_NAMES.put(Flags.ID, "ID");
        FLAG_NAMES.put(Flags.NON_PRIMITIVE_TYPE, "NON_PRIMITIVE_TYPE");
        FLAG_NAMES.put(Flags.INDEXED, "INDEXED");
        FLAG_NAMES.put(Flags.UNIQUE, "UNIQUE");
        FLAG_NAMES.put(Flags.INDEX_HASH, "INDEX_HASH");
        FLAG_NAMES.put(Flags.INDEX_HASH64, "INDEX_HASH64");
        FLAG_NAMES.put(Flags.UNSIGNED, "UNSIGNED");
        FLAG_NAMES.put(Flags.UNIQUE_ON_CONFLICT_REPLACE, "UNIQUE_ON_CONFLICT_REPLACE");
        FLAG_NAMES.put(Flags.EXPIRATION_TIME, "EXPIRATION_TIME");
        FLAG_NAMES.put(Flags.SYNC_CLOCK, "SYNC_CLOCK");
        FLAG_NAMES.put(Flags.SYNC_PRECEDENCE, "SYNC_PRECEDENCE");
    }

    static String flagsText(int flags) {
        List<String> names = new ArrayList<>();
        FLAG_NAMES.forEach((bit, name) -> {
            if ((flags & bit) == bit) names.add(name);
        });
        return String.join(" | ", names);
    }

    static String typeText(int type) {
        return switch (type) {
            case 1 -> "Bool";
            case 2 -> "Byte";
            case 3 -> "Short";
            case 4 -> "Char";
            case 5 -> "Int";
            case 6 -> "Long";
            case 7 -> "Float";
            case 8 -> "Double";
            case 9 -> "String";
            case 10 -> "Date";
            case 11 -> "Relation";
            case 12 -> "DateNano";
            case 13 -> "Flex";
            case 22 -> "BoolVector";
            case 23 -> "ByteVector";
            case 24 -> "ShortVector";
            case 25 -> "CharVector";
            case 26 -> "IntVector";
            case 27 -> "LongVector";
            case 28 -> "FloatVector";
            case 29 -> "DoubleVector";
            case 30 -> "StringVector";
            case 31 -> "DateVector";
            case 32 -> "DateNanoVector";
            default -> "Unknown(" + type + ")";
        };
    }
}
