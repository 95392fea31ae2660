package io.quintet.objectstore.admin.rest;

import io.quintet.objectstore.admin.AdminRoute;
import io.quintet.objectstore.data.Condition;
import io.quintet.objectstore.data.ObjectQueries;
import io.quintet.objectstore.error.AdminError;
import io.quintet.objectstore.model.Entity;
import io.quintet.objectstore.model.Property;
import io.quintet.objectstore.schema.SchemaRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The data browser (6.1 Data, 6.2 /types): read-only; edits go through GraphQL. */
@Path("/api/v1/types")
@AdminRoute
@Tag(name = "admin data")
public class DataResource {

    static final int MAX_PAGE = 1000;
    static final int EXPORT_BATCH = 5000;

    private final SchemaRegistry schemas;
    private final ObjectQueries queries;

    public DataResource(SchemaRegistry schemas, ObjectQueries queries) {
        this.schemas = schemas;
        this.queries = queries;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Sync types of the current schema version with their properties")
    public List<Map<String, Object>> types() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Entity e : schemas.current().model().syncTypes()) out.add(SchemaResource.describe(e));
        return out;
    }

    @GET
    @Path("/counts")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Object count and stored bytes per type, with a total row (computed on request)")
    public Uni<Map<String, Object>> counts() {
        return queries.counts().map(byUid -> {
            List<Map<String, Object>> rows = new ArrayList<>();
            long objects = 0, bytes = 0;
            for (Entity e : schemas.current().model().syncTypes()) {
                long[] c = byUid.getOrDefault(e.uid(), new long[2]);
                rows.add(Map.of("type", e.name(), "objects", c[0], "bytes", c[1]));
                objects += c[0];
                bytes += c[1];
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("types", rows);
            out.put("total", Map.of("objects", objects, "bytes", bytes));
            return out;
        });
    }

    @GET
    @Path("/{name}/objects")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "One page of a type's objects; filter=property:operator:value (repeatable, all must hold)")
    public Uni<Map<String, Object>> objects(
            @PathParam("name") String name,
            @QueryParam("offset") @DefaultValue("0") long offset,
            @QueryParam("limit") @DefaultValue("50") int limit,
            @QueryParam("filter") List<String> filters) {
        Entity entity = entity(name);
        if (offset < 0 || limit < 1 || limit > MAX_PAGE)
            throw AdminError.BAD_REQUEST.with("offset >= 0 and 1 <= limit <= " + MAX_PAGE);
        List<Condition> conditions = conditions(entity, filters);
        return queries.page(entity, conditions, null, offset, limit).map(page -> {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("type", entity.name());
            out.put("offset", offset);
            out.put("limit", limit);
            out.put("total", page.total());
            out.put("objects", page.objects());
            return out;
        });
    }

    @GET
    @Path("/{name}/export")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "JSON download of a whole type (or of the filtered objects)")
    public Uni<Response> export(@PathParam("name") String name, @QueryParam("filter") List<String> filters) {
        Entity entity = entity(name);
        List<Condition> conditions = conditions(entity, filters);
        return exportFrom(entity, conditions, 0, new ArrayList<>())
                .map(all -> Response.ok(Map.of("type", entity.name(), "objects", all))
                        .header(
                                "Content-Disposition",
                                "attachment; filename=\"" + entity.name().replaceAll("[^A-Za-z0-9_]", "_") + ".json\"")
                        .build());
    }

    private Uni<List<ObjectQueries.StoredObject>> exportFrom(
            Entity entity, List<Condition> conditions, long offset, List<ObjectQueries.StoredObject> into) {
        return queries.page(entity, conditions, null, offset, EXPORT_BATCH).chain(page -> {
            into.addAll(page.objects());
            if (page.objects().size() < EXPORT_BATCH) return Uni.createFrom().item(into);
            return exportFrom(entity, conditions, offset + EXPORT_BATCH, into);
        });
    }

    private Entity entity(String name) {
        return schemas.current().model().syncTypes().stream()
                .filter(e -> e.name().equals(name))
                .findFirst()
                .orElseThrow(() -> AdminError.NOT_FOUND.with("no sync type named " + name));
    }

    static List<Condition> conditions(Entity entity, List<String> filters) {
        List<Condition> out = new ArrayList<>();
        if (filters == null) return out;
        for (String f : filters) {
            if (f == null || f.isBlank()) continue;
            String[] parts = f.split(":", 3);
            if (parts.length != 3) throw AdminError.BAD_REQUEST.with("filter must be property:operator:value");
            Property p = entity.property(parts[0])
                    .filter(x -> !x.isId())
                    .orElseThrow(() ->
                            AdminError.BAD_REQUEST.with("type " + entity.name() + " has no property " + parts[0]));
            try {
                out.add(Condition.of(p, parts[1], parts[2]));
            } catch (IllegalArgumentException e) {
                throw AdminError.BAD_REQUEST.with(e.getMessage());
            }
        }
        return out;
    }
}
