package io.quintet.objectstore.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quintet.objectstore.model.Entity;
import io.quintet.objectstore.tx.OpCodec;
import io.quintet.objectstore.wire.WireCodec;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads of the stored objects for the admin data browser and GraphQL: by type, with conditions, in
 * GID order with offset/limit; objects come out with the property names of the given model version.
 */
@Singleton
public class ObjectQueries {

    /** One object: its GID (the wire's object identity) and its properties by name. */
    public record StoredObject(String id, ObjectNode properties) {}

    public record Page(long total, List<StoredObject> objects) {}

    private final Pool pool;

    public ObjectQueries(Pool pool) {
        this.pool = pool;
    }

    public Uni<Page> page(Entity entity, List<Condition> conditions, List<String> ids, long offset, int limit) {
        List<Object> params = new ArrayList<>();
        params.add(entity.uid());
        StringBuilder where = new StringBuilder("type_uid = $1");
        for (Condition c : conditions) {
            params.add(c.value());
            where.append(" AND ").append(c.sql(params.size()));
        }
        if (ids != null) {
            params.add(ids.toArray(String[]::new));
            where.append(" AND gid = ANY($").append(params.size()).append(")");
        }
        String count = "SELECT count(*) FROM objectstore.objects WHERE " + where;
        params.add(offset);
        params.add(limit);
        String select = "SELECT gid, props FROM objectstore.objects WHERE " + where + " ORDER BY gid OFFSET $"
                + (params.size() - 1) + " LIMIT $" + params.size();
        Tuple all = Tuple.from(params);
        Tuple counted = Tuple.from(params.subList(0, params.size() - 2));
        return pool.preparedQuery(count)
                .execute(counted)
                .chain(countRows -> pool.preparedQuery(select).execute(all).map(rows -> {
                    List<StoredObject> out = new ArrayList<>();
                    for (Row r : rows) out.add(object(r, entity));
                    return new Page(countRows.iterator().next().getLong(0), out);
                }));
    }

    /** Object count and stored bytes per type UID (Counts and Sizes). */
    public Uni<Map<Long, long[]>> counts() {
        return pool.query(
                        "SELECT type_uid, count(*), coalesce(sum(pg_column_size(props)), 0) FROM objectstore.objects GROUP BY type_uid")
                .execute()
                .map(rows -> {
                    Map<Long, long[]> out = new LinkedHashMap<>();
                    for (Row r : rows) out.put(r.getLong(0), new long[] {r.getLong(1), r.getLong(2)});
                    return out;
                });
    }

    static StoredObject object(Row r, Entity entity) {
        Object raw = r.getValue(1);
        JsonNode props;
        try {
            props = WireCodec.JSON.readTree(raw.toString());
        } catch (IOException e) {
            throw new IllegalStateException("unreadable object " + r.getString(0), e);
        }
        return new StoredObject(r.getString(0), OpCodec.renderProperties((ObjectNode) props, entity));
    }
}
