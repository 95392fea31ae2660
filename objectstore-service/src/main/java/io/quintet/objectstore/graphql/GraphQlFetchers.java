package io.quintet.objectstore.graphql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import graphql.GraphQLContext;
import graphql.schema.DataFetcher;
import io.quintet.objectstore.data.Condition;
import io.quintet.objectstore.data.ObjectQueries;
import io.quintet.objectstore.model.Entity;
import io.quintet.objectstore.model.Model;
import io.quintet.objectstore.model.Property;
import io.quintet.objectstore.model.PropertyType;
import io.quintet.objectstore.tx.LocalWriter;
import io.quintet.objectstore.wire.WireCodec;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** The data fetchers of the GraphQL schema: reads through {@link ObjectQueries}, writes as local TXs. */
final class GraphQlFetchers {

    static final String CAN_WRITE = "objectstore.canWrite";
    static final int MAX_FIRST = 1000;
    static final int DEFAULT_FIRST = 100;
    static final int DELETE_BATCH = 1000;

    private final Model model;
    private final ObjectQueries queries;
    private final LocalWriter writer;

    GraphQlFetchers(Model model, ObjectQueries queries, LocalWriter writer) {
        this.model = model;
        this.queries = queries;
        this.writer = writer;
    }

    DataFetcher<CompletableFuture<List<Map<String, Object>>>> query(Entity entity) {
        return env -> {
            List<String> ids = env.getArgument("ids");
            Map<String, Object> filter = env.getArgument("filter");
            Integer offset = env.getArgument("offset");
            Integer first = env.getArgument("first");
            int limit = first == null ? DEFAULT_FIRST : first;
            if (limit < 0 || limit > MAX_FIRST) throw new IllegalArgumentException("first must be 0.." + MAX_FIRST);
            long skip = offset == null ? 0 : offset;
            if (skip < 0) throw new IllegalArgumentException("offset must not be negative");
            if (limit == 0) return CompletableFuture.completedFuture(List.of());
            return queries.page(entity, conditions(entity, filter), ids, skip, limit)
                    .map(page ->
                            page.objects().stream().map(GraphQlFetchers::view).toList())
                    .subscribeAsCompletionStage();
        };
    }

    DataFetcher<CompletableFuture<Map<String, Object>>> put(Entity entity) {
        return env -> {
            requireWrite(env.getGraphQlContext());
            List<Map<String, Object>> inputs = env.getArgument("input");
            List<ObjectNode> ops = new ArrayList<>();
            List<String> gids = new ArrayList<>();
            for (Map<String, Object> in : inputs) {
                Object id = in.get("id");
                String gid;
                if (id == null || id.toString().isBlank()) {
                    if (entity.sharedGlobalIds())
                        throw new IllegalArgumentException(entity.name() + " uses shared global IDs: give an id");
                    gid = writer.newGid();
                } else gid = id.toString();
                ObjectNode p = JsonNodeFactory.instance.objectNode();
                in.forEach((k, v) -> {
                    if (!k.equals("id")) p.set(k, WireCodec.JSON.valueToTree(v));
                });
                ObjectNode op = JsonNodeFactory.instance
                        .objectNode()
                        .put("op", "PUT")
                        .put("type", Long.toUnsignedString(entity.uid()))
                        .put("gid", gid);
                op.set("p", p);
                ops.add(op);
                gids.add(gid);
            }
            return writer.apply(ops, model)
                    .chain(ok -> queries.page(entity, List.of(), gids, 0, gids.size()))
                    .map(page -> {
                        Map<String, Map<String, Object>> byId = new LinkedHashMap<>();
                        page.objects().forEach(o -> byId.put(o.id(), view(o)));
                        List<Map<String, Object>> returning = new ArrayList<>();
                        for (String g : gids) returning.add(byId.getOrDefault(g, Map.of("id", g)));
                        return Map.<String, Object>of("returning", returning);
                    })
                    .subscribeAsCompletionStage();
        };
    }

    DataFetcher<CompletableFuture<Map<String, Object>>> delete(Entity entity) {
        return env -> {
            requireWrite(env.getGraphQlContext());
            List<String> ids = env.getArgument("ids");
            Boolean all = env.getArgument("all");
            boolean everything = Boolean.TRUE.equals(all);
            if (everything == (ids != null)) throw new IllegalArgumentException("give either ids or all: true");
            Uni<List<String>> removed = everything ? deleteAll(entity, new ArrayList<>()) : remove(entity, ids);
            return removed.map(gone -> Map.<String, Object>of("count", gone.size(), "ids", gone))
                    .subscribeAsCompletionStage();
        };
    }

    /** Removes the given objects that exist, as one TX; answers their IDs. */
    private Uni<List<String>> remove(Entity entity, List<String> ids) {
        if (ids.isEmpty()) return Uni.createFrom().item(List.of());
        return queries.page(entity, List.of(), ids, 0, ids.size()).chain(page -> {
            List<String> existing =
                    page.objects().stream().map(ObjectQueries.StoredObject::id).toList();
            if (existing.isEmpty()) return Uni.createFrom().item(existing);
            List<ObjectNode> ops = new ArrayList<>();
            for (String gid : existing)
                ops.add(JsonNodeFactory.instance
                        .objectNode()
                        .put("op", "REMOVE")
                        .put("type", Long.toUnsignedString(entity.uid()))
                        .put("gid", gid));
            return writer.apply(ops, model).map(ok -> existing);
        });
    }

    /** Removes every object of the type, one TX per batch. */
    private Uni<List<String>> deleteAll(Entity entity, List<String> into) {
        return queries.page(entity, List.of(), null, 0, DELETE_BATCH).chain(page -> {
            List<String> batch =
                    page.objects().stream().map(ObjectQueries.StoredObject::id).toList();
            if (batch.isEmpty()) return Uni.createFrom().item(into);
            return remove(entity, batch).chain(gone -> {
                into.addAll(gone);
                return batch.size() < DELETE_BATCH ? Uni.createFrom().item(into) : deleteAll(entity, into);
            });
        });
    }

    private static void requireWrite(GraphQLContext context) {
        if (!Boolean.TRUE.equals(context.get(CAN_WRITE)))
            throw new SecurityException("FORBIDDEN: mutations need the admin role");
    }

    @SuppressWarnings("unchecked")
    static List<Condition> conditions(Entity entity, Map<String, Object> filter) {
        List<Condition> out = new ArrayList<>();
        if (filter == null) return out;
        for (Map.Entry<String, Object> f : filter.entrySet()) {
            Property p = entity.property(f.getKey()).orElseThrow();
            if (!(f.getValue() instanceof Map<?, ?> ops)) continue;
            for (Map.Entry<String, Object> op : ((Map<String, Object>) ops).entrySet()) {
                if (op.getValue() == null) continue;
                out.add(Condition.of(p, op.getKey(), text(op.getValue(), p)));
            }
        }
        return out;
    }

    private static String text(Object v, Property p) {
        if (v instanceof Double d && PropertyType.isIntegral(p.type()) && d == Math.rint(d))
            return Long.toString(d.longValue());
        return v.toString();
    }

    static Map<String, Object> view(ObjectQueries.StoredObject o) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", o.id());
        o.properties().fields().forEachRemaining(f -> out.put(f.getKey(), value(f.getValue())));
        return out;
    }

    private static Object value(JsonNode v) {
        if (v == null || v.isNull()) return null;
        if (v.isObject()) return v.toString();
        return WireCodec.JSON.convertValue(v, Object.class);
    }
}
