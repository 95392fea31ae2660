package io.quintet.kora.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quintet.kora.codec.JsonCodec;
import io.quintet.kora.operation.Operation;
import io.quintet.kora.operation.OperationTimestamp;
import io.quintet.protocol.oplog.OperationLog;
import io.quintet.protocol.vv.VersionVector;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The reference's PostgreSQL operation log (kora.md 12.2) in schema {@code kora}.
 *
 * <p>An append locks the single {@code delivery_counter} row first and holds it to commit, so
 * the next append numbers its rows only after this one is visible: delivery order is commit
 * order on every replica, and a reader that has seen N never finds a row below N appear later.
 * The SQL and the row↔operation mapping live here; the rows this replica just committed are kept
 * by {@link OperationTail}, and other replicas hear of them from {@link DeliveryAnnouncer}.
 */
@ApplicationScoped
public class OperationRepository {

    private static final String COLUMNS = "id, node_id, type, collection, record_id, data, previous_data, atomic_ops,"
            + " wall_time, logical, timestamp_node_id, sequence_number, causal_deps, schema_version, delivery_seq";

    // also reads the app schema revision, so an append notices another replica's schema change for free
    private static final String LOCK_COUNTER =
            "SELECT c.value, (SELECT s.revision FROM kora.app_schema s WHERE s.id = 1)"
                    + " FROM kora.delivery_counter c WHERE c.id = 1 FOR UPDATE OF c";

    // Runs after the counter lock is held, so its snapshot sees every earlier append: ids already
    // stored are left out and the rest are numbered densely after the counter. The stored-id check
    // is a LATERAL probe with LIMIT, not NOT EXISTS: PostgreSQL may turn an anti-join into a hash
    // join over a sequential scan of the whole log, and a cached plan made while the table was
    // small kept doing that as it grew (measured: a growing share of every append). The probe can
    // only be a nested loop over the primary key.
    private static final String APPEND = append("");

    // The same, appending nothing unless the app schema revision is still $16 (null: none stored).
    // Its snapshot is taken after the counter lock (held by an earlier statement of the transaction,
    // as is every schema change), so it reads the revision the append really runs under.
    private static final String APPEND_AT_REVISION =
            append(" WHERE (SELECT s.revision FROM kora.app_schema s WHERE s.id = 1) IS NOT DISTINCT FROM $16::bigint");

    private static String append(String inputFilter) {
        return "WITH input AS ("
                + " SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],"
                + " $8::text[], $9::bigint[], $10::int[], $11::text[], $12::int[], $13::text[], $14::int[], $15::bigint[])"
                + " WITH ORDINALITY AS i(id, node_id, type, collection, record_id, data, previous_data, atomic_ops,"
                + " wall_time, logical, timestamp_node_id, sequence_number, causal_deps, schema_version, received_at, ord)"
                + inputFilter
                + "), fresh AS ("
                + " SELECT i.*, row_number() OVER (ORDER BY i.ord) AS rn FROM input i"
                + " LEFT JOIN LATERAL (SELECT true AS stored FROM kora.operations o WHERE o.id = i.id LIMIT 1) s ON true"
                + " WHERE s.stored IS NULL"
                + "), counter AS ("
                + " UPDATE kora.delivery_counter SET value = value + (SELECT count(*) FROM fresh) WHERE id = 1"
                + " RETURNING value - (SELECT count(*) FROM fresh) AS base"
                + "), ins AS ("
                + " INSERT INTO kora.operations (" + COLUMNS + ", received_at)"
                + " SELECT f.id, f.node_id, f.type, f.collection, f.record_id, f.data, f.previous_data, f.atomic_ops,"
                + " f.wall_time, f.logical, f.timestamp_node_id, f.sequence_number, f.causal_deps, f.schema_version,"
                + " c.base + f.rn, f.received_at FROM fresh f, counter c ORDER BY f.rn"
                + " RETURNING id, delivery_seq"
                + "), vv AS ("
                + " INSERT INTO kora.sync_state (node_id, max_sequence_number, last_seen_at)"
                + " SELECT node_id, max(sequence_number), max(received_at) FROM fresh GROUP BY node_id"
                + " ON CONFLICT (node_id) DO UPDATE SET"
                + " max_sequence_number = GREATEST(kora.sync_state.max_sequence_number, excluded.max_sequence_number),"
                + " last_seen_at = excluded.last_seen_at"
                + ") SELECT id, delivery_seq FROM ins";
    }

    private static final String AFTER_DELIVERY =
            "SELECT " + COLUMNS + " FROM kora.operations WHERE delivery_seq > $1 ORDER BY delivery_seq LIMIT $2";
    private static final String NODE_RANGE = "SELECT " + COLUMNS + " FROM kora.operations"
            + " WHERE node_id = $1 AND sequence_number > $2 AND sequence_number <= $3 ORDER BY sequence_number, delivery_seq";
    private static final String MAX_DELIVERY = "SELECT COALESCE(MAX(delivery_seq), 0) FROM kora.operations";
    private static final String VECTOR = "SELECT node_id, max_sequence_number FROM kora.sync_state";
    private static final String COUNT = "SELECT count(*) FROM kora.operations";
    private static final String RECORD_OPS =
            "SELECT " + COLUMNS + " FROM kora.operations WHERE collection = $1 AND record_id = $2";
    private static final String RECORDS_OPS =
            "SELECT " + COLUMNS + " FROM kora.operations WHERE collection = $1 AND record_id = ANY($2)";
    private static final String COLLECTION_OPS =
            "SELECT " + COLUMNS + " FROM kora.operations WHERE collection = $1" + " ORDER BY record_id";
    private static final String EXISTING = "SELECT id FROM kora.operations WHERE id = ANY($1)";
    private static final String NODE_MAX = "SELECT max_sequence_number FROM kora.sync_state WHERE node_id = $1";

    private final Pool pool;
    private final OperationTail tail;
    private final DeliveryAnnouncer announcer;

    @Inject
    public OperationRepository(Pool pool, OperationTail tail, DeliveryAnnouncer announcer) {
        this.pool = pool;
        this.tail = tail;
        this.announcer = announcer;
    }

    /** A repository with a tail and announcer of its own (tools and tests that act as another replica). */
    public OperationRepository(Pool pool) {
        this(pool, new OperationTail(), new DeliveryAnnouncer(new OperationLog(pool, "kora")));
    }

    /**
     * Appends in one transaction; returns the operations actually stored (ids not seen before), in
     * input order with their delivery sequences. Already stored ids are silent duplicates.
     */
    public Uni<List<StoredOperation>> append(List<Operation> operations, long receivedAt) {
        if (operations.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return pool.withTransaction(connection ->
                        lockCounter(connection).chain(() -> appendLocked(connection, operations, receivedAt)))
                .invoke(stored -> {
                    tail.remember(stored);
                    announcer.announceCommitted(stored);
                });
    }

    /**
     * Takes the delivery counter lock for the rest of {@code connection}'s transaction; yields the
     * stored app schema revision (null when none is stored).
     */
    public Uni<Long> lockCounter(SqlConnection connection) {
        return connection
                .query(LOCK_COUNTER)
                .execute()
                .map(rows -> rows.iterator().next().getLong(1));
    }

    /** Appends inside a transaction that holds the counter lock; ids already stored are skipped. */
    public Uni<List<StoredOperation>> appendLocked(
            SqlConnection connection, List<Operation> operations, long receivedAt) {
        long[] at = new long[operations.size()];
        Arrays.fill(at, receivedAt);
        return appendLocked(connection, operations, at);
    }

    /**
     * Appends inside a transaction that holds the counter lock, one multi-row statement whatever
     * the count, each operation with its own receipt time; ids already stored (or repeated in
     * {@code operations}) are skipped, the first occurrence wins.
     */
    public Uni<List<StoredOperation>> appendLocked(
            SqlConnection connection, List<Operation> operations, long[] receivedAt) {
        return append(connection, operations, receivedAt, false, null);
    }

    /**
     * As {@link #appendLocked(SqlConnection, List, long[])}, in a transaction whose counter lock was
     * requested by an earlier statement not yet answered (a pipelined transaction), storing nothing
     * unless the app schema revision under the lock is {@code revision}.
     */
    public Uni<List<StoredOperation>> appendAtRevision(
            SqlConnection connection, List<Operation> operations, long[] receivedAt, Long revision) {
        return append(connection, operations, receivedAt, true, revision);
    }

    private Uni<List<StoredOperation>> append(
            SqlConnection connection,
            List<Operation> operations,
            long[] receivedAt,
            boolean atRevision,
            Long revision) {
        Map<String, Operation> unique = new LinkedHashMap<>();
        Map<String, Long> at = new HashMap<>();
        for (int i = 0; i < operations.size(); i++) {
            Operation op = operations.get(i);
            if (unique.putIfAbsent(op.id(), op) == null) at.put(op.id(), receivedAt[i]);
        }
        if (unique.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<Operation> ops = new ArrayList<>(unique.values());
        Columns columns = appendArguments(ops, at);
        Tuple arguments = columns.tuple();
        if (atRevision) arguments.addLong(revision);
        return connection
                .preparedQuery(atRevision ? APPEND_AT_REVISION : APPEND)
                .execute(arguments)
                .map(rows -> stored(ops, columns, rows));
    }

    /** The ids among {@code ids} already in the log. */
    public Uni<Set<String>> existing(SqlClient client, List<String> ids) {
        return client.preparedQuery(EXISTING)
                .execute(Tuple.of(ids.toArray(new String[0])))
                .map(rows -> {
                    Set<String> found = new HashSet<>();
                    rows.forEach(row -> found.add(row.getString(0)));
                    return found;
                });
    }

    /** The highest sequence number stored for {@code nodeId}, 0 when none. */
    public Uni<Long> nodeMaxSequence(SqlClient client, String nodeId) {
        return client.preparedQuery(NODE_MAX)
                .execute(Tuple.of(nodeId))
                .map(rows -> rows.size() == 0 ? 0L : rows.iterator().next().getLong(0));
    }

    /** Every operation of the records {@code recordIds} of one collection, in no particular order. */
    public Uni<List<Operation>> recordsOperations(SqlClient client, String collection, Collection<String> recordIds) {
        return client.preparedQuery(RECORDS_OPS)
                .execute(Tuple.of(collection, recordIds.toArray(new String[0])))
                .map(rows -> rows(rows).stream().map(StoredOperation::operation).toList());
    }

    /** Every operation of one record, in no particular order. */
    public Uni<List<Operation>> recordOperations(SqlClient client, String collection, String recordId) {
        return client.preparedQuery(RECORD_OPS)
                .execute(Tuple.of(collection, recordId))
                .map(rows -> rows(rows).stream().map(StoredOperation::operation).toList());
    }

    /** Every operation of a collection, grouped by record id. */
    public Uni<List<Operation>> collectionOperations(SqlClient client, String collection) {
        return client.preparedQuery(COLLECTION_OPS)
                .execute(Tuple.of(collection))
                .map(rows -> rows(rows).stream().map(StoredOperation::operation).toList());
    }

    /**
     * The stored rows in delivery order, each operation as a read of its row would return it (the
     * JSON texts just written, parsed back), so the in-memory tail serves exactly what the table does.
     */
    private static List<StoredOperation> stored(List<Operation> ops, Columns columns, RowSet<Row> rows) {
        Map<String, Long> sequences = new HashMap<>();
        for (Row row : rows) {
            sequences.put(row.getString(0), row.getLong(1));
        }
        List<StoredOperation> result = new ArrayList<>(sequences.size());
        for (int i = 0; i < ops.size(); i++) {
            Operation op = ops.get(i);
            Long seq = sequences.get(op.id());
            if (seq != null)
                result.add(new StoredOperation(
                        readBack(op, columns.data()[i], columns.previous()[i], columns.atomic()[i]), seq));
        }
        result.sort((a, b) -> Long.compare(a.deliverySequence(), b.deliverySequence()));
        return result;
    }

    /** The append's arguments, and the JSON texts among them (reused for the read-back). */
    private record Columns(Tuple tuple, String[] data, String[] previous, String[] atomic) {}

    private static Columns appendArguments(List<Operation> ops, Map<String, Long> receivedAt) {
        int n = ops.size();
        String[] id = new String[n],
                node = new String[n],
                type = new String[n],
                collection = new String[n],
                record = new String[n],
                data = new String[n],
                previous = new String[n],
                atomic = new String[n],
                tsNode = new String[n],
                deps = new String[n];
        Long[] wall = new Long[n];
        Integer[] logical = new Integer[n], seq = new Integer[n], schema = new Integer[n];
        Long[] received = new Long[n];
        for (int i = 0; i < n; i++) {
            Operation op = ops.get(i);
            id[i] = op.id();
            node[i] = op.nodeId();
            type[i] = op.type();
            collection[i] = op.collection();
            record[i] = op.recordId();
            data[i] = text(op.data());
            previous[i] = text(op.previousData());
            atomic[i] = op.hasAtomicOps() ? text(op.atomicOps()) : null;
            wall[i] = (long) op.timestamp().wallTime();
            logical[i] = (int) op.timestamp().logical();
            tsNode[i] = op.timestamp().nodeId();
            seq[i] = (int) op.sequenceNumber();
            deps[i] = depsText(op.causalDeps());
            schema[i] = op.schemaVersion();
            received[i] = receivedAt.get(op.id());
        }
        return new Columns(
                Tuple.from(List.of(
                        id,
                        node,
                        type,
                        collection,
                        record,
                        data,
                        previous,
                        atomic,
                        wall,
                        logical,
                        tsNode,
                        seq,
                        deps,
                        schema,
                        received)),
                data,
                previous,
                atomic);
    }

    /** The operation exactly as {@link #operation(Row)} would read it back from its row, given the texts written there. */
    private static Operation readBack(Operation op, String data, String previous, String atomicOps) {
        JsonNode atomic = json(atomicOps);
        return new Operation(
                op.id(),
                op.nodeId(),
                op.type(),
                op.collection(),
                op.recordId(),
                json(data),
                json(previous),
                new OperationTimestamp(
                        (long) op.timestamp().wallTime(),
                        (int) op.timestamp().logical(),
                        op.timestamp().nodeId()),
                (int) op.sequenceNumber(),
                op.causalDeps(),
                op.schemaVersion(),
                atomic instanceof ObjectNode object && !object.isEmpty() ? object : null,
                null,
                null);
    }

    /**
     * As {@link #afterDelivery}, served from the in-memory tail when it covers the range (live
     * pushes). Initial syncs read the table: a log truncated or restored behind the service is seen
     * there at once, while the tail notices it only at this replica's next append.
     */
    public Uni<List<StoredOperation>> recentAfterDelivery(long after, int limit) {
        List<StoredOperation> recent = tail.after(after, limit);
        if (recent != null) return Uni.createFrom().item(recent);
        return afterDelivery(after, limit);
    }

    /** Operations with a delivery sequence above {@code after}, ascending, at most {@code limit}. */
    public Uni<List<StoredOperation>> afterDelivery(long after, int limit) {
        return pool.preparedQuery(AFTER_DELIVERY)
                .execute(Tuple.of(after, limit))
                .map(OperationRepository::rows);
    }

    /** A node's operations with sequence numbers in (from, to], ascending. */
    public Uni<List<StoredOperation>> nodeRange(String nodeId, long from, long to) {
        return pool.preparedQuery(NODE_RANGE)
                .execute(Tuple.of(nodeId, from, to))
                .map(OperationRepository::rows);
    }

    /** The highest delivery sequence stored, 0 when the log is empty. */
    public Uni<Long> maxDeliverySequence() {
        return pool.preparedQuery(MAX_DELIVERY)
                .execute()
                .map(rows -> rows.iterator().next().getLong(0))
                .invoke(tail::tableMax);
    }

    /** Checks the in-memory tail against the table (the periodic tick): a truncated or restored log drops it. */
    public Uni<Void> verifyTail() {
        return maxDeliverySequence().replaceWithVoid();
    }

    /** The persisted version vector (never a per-replica cache: other replicas append too). */
    public Uni<VersionVector> versionVector() {
        return pool.preparedQuery(VECTOR).execute().map(rows -> {
            Map<String, Long> entries = new HashMap<>();
            for (Row row : rows) {
                entries.put(row.getString(0), row.getLong(1));
            }
            return VersionVector.of(entries);
        });
    }

    public Uni<Long> count() {
        return pool.preparedQuery(COUNT)
                .execute()
                .map(rows -> rows.iterator().next().getLong(0));
    }

    private static List<StoredOperation> rows(RowSet<Row> rows) {
        List<StoredOperation> result = new ArrayList<>(rows.size());
        for (Row row : rows) {
            result.add(new StoredOperation(operation(row), row.getLong(14)));
        }
        return result;
    }

    private static Operation operation(Row row) {
        JsonNode atomic = json(row.getString(7));
        List<String> deps = new ArrayList<>();
        JsonNode depsJson = json(row.getString(12));
        if (depsJson != null && depsJson.isArray()) {
            depsJson.forEach(d -> deps.add(d.asText()));
        }
        return new Operation(
                row.getString(0),
                row.getString(1),
                row.getString(2),
                row.getString(3),
                row.getString(4),
                json(row.getString(5)),
                json(row.getString(6)),
                new OperationTimestamp(row.getLong(8), row.getInteger(9), row.getString(10)),
                row.getInteger(11),
                deps,
                row.getInteger(13),
                atomic instanceof ObjectNode object && !object.isEmpty() ? object : null,
                null,
                null);
    }

    /** The {@code causal_deps} column: a JSON array of the ids (mostly empty). */
    private static String depsText(List<String> deps) {
        if (deps.isEmpty()) return "[]";
        try {
            return JsonCodec.mapper().writeValueAsString(deps);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String text(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        try {
            return JsonCodec.mapper().writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(String text) {
        if (text == null) {
            return null;
        }
        try {
            return JsonCodec.mapper().readTree(text);
        } catch (JsonProcessingException e) {
            // a row written by another server with unreadable JSON: relay it as absent
            return null;
        }
    }
}
