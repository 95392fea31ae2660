package io.quintet.protocol.oplog;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * An append-only log of operations on PostgreSQL, one sequence per stream.
 *
 * <p><b>Why readers never miss a row.</b> A plain sequence hands out numbers at insert time, but
 * transactions commit in any order: a reader that has seen 7 may later find 6 appear, and a
 * cursor at 7 skips it forever. Here an append first locks its stream's head row and keeps the
 * lock until commit; the next append to the stream waits for that commit before it numbers its
 * rows. Sequence order is therefore commit order, and "everything after N" is stable the moment
 * N is visible. Appends to different streams do not wait for each other; a whole batch costs one
 * lock and two statements.
 *
 * <p>Appends are idempotent by operation id within a stream. The tables live in the owning
 * service's schema (migration {@code classpath:db/quintet-oplog}); an insert trigger notifies
 * {@link #channel()} with {@code <stream>:<last sequence>} for the {@link io.quintet.protocol.feed.ChangeFeed}.
 */
public final class OperationLog {

    private static final Pattern SCHEMA_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,50}");

    private final Pool pool;
    private final String schema;
    private final String lockHeadSql;
    private final String insertSql;
    private final String readSql;
    private final String headSql;

    public OperationLog(Pool pool, String schema) {
        this.pool = Objects.requireNonNull(pool, "pool");
        if (schema == null || !SCHEMA_NAME.matcher(schema).matches()) {
            throw new IllegalArgumentException("invalid schema name: " + schema);
        }
        this.schema = schema;
        String head = schema + ".oplog_head";
        String log = schema + ".oplog";
        // A no-op update still takes the row lock and returns the current head in one round trip.
        this.lockHeadSql = "INSERT INTO " + head + " AS h (stream, head) VALUES ($1, 0) "
                + "ON CONFLICT (stream) DO UPDATE SET head = h.head RETURNING h.head";
        // Runs after the lock is held, so its snapshot sees every earlier append of the stream:
        // ids already stored are reported as duplicates, new ones are numbered head+1, head+2, ...
        this.insertSql = "WITH incoming AS ("
                + "  SELECT i.op_id, i.payload, i.ord FROM unnest($2::text[], $3::text[]) WITH ORDINALITY AS i(op_id, payload, ord)"
                + "), fresh AS ("
                + "  SELECT i.op_id, i.payload, row_number() OVER (ORDER BY i.ord) AS rn FROM incoming i"
                + "  WHERE NOT EXISTS (SELECT 1 FROM " + log + " l WHERE l.stream = $1 AND l.op_id = i.op_id)"
                + "), ins AS ("
                + "  INSERT INTO " + log + " (stream, seq, op_id, payload)"
                + "  SELECT $1, $4 + rn, op_id, payload::jsonb FROM fresh ORDER BY rn"
                + "  RETURNING op_id, seq"
                + "), bump AS ("
                + "  UPDATE " + head + " SET head = $4 + (SELECT count(*) FROM fresh)"
                + "  WHERE stream = $1 AND EXISTS (SELECT 1 FROM fresh)"
                + ") "
                + "SELECT op_id, seq, false AS duplicate FROM ins "
                + "UNION ALL "
                + "SELECT l.op_id, l.seq, true FROM " + log + " l JOIN incoming i ON l.op_id = i.op_id WHERE l.stream = $1";
        this.readSql = "SELECT seq, op_id, payload::text, recorded_at FROM " + log
                + " WHERE stream = $1 AND seq > $2 ORDER BY seq LIMIT $3";
        this.headSql = "SELECT head FROM " + head + " WHERE stream = $1";
    }

    /** The schema whose tables this log uses. */
    public String schema() {
        return schema;
    }

    /** The LISTEN/NOTIFY channel on which appends to this log are announced. */
    public String channel() {
        return channelOf(schema);
    }

    public static String channelOf(String schema) {
        return schema + "_oplog";
    }

    /** Appends in a transaction of its own; the result is known only after it committed. */
    public Uni<List<Appended>> append(String stream, List<NewOperation> operations) {
        if (operations.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return pool.withTransaction(connection -> append(connection, stream, operations));
    }

    /**
     * Appends inside the caller's transaction, so that the log and the caller's own rows commit
     * or roll back together. The stream stays locked for other appenders until that commit.
     * Results come in input order; an id given twice in one batch is stored once.
     */
    public Uni<List<Appended>> append(SqlConnection transaction, String stream, List<NewOperation> operations) {
        Objects.requireNonNull(stream, "stream");
        if (operations.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        Map<String, String> unique = new LinkedHashMap<>();
        for (NewOperation op : operations) {
            unique.putIfAbsent(op.operationId(), op.payloadJson());
        }
        String[] ids = unique.keySet().toArray(String[]::new);
        String[] payloads = unique.values().toArray(String[]::new);
        return transaction.preparedQuery(lockHeadSql).execute(Tuple.of(stream))
                .map(rows -> rows.iterator().next().getLong(0))
                .chain(head -> transaction.preparedQuery(insertSql).execute(Tuple.of(stream, ids, payloads, head)))
                .map(rows -> inInputOrder(operations, rows));
    }

    private static List<Appended> inInputOrder(List<NewOperation> operations, RowSet<Row> rows) {
        Map<String, Appended> byId = new HashMap<>();
        for (Row row : rows) {
            Appended a = new Appended(row.getString(0), row.getLong(1), row.getBoolean(2));
            byId.put(a.operationId(), a);
        }
        List<Appended> result = new ArrayList<>(operations.size());
        Map<String, Boolean> seen = new HashMap<>();
        for (NewOperation op : operations) {
            Appended a = byId.get(op.operationId());
            if (seen.put(op.operationId(), Boolean.TRUE) != null && !a.duplicate()) {
                a = new Appended(a.operationId(), a.sequence(), true);
            }
            result.add(a);
        }
        return result;
    }

    /** At most {@code limit} entries after {@code afterSequence}, in sequence order. */
    public Uni<List<LogEntry>> read(String stream, long afterSequence, int limit) {
        return read(pool, stream, afterSequence, limit);
    }

    public Uni<List<LogEntry>> read(SqlClient client, String stream, long afterSequence, int limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be positive");
        }
        return client.preparedQuery(readSql).execute(Tuple.of(stream, afterSequence, limit))
                .map(rows -> {
                    List<LogEntry> entries = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        entries.add(new LogEntry(stream, row.getLong(0), row.getString(1), row.getString(2),
                                row.getOffsetDateTime(3)));
                    }
                    return entries;
                });
    }

    /**
     * Every entry after {@code afterSequence}, fetched lazily in batches of {@code batchSize} as
     * the subscriber asks for more: memory stays bounded however long the stream is.
     */
    public Multi<LogEntry> readSince(String stream, long afterSequence, int batchSize) {
        return Multi.createFrom().deferred(() -> {
            AtomicLong last = new AtomicLong(afterSequence);
            return Multi.createBy().repeating()
                    .uni(() -> read(stream, last.get(), batchSize)
                            .invoke(batch -> {
                                if (!batch.isEmpty()) last.set(batch.get(batch.size() - 1).sequence());
                            }))
                    .whilst(batch -> batch.size() == batchSize)
                    .onItem().<LogEntry>disjoint();
        });
    }

    /** The last sequence assigned in the stream, 0 when it has none. */
    public Uni<Long> head(String stream) {
        return pool.preparedQuery(headSql).execute(Tuple.of(stream))
                .map(rows -> rows.size() == 0 ? 0L : rows.iterator().next().getLong(0));
    }
}
