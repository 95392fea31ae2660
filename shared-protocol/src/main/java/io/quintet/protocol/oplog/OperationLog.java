package io.quintet.protocol.oplog;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * An append-only log of operations on PostgreSQL, one sequence per stream.
 *
 * <p><b>Why readers never miss a row.</b> A plain sequence hands out numbers at insert time, but
 * transactions commit in any order: a reader that has seen 7 may later find 6 appear, and a
 * cursor at 7 skips it forever. Here an append first locks its stream's head row and keeps the
 * lock until commit; the next append to the stream waits for that commit before it numbers its
 * rows. Sequence order is therefore commit order, and "everything after N" is stable the moment
 * N is visible. Appends to different streams do not wait for each other; a whole batch is one
 * statement. Sequences are gap-free except where a retry raced its own first attempt (the
 * reserved number of the loser stays unused): readers rely on order, never on density.
 *
 * <p>Appends are idempotent by operation id within a stream. The tables live in the owning
 * service's schema (migration {@code classpath:db/quintet-oplog}).
 *
 * <p><b>Announcements.</b> After an append commits, {@code <stream>:<last sequence>} is sent on
 * {@link #channel()} for the {@link io.quintet.protocol.feed.ChangeFeed}. It is sent after the
 * commit, in a tiny transaction of its own with asynchronous commit, not from inside the append:
 * PostgreSQL serializes the commits of all transactions that issued NOTIFY behind one database-wide
 * lock held across their WAL flush, which would undo group commit for every concurrent writer.
 * An announcement lost to a crash in between only delays followers until the feed's periodic check.
 */
public final class OperationLog {

    private static final Logger LOG = Logger.getLogger(OperationLog.class);

    private static final Pattern SCHEMA_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,50}");

    private final Pool pool;
    private final String schema;
    private final String appendSql;
    private final String appendDedupSql;
    private final String lookupSql;
    private final String announceSql = "SELECT count(pg_notify($1, p)) "
            + "FROM (SELECT set_config('synchronous_commit', 'off', true)) async, unnest($2::text[]) p";
    /** Bounds one coalesced {@link #publish} append; a larger backlog goes in several. */
    private static final int MAX_PUBLISH_BATCH = 1_000;
    /** At most one announcement statement in flight; what arrives meanwhile goes in the next. */
    private final CoalescingSender<Map.Entry<String, Long>> announcements;

    private final Map<String, CoalescingSender<NewOperation>> publishers = new ConcurrentHashMap<>();
    private final String headsSql;
    private final String readSql;
    private final String headSql;
    private final String discardSql;
    private final String appendEphemeralSql;
    private final String reserveSql;

    public OperationLog(Pool pool, String schema) {
        this.pool = Objects.requireNonNull(pool, "pool");
        if (schema == null || !SCHEMA_NAME.matcher(schema).matches()) {
            throw new IllegalArgumentException("invalid schema name: " + schema);
        }
        this.schema = schema;
        this.announcements = new CoalescingSender<>(
                Integer.MAX_VALUE,
                this::sendAnnouncements,
                (batch, failure) -> LOG.debugf(failure, "announcement failed; followers catch up at their next check"));
        String head = schema + ".oplog_head";
        String log = schema + ".oplog";
        // The common case: every id is new. One statement numbers the batch from the head row,
        // whose lock (waited for, then held to commit) orders this append after every earlier
        // one. A retried id makes it fail on the (stream, op_id) key, and only then does the
        // append pay for duplicate detection (about a third of the cost of a batch).
        String batch = "fresh AS ("
                + "  SELECT i.op_id, i.payload, i.ord AS rn FROM unnest($2::text[], $3::text[]) WITH ORDINALITY AS i(op_id, payload, ord)"
                + "), ";
        String reserve = "reserved AS ("
                + "  INSERT INTO " + head + " AS h (stream, head)"
                + "  SELECT $1, n FROM (SELECT count(*) AS n FROM fresh) c WHERE n > 0"
                + "  ON CONFLICT (stream) DO UPDATE SET head = h.head + excluded.head"
                + "  RETURNING h.head AS top"
                + "), ";
        String insert = "ins AS ("
                + "  INSERT INTO " + log + " (stream, seq, op_id, payload)"
                + "  SELECT $1, r.top - c.n + f.rn, f.op_id, f.payload::jsonb"
                + "  FROM fresh f, reserved r, (SELECT count(*) AS n FROM fresh) c ORDER BY f.rn";
        // every id is new here, so the numbers are top-n+1 .. top in input order: return top only
        this.appendSql = "WITH " + batch + reserve + insert + ") SELECT top FROM reserved";
        // The same in one round trip that also commits without waiting for the flush (set_config
        // with is_local applies to the statement's own implicit transaction) and announces itself:
        // NOTIFY inside a transaction is cheap when its commit does not wait for the disk.
        this.appendEphemeralSql = "WITH async AS (SELECT set_config('synchronous_commit', 'off', true) AS setting), "
                + "fresh AS ("
                + "  SELECT i.op_id, i.payload, i.ord AS rn FROM unnest($2::text[], $3::text[]) WITH ORDINALITY AS i(op_id, payload, ord), async"
                + "), " + reserve + insert + ") SELECT top, pg_notify($4, $1 || ':' || top) FROM reserved";
        // Ids already visible are reported as duplicates and the rest are numbered densely; an id
        // committed by a concurrent append while this one waited for the lock is caught by
        // ON CONFLICT (its reserved number stays unused) and reported by lookupSql.
        this.appendDedupSql = "WITH existing AS ("
                + "  SELECT op_id, seq FROM " + log + " WHERE stream = $1 AND op_id = ANY($2::text[])"
                + "), fresh AS ("
                + "  SELECT i.op_id, i.payload, row_number() OVER (ORDER BY i.ord) AS rn"
                + "  FROM unnest($2::text[], $3::text[]) WITH ORDINALITY AS i(op_id, payload, ord)"
                + "  WHERE NOT EXISTS (SELECT 1 FROM existing e WHERE e.op_id = i.op_id)"
                + "), " + reserve + insert
                + "  ON CONFLICT (stream, op_id) DO NOTHING RETURNING op_id, seq) "
                + "SELECT op_id, seq, false AS duplicate FROM ins "
                + "UNION ALL "
                + "SELECT op_id, seq, true FROM existing";
        this.lookupSql = "SELECT op_id, seq, true FROM " + log + " WHERE stream = $1 AND op_id = ANY($2::text[])";
        this.reserveSql = "INSERT INTO " + head + " AS h (stream, head) VALUES ($1, $2)"
                + " ON CONFLICT (stream) DO UPDATE SET head = h.head + excluded.head RETURNING h.head";
        this.readSql = "SELECT seq, op_id, payload::text, recorded_at FROM " + log
                + " WHERE stream = $1 AND seq > $2 ORDER BY seq LIMIT $3";
        this.headSql = "SELECT head FROM " + head + " WHERE stream = $1";
        this.headsSql = "SELECT stream, head FROM " + head + " WHERE stream = ANY($1::text[])";
        // the head row stays: sequence numbers never restart, even when every entry is gone
        this.discardSql =
                "DELETE FROM " + log + " WHERE stream = $1 AND recorded_at < now() - make_interval(secs => $2)";
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
        // one statement is its own transaction; the rare follow-up lookup only reads
        return pool.withConnection(connection -> append(connection, stream, operations))
                .invoke(appended -> lastNew(appended).ifPresent(seq -> announce(stream, seq)));
    }

    /**
     * Appends in a transaction of its own that commits without waiting for the WAL flush, for
     * entries that are notifications rather than data (a crash may lose the newest ones; followers
     * never see a half-written one). The stream's head row is then locked only for the statement
     * and the commit, not for a disk flush, so appends to one busy stream do not queue behind
     * each other's fsync.
     */
    public Uni<List<Appended>> appendEphemeral(String stream, List<NewOperation> operations) {
        if (operations.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        Map<String, String> unique = new LinkedHashMap<>();
        for (NewOperation op : operations) {
            unique.putIfAbsent(op.operationId(), op.payloadJson());
        }
        Tuple args = Tuple.of(
                stream, unique.keySet().toArray(String[]::new), unique.values().toArray(String[]::new), channel());
        // a retried id (rare here: callers use fresh ids) takes the durable path, which reports duplicates
        return pool.preparedQuery(appendEphemeralSql)
                .execute(args)
                .map(rows -> inInputOrder(
                        operations,
                        numbered(unique.keySet(), rows.iterator().next().getLong(0))))
                .onFailure(OperationLog::isDuplicateId)
                .recoverWithUni(() -> append(stream, operations));
    }

    /**
     * Runs {@code work} in one transaction in which it may write its own rows and append through
     * the {@link LogTransaction}; after the commit, every stream appended to is announced. If the
     * work fails, everything rolls back and nothing is announced.
     */
    public <T> Uni<T> inTransaction(Function<LogTransaction, Uni<T>> work) {
        return Uni.createFrom().deferred(() -> {
            Map<String, Long> appended = new HashMap<>();
            return pool.withTransaction(connection -> work.apply(new LogTransaction(this, connection, appended)))
                    .invoke(() -> appended.forEach(this::announce));
        });
    }

    /**
     * Tells followers on every replica that {@code stream} reached {@code sequence}. Needed only
     * after {@link #append(SqlConnection, String, List)} in a transaction the caller committed
     * itself; {@link #append(String, List)} and {@link #inTransaction} announce on their own.
     * Fire and forget: a lost announcement delays followers until the feed's periodic check.
     * At most one announcement statement is in flight per log; what arrives meanwhile is coalesced
     * into the next one (the highest value per stream), so a busy writer sends far fewer
     * notifications than it commits appends.
     *
     * <p>Also the sending side of a <em>notify-only</em> stream: a stream that has no rows, whose
     * value (any non-decreasing number, such as a service's own delivery counter) reaches the
     * subscribers of {@link io.quintet.protocol.feed.ChangeFeed#notices(String)} on every replica
     * without an insert or a read.
     */
    public void announce(String stream, long sequence) {
        announcements.offer(Map.entry(stream, sequence));
    }

    private Uni<?> sendAnnouncements(List<Map.Entry<String, Long>> batch) {
        Map<String, Long> latest = new LinkedHashMap<>();
        for (Map.Entry<String, Long> announced : batch) {
            latest.merge(announced.getKey(), announced.getValue(), Math::max);
        }
        String[] payloads = latest.entrySet().stream()
                .map(e -> e.getKey() + ":" + e.getValue())
                .toArray(String[]::new);
        return pool.preparedQuery(announceSql).execute(Tuple.of(channel(), payloads));
    }

    /**
     * Appends {@code operations} to {@code stream} later, fire and forget, for entries that are
     * live notifications rather than data ({@link #appendEphemeral}: asynchronous commit, a crash
     * may lose the newest). While one such append of the stream is in flight, what is published
     * meanwhile queues and goes in the next one, so the callers' order is kept and writers never
     * queue behind each other on the stream's head row. A failed append is logged and dropped.
     */
    public void publish(String stream, List<NewOperation> operations) {
        Objects.requireNonNull(stream, "stream");
        if (operations.isEmpty()) {
            return;
        }
        publishers
                .computeIfAbsent(
                        stream,
                        s -> new CoalescingSender<>(
                                MAX_PUBLISH_BATCH,
                                batch -> appendEphemeral(s, batch),
                                (batch, failure) -> LOG.warnf(
                                        "could not publish %d entries to %s: %s",
                                        batch.size(), s, failure.getMessage())))
                .offerAll(operations);
    }

    /** True when everything {@link #publish published} to {@code stream} so far has been appended (or given up on). */
    public boolean publishedAll(String stream) {
        CoalescingSender<NewOperation> publisher = publishers.get(stream);
        return publisher == null || publisher.idle();
    }

    static Optional<Long> lastNew(List<Appended> appended) {
        return appended.stream()
                .filter(a -> !a.duplicate())
                .map(Appended::sequence)
                .max(Long::compare);
    }

    /**
     * Appends on the caller's connection. Inside a transaction, the log and the caller's own rows
     * commit or roll back together, and the stream stays locked for other appenders until then;
     * outside one, the append commits by itself.
     * Results come in input order; an id given twice in one batch is stored once.
     */
    public Uni<List<Appended>> append(SqlConnection connection, String stream, List<NewOperation> operations) {
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
        Tuple args = Tuple.of(stream, ids, payloads);
        if (connection.transaction() != null) {
            // Vert.x fails a whole transaction once any statement in it failed (a savepoint does
            // not help), so inside the caller's transaction duplicates are detected up front.
            return appendWithDuplicates(connection, stream, unique.keySet(), args)
                    .map(byId -> inInputOrder(operations, byId));
        }
        return connection
                .preparedQuery(appendSql)
                .execute(args)
                .map(rows -> numbered(unique.keySet(), rows.iterator().next().getLong(0)))
                .onFailure(OperationLog::isDuplicateId)
                .recoverWithUni(() -> appendWithDuplicates(connection, stream, unique.keySet(), args))
                .map(byId -> inInputOrder(operations, byId));
    }

    /**
     * Takes the next {@code count} sequence numbers of {@code stream} for rows the caller keeps in its
     * own tables, without writing log entries: the numbers are {@code top - count + 1 .. top} for the
     * returned {@code top}. The stream's head row stays locked until the caller's transaction ends, so
     * the numbers are commit-ordered exactly as appended entries are ("everything after N" never
     * misses a row committed late). For a service whose own rows are the record and whose ids are
     * its own (no duplicate detection, no log rows to keep); a rollback returns nothing, a gap is
     * never visible to readers. The caller announces after its commit, if it has followers.
     *
     * @throws IllegalStateException when {@code connection} is not in a transaction
     */
    public Uni<Long> reserve(SqlConnection connection, String stream, int count) {
        Objects.requireNonNull(stream, "stream");
        if (count < 1) {
            throw new IllegalArgumentException("count must be positive: " + count);
        }
        if (connection.transaction() == null) {
            throw new IllegalStateException("reserve needs the caller's transaction to keep the order");
        }
        return connection
                .preparedQuery(reserveSql)
                .execute(Tuple.of(stream, (long) count))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    private Uni<Map<String, Appended>> appendWithDuplicates(
            SqlConnection connection, String stream, Set<String> ids, Tuple args) {
        return connection.preparedQuery(appendDedupSql).execute(args).chain(rows -> {
            Map<String, Appended> byId = byId(rows);
            if (byId.size() == ids.size()) {
                return Uni.createFrom().item(byId);
            }
            String[] missing = ids.stream().filter(id -> !byId.containsKey(id)).toArray(String[]::new);
            return connection
                    .preparedQuery(lookupSql)
                    .execute(Tuple.of(stream, missing))
                    .map(more -> {
                        byId.putAll(byId(more));
                        return byId;
                    });
        });
    }

    private static Map<String, Appended> numbered(Set<String> ids, long top) {
        Map<String, Appended> byId = new HashMap<>();
        long sequence = top - ids.size();
        for (String id : ids) {
            byId.put(id, new Appended(id, ++sequence, false));
        }
        return byId;
    }

    private static boolean isDuplicateId(Throwable failure) {
        return failure instanceof PgException pg
                && "23505".equals(pg.getSqlState())
                && pg.getConstraint() != null
                && pg.getConstraint().endsWith("op_id_key");
    }

    private static Map<String, Appended> byId(RowSet<Row> rows) {
        Map<String, Appended> byId = new HashMap<>();
        for (Row row : rows) {
            Appended a = new Appended(row.getString(0), row.getLong(1), row.getBoolean(2));
            byId.put(a.operationId(), a);
        }
        return byId;
    }

    private static List<Appended> inInputOrder(List<NewOperation> operations, Map<String, Appended> byId) {
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
        return client.preparedQuery(readSql)
                .execute(Tuple.of(stream, afterSequence, limit))
                .map(rows -> {
                    List<LogEntry> entries = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        entries.add(new LogEntry(
                                stream, row.getLong(0), row.getString(1), row.getString(2), row.getOffsetDateTime(3)));
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
            return Multi.createBy()
                    .repeating()
                    .uni(() -> read(stream, last.get(), batchSize).invoke(batch -> {
                        if (!batch.isEmpty())
                            last.set(batch.get(batch.size() - 1).sequence());
                    }))
                    .whilst(batch -> batch.size() == batchSize)
                    .onItem()
                    .<LogEntry>disjoint();
        });
    }

    /** The head of each of the given streams that has one. */
    public Uni<Map<String, Long>> heads(Collection<String> streams) {
        return pool.preparedQuery(headsSql)
                .execute(Tuple.of(streams.toArray(String[]::new)))
                .map(rows -> {
                    Map<String, Long> heads = new HashMap<>();
                    for (Row row : rows) heads.put(row.getString(0), row.getLong(1));
                    return heads;
                });
    }

    /** The last sequence assigned in the stream, 0 when it has none. */
    public Uni<Long> head(String stream) {
        return pool.preparedQuery(headSql)
                .execute(Tuple.of(stream))
                .map(rows -> rows.size() == 0 ? 0L : rows.iterator().next().getLong(0));
    }

    /**
     * Deletes the entries of {@code stream} recorded more than {@code age} ago, for streams whose
     * entries only matter while they are fresh (live notifications): a follower that falls further
     * behind than {@code age} skips what was discarded. Sequence numbers are never reused.
     * Answers how many entries were deleted.
     */
    public Uni<Integer> discardOlderThan(String stream, Duration age) {
        if (age.isNegative()) {
            throw new IllegalArgumentException("age must not be negative");
        }
        return pool.preparedQuery(discardSql)
                .execute(Tuple.of(stream, age.toMillis() / 1000.0))
                .map(rows -> rows.rowCount());
    }
}
