package io.quintet.objectstore.fullsync;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quintet.objectstore.model.Entity;
import io.quintet.objectstore.model.Model;
import io.quintet.objectstore.model.PropertyType;
import io.quintet.objectstore.model.Relation;
import io.quintet.objectstore.tx.OpCodec;
import io.quintet.objectstore.wire.WireCodec;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Cursor;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A full sync (3.6) as a consistent snapshot: one REPEATABLE READ transaction fixes
 * {@code snapshotHseq} (the history head it sees) and the data of exactly the TXs up to it, while
 * writes go on. The snapshot is planned in a first pass (visible objects, chunk boundaries by size,
 * so {@code FULL_SYNC_BEGIN} can announce the chunk count), then streamed chunk by chunk with a
 * cursor as the client acknowledges. Types come in dependency order (to-one targets first), links
 * after all objects, and a link only when both ends are visible.
 */
public final class Snapshot {

    private static final int ROWS_PER_READ = 500;
    /** Room for the chunk's own fields (t, n, type, array brackets), so a whole message stays within the split. */
    private static final int ENVELOPE_BYTES = 256;

    private static final String HEAD =
            "SELECT coalesce((SELECT head FROM objectstore.oplog_head WHERE stream = 'tx'), 0)";
    private static final String OBJECTS =
            "SELECT gid, props::text FROM objectstore.objects WHERE type_uid = $1 ORDER BY gid";
    private static final String LINKS = "SELECT src, dst FROM objectstore.links WHERE rel_uid = $1 ORDER BY src, dst";

    /** Whether a stored object (properties by UID) is visible to the receiving client. */
    public interface Visibility {
        boolean visible(Entity entity, ObjectNode props);
    }

    private record Part(Entity entity, Relation relation, List<Integer> chunkRows, long count) {}

    private final SqlConnection connection;
    private final Transaction transaction;
    private final Model receiver;
    private final Visibility visibility;
    private final long limitBytes;
    private final List<Part> parts = new ArrayList<>();
    private final Map<Long, Set<String>> visibleGids = new HashMap<>();
    private long snapshotHseq;
    private int chunkCount;
    private int partIndex;
    private int chunkInPart;
    private int chunkNumber;
    private Cursor cursor;
    private boolean cursorRead;
    private final ArrayList<Row> buffered = new ArrayList<>();

    private Snapshot(
            SqlConnection connection, Transaction transaction, Model receiver, Visibility visibility, long limitBytes) {
        this.connection = connection;
        this.transaction = transaction;
        this.receiver = receiver;
        this.visibility = visibility;
        this.limitBytes = limitBytes;
    }

    public static Uni<Snapshot> open(Pool pool, Model receiver, Visibility visibility, long limitBytes) {
        return pool.getConnection()
                .chain(c -> c.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
                        .execute()
                        .chain(() -> c.query("SELECT 1").execute())
                        .map(ignored -> new Snapshot(c, null, receiver, visibility, limitBytes))
                        .chain(s -> s.plan().replaceWith(s))
                        .onFailure()
                        .call(() -> c.close()));
    }

    public long snapshotHseq() {
        return snapshotHseq;
    }

    public int chunkCount() {
        return chunkCount;
    }

    /** {@code [{uid, name, objects}]} for FULL_SYNC_BEGIN. */
    public ArrayNode types() {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        for (Part p : parts) {
            if (p.relation() != null) continue;
            out.addObject()
                    .put("uid", Long.toString(p.entity().uid()))
                    .put("name", p.entity().name())
                    .put("objects", Long.toString(p.count()));
        }
        return out;
    }

    private Uni<Void> plan() {
        Uni<Void> chain = connection
                .query(HEAD)
                .execute()
                .invoke(rows -> snapshotHseq = rows.iterator().next().getLong(0))
                .replaceWithVoid();
        for (Entity entity : dependencyOrder(receiver)) {
            chain = chain.chain(() -> planObjects(entity));
        }
        for (Entity entity : receiver.syncTypes()) {
            for (Relation relation : entity.relations()) {
                chain = chain.chain(() -> planLinks(entity, relation));
            }
        }
        return chain.invoke(() ->
                chunkCount = parts.stream().mapToInt(p -> p.chunkRows().size()).sum());
    }

    private Uni<Void> planObjects(Entity entity) {
        List<Integer> chunks = new ArrayList<>();
        Set<String> visible = new HashSet<>();
        visibleGids.put(entity.uid(), visible);
        long[] state = {0, 0, 0}; // bytes in current chunk, rows in current chunk, total
        return rows(OBJECTS, Tuple.of(entity.uid()))
                .invoke(row -> {
                    ObjectNode props = parse(row.getString(1));
                    if (!visibility.visible(entity, props)) return;
                    visible.add(row.getString(0));
                    int size = row.getString(0).length()
                            + OpCodec.renderProperties(props, entity).toString().length()
                            + 16;
                    cut(chunks, state, size);
                })
                .collect()
                .last()
                .invoke(() -> {
                    if (state[1] > 0) chunks.add((int) state[1]);
                    parts.add(new Part(entity, null, chunks, state[2]));
                })
                .replaceWithVoid();
    }

    private Uni<Void> planLinks(Entity owner, Relation relation) {
        List<Integer> chunks = new ArrayList<>();
        long[] state = {0, 0, 0};
        return rows(LINKS, Tuple.of(relation.id().uid()))
                .invoke(row -> {
                    if (!linkVisible(owner, relation, row)) return;
                    cut(
                            chunks,
                            state,
                            row.getString(0).length() + row.getString(1).length() + 48);
                })
                .collect()
                .last()
                .invoke(() -> {
                    if (state[1] > 0) chunks.add((int) state[1]);
                    parts.add(new Part(owner, relation, chunks, state[2]));
                })
                .replaceWithVoid();
    }

    private boolean linkVisible(Entity owner, Relation relation, Row row) {
        Set<String> src = visibleGids.get(owner.uid());
        Set<String> dst = visibleGids.get(relation.targetId().uid());
        return src != null && dst != null && src.contains(row.getString(0)) && dst.contains(row.getString(1));
    }

    private void cut(List<Integer> chunks, long[] state, int size) {
        if (state[1] > 0 && state[0] + size > limitBytes - ENVELOPE_BYTES) {
            chunks.add((int) state[1]);
            state[0] = 0;
            state[1] = 0;
        }
        state[0] += size;
        state[1]++;
        state[2]++;
    }

    private Multi<Row> rows(String sql, Tuple args) {
        return connection.prepare(sql).onItem().transformToMulti(statement -> {
            Cursor c = statement.cursor(args);
            return Multi.createBy()
                    .repeating()
                    .uni(() -> c.read(ROWS_PER_READ))
                    .whilst(rows -> c.hasMore())
                    .onItem()
                    .transformToIterable(rows -> {
                        List<Row> list = new ArrayList<>();
                        rows.forEach(list::add);
                        return list;
                    })
                    .onTermination()
                    .call(() -> c.close());
        });
    }

    /** The next FULL_SYNC_CHUNK ({@code n} from 1), or null after the last. */
    public Uni<ObjectNode> nextChunk() {
        while (partIndex < parts.size()
                && chunkInPart >= parts.get(partIndex).chunkRows().size()) {
            partIndex++;
            chunkInPart = 0;
            cursor = null;
            cursorRead = false;
            buffered.clear();
        }
        if (partIndex >= parts.size()) return Uni.createFrom().nullItem();
        Part part = parts.get(partIndex);
        int wanted = part.chunkRows().get(chunkInPart);
        chunkInPart++;
        chunkNumber++;
        Uni<Cursor> open = cursor != null
                ? Uni.createFrom().item(cursor)
                : connection
                        .prepare(part.relation() == null ? OBJECTS : LINKS)
                        .map(ps -> cursor = ps.cursor(Tuple.of(
                                part.relation() == null
                                        ? part.entity().uid()
                                        : part.relation().id().uid())));
        ObjectNode chunk = JsonNodeFactory.instance
                .objectNode()
                .put("t", "FULL_SYNC_CHUNK")
                .put("n", chunkNumber)
                .put("type", Long.toString(part.entity().uid()));
        ArrayNode objects = chunk.putArray("objects");
        ArrayNode links = chunk.putArray("links");
        return open.chain(c -> fill(c, part, wanted, objects, links)).replaceWith(chunk);
    }

    private Uni<Void> fill(Cursor c, Part part, int wanted, ArrayNode objects, ArrayNode links) {
        int have = part.relation() == null ? objects.size() : links.size();
        if (have >= wanted) return Uni.createFrom().voidItem();
        Uni<Void> more = buffered.isEmpty() && (!cursorRead || c.hasMore())
                ? c.read(ROWS_PER_READ)
                        .invoke(rows -> {
                            cursorRead = true;
                            rows.forEach(buffered::add);
                        })
                        .replaceWithVoid()
                : Uni.createFrom().voidItem();
        return more.chain(() -> {
            if (buffered.isEmpty()) return Uni.createFrom().voidItem();
            int count = have;
            while (!buffered.isEmpty() && count < wanted) {
                Row row = buffered.remove(0);
                if (part.relation() == null) {
                    ObjectNode props = parse(row.getString(1));
                    if (!visibility.visible(part.entity(), props)) continue;
                    ObjectNode o = objects.addObject().put("gid", row.getString(0));
                    o.set("p", OpCodec.renderProperties(props, part.entity()));
                } else {
                    if (!linkVisible(part.entity(), part.relation(), row)) continue;
                    links.addObject()
                            .put("rel", Long.toString(part.relation().id().uid()))
                            .put("src", row.getString(0))
                            .put("dst", row.getString(1));
                }
                count++;
            }
            return fill(c, part, wanted, objects, links);
        });
    }

    public Uni<Void> close() {
        return connection
                .query("ROLLBACK")
                .execute()
                .onFailure()
                .recoverWithNull()
                .replaceWithVoid()
                .eventually(() -> connection.close());
    }

    private static ObjectNode parse(String json) {
        try {
            return (ObjectNode) WireCodec.JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** To-one relation targets before their sources; cycles broken by model order. */
    static List<Entity> dependencyOrder(Model model) {
        Map<String, Entity> byName = new LinkedHashMap<>();
        model.syncTypes().forEach(e -> byName.put(e.name(), e));
        LinkedHashSet<Entity> ordered = new LinkedHashSet<>();
        Set<String> visiting = new HashSet<>();
        for (Entity e : byName.values()) visit(e, byName, ordered, visiting);
        return new ArrayList<>(ordered);
    }

    private static void visit(
            Entity e, Map<String, Entity> byName, LinkedHashSet<Entity> ordered, Set<String> visiting) {
        if (ordered.contains(e) || !visiting.add(e.name())) return;
        e.properties().stream()
                .filter(p -> p.type() == PropertyType.RELATION)
                .map(p -> byName.get(p.relationTarget()))
                .filter(t -> t != null && t != e)
                .forEach(t -> visit(t, byName, ordered, visiting));
        ordered.add(e);
    }
}
