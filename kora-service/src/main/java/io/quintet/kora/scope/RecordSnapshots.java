package io.quintet.kora.scope;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quintet.kora.collection.CollectionDef;
import io.quintet.kora.collection.repository.CollectionRepository;
import io.quintet.kora.collection.service.SchemaService;
import io.quintet.kora.operation.Operation;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The materialized-record backfill of visibility (kora.md 10.3 step 3): for operations that do not
 * carry every scoped field, the record's current row (soft-deleted included) is read, one query
 * per collection for a whole batch or chunk.
 */
@ApplicationScoped
public class RecordSnapshots {

    private final Pool pool;
    private final SchemaService schemas;
    private final CollectionRepository collections;

    public RecordSnapshots(Pool pool, SchemaService schemas, CollectionRepository collections) {
        this.pool = pool;
        this.schemas = schemas;
        this.collections = collections;
    }

    public static String key(String collection, String recordId) {
        return collection + '\u0000' + recordId;
    }

    /** Rows of the records {@code visibility} needs to judge {@code ops}, by {@link #key}; empty without a schema. */
    public Uni<Map<String, ObjectNode>> lookup(Visibility visibility, List<Operation> ops) {
        Map<String, Set<String>> wanted = new LinkedHashMap<>();
        for (Operation op : ops) {
            if (visibility.needsRecord(op))
                wanted.computeIfAbsent(op.collection(), k -> new LinkedHashSet<>())
                        .add(op.recordId());
        }
        if (wanted.isEmpty()) return Uni.createFrom().item(Map.of());
        return schemas.current().chain(schema -> {
            if (schema == null) return Uni.createFrom().item(Map.<String, ObjectNode>of());
            List<Uni<Map<String, ObjectNode>>> reads = new ArrayList<>();
            wanted.forEach((collection, ids) -> {
                CollectionDef c = schema.collection(collection);
                if (c != null) {
                    reads.add(collections.rows(pool, c, ids).map(rows -> {
                        Map<String, ObjectNode> keyed = new HashMap<>();
                        rows.forEach((id, row) -> keyed.put(key(collection, id), row));
                        return keyed;
                    }));
                }
            });
            if (reads.isEmpty()) return Uni.createFrom().item(Map.<String, ObjectNode>of());
            return Uni.join().all(reads).andFailFast().map(maps -> {
                Map<String, ObjectNode> all = new HashMap<>();
                maps.forEach(all::putAll);
                return all;
            });
        });
    }

    /** The operations of {@code ops} visible to {@code visibility}, in order. */
    public Uni<List<Operation>> visible(Visibility visibility, List<Operation> ops) {
        return lookup(visibility, ops).map(rows -> {
            List<Operation> result = new ArrayList<>();
            for (Operation op : ops) {
                if (visibility.isVisible(op, rows.get(key(op.collection(), op.recordId())))) result.add(op);
            }
            return result;
        });
    }
}
