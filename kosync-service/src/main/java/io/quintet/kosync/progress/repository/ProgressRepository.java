package io.quintet.kosync.progress.repository;

import io.quintet.kosync.config.KosyncConfig;
import io.quintet.kosync.db.Pipelined;
import io.quintet.kosync.progress.Position;
import io.quintet.kosync.progress.ProgressPush;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Positions and their history: a primary-key read for a pull and an upsert for a push, grouped with
 * the pushes that arrive meanwhile (with history, one statement writes both, so neither exists
 * without the other).
 */
@ApplicationScoped
public class ProgressRepository {

    private static final String COLUMNS = "percentage, progress, device, device_id, pushed_at";

    private static final String STAMP = "floor(extract(epoch FROM clock_timestamp()))::bigint";

    // The timestamp is taken from the database clock inside the conflict branch, i.e. after the row
    // lock is held: concurrent pushes to one record commit in timestamp order, so the last
    // committed write is also the one with the latest server time. A push without device_id keeps
    // the stored one (parity with the reference, which updates hash fields).
    private static final String ON_CONFLICT =
            " ON CONFLICT (user_id, document) DO UPDATE SET percentage = excluded.percentage,"
                    + " progress = excluded.progress, device = excluded.device,"
                    + " device_id = COALESCE(excluded.device_id, p.device_id),"
                    + " pushed_at = " + STAMP;

    private static final String INTO = "INSERT INTO kosync.progress AS p"
            + " (user_id, document, percentage, progress, device, device_id, pushed_at)";

    private static final String UPSERT = INTO + " VALUES ($1, $2, $3, $4, $5, $6, " + STAMP + ")" + ON_CONFLICT;

    /** Many pushes in one statement (group commit): one row per element of the six arrays. */
    private static final String UPSERT_MANY = INTO + " SELECT u, d, pc, pr, dv, di, " + STAMP
            + " FROM unnest($1::bigint[], $2::text[], $3::float8[], $4::text[], $5::text[], $6::text[]) AS t(u, d, pc, pr, dv, di)"
            + ON_CONFLICT;

    private static final String RETURNED = " RETURNING p.user_id, p.document, p.pushed_at";

    private static final String WITH_HISTORY_RETURNED =
            " RETURNING p.user_id, p.document, p.percentage, p.progress, p.device," + " p.device_id, p.pushed_at";

    private static final String KEEP_HISTORY = " INSERT INTO kosync.progress_history (user_id, document, " + COLUMNS
            + ")" + " SELECT user_id, document, " + COLUMNS + " FROM pushed RETURNING user_id, document, pushed_at";

    // With history, upsert and history rows are one statement, so neither exists without the other.
    private static final String PUSH = UPSERT + RETURNED;
    private static final String PUSH_MANY = UPSERT_MANY + RETURNED;
    private static final String PUSH_WITH_HISTORY =
            "WITH pushed AS (" + UPSERT + WITH_HISTORY_RETURNED + ")" + KEEP_HISTORY;
    private static final String PUSH_MANY_WITH_HISTORY =
            "WITH pushed AS (" + UPSERT_MANY + WITH_HISTORY_RETURNED + ")" + KEEP_HISTORY;

    private static final String FIND =
            "SELECT " + COLUMNS + " FROM kosync.progress WHERE user_id = $1 AND document = $2";

    /** Many pulls in one statement: the stored rows among the pairs of the two arrays. */
    private static final String FIND_MANY = "SELECT p.user_id, p.document, " + COLUMNS
            + " FROM unnest($1::bigint[], $2::text[]) AS k(u, d) JOIN kosync.progress p ON p.user_id = k.u AND p.document = k.d";

    private static final String HISTORY = "SELECT document, " + COLUMNS + " FROM kosync.progress_history"
            + " WHERE user_id = $1 AND ($2::text IS NULL OR document = $2) ORDER BY id LIMIT $3";

    private final SqlClient reads;
    private final GroupRead pulls;
    private final GroupedPushes pushes;
    private final GroupedPushes pushesWithHistory;

    /**
     * Reads are pipelined; writes use the pool, whose many connections let concurrent commits
     * share one WAL flush (on a pipelined connection each commit would wait for the one before),
     * and concurrent pushes are grouped into one statement per commit ({@link GroupedPushes}).
     */
    public ProgressRepository(@Pipelined SqlClient reads, Pool writes, KosyncConfig config) {
        this.reads = reads;
        this.pulls = new GroupRead(
                reads.getDelegate(),
                FIND_MANY,
                FIND,
                config.database().pipelinedConnections(),
                config.database().maxBatch());
        int inFlight = config.database().writeBatches();
        int maxBatch = config.database().maxBatch();
        this.pushes = new GroupedPushes(writes.getDelegate(), PUSH_MANY, PUSH, inFlight, maxBatch);
        this.pushesWithHistory =
                new GroupedPushes(writes.getDelegate(), PUSH_MANY_WITH_HISTORY, PUSH_WITH_HISTORY, inFlight, maxBatch);
    }

    public Uni<Optional<Position>> find(long userId, String document) {
        return Uni.createFrom()
                .completionStage(() -> findNow(userId, document).toCompletionStage())
                .map(Optional::ofNullable);
    }

    /** As {@link #find}, without Mutiny, grouped with concurrent pulls ({@link GroupRead}): the stored position or null. */
    public Future<Position> findNow(long userId, String document) {
        return pulls.find(userId, document);
    }

    /** The stored timestamp (server seconds), once committed. */
    public Uni<Long> push(long userId, ProgressPush push, boolean keepHistory) {
        return Uni.createFrom()
                .completionStage(() -> pushNow(userId, push, keepHistory).toCompletionStage());
    }

    /** As {@link #push}, without Mutiny. */
    public Future<Long> pushNow(long userId, ProgressPush push, boolean keepHistory) {
        return (keepHistory ? pushesWithHistory : pushes).push(userId, push);
    }

    /** Stored pushes, oldest first, of one document or of all. */
    public Uni<List<Position>> history(long userId, String documentOrNull, int limit) {
        return reads.preparedQuery(HISTORY)
                .execute(Tuple.tuple().addLong(userId).addString(documentOrNull).addInteger(limit))
                .map(rows -> {
                    List<Position> list = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        list.add(position(row.getString(0), row, 1));
                    }
                    return list;
                });
    }

    static Position position(String document, io.vertx.sqlclient.Row row, int offset) {
        return new Position(
                document,
                row.getDouble(offset),
                row.getString(offset + 1),
                row.getString(offset + 2),
                row.getString(offset + 3),
                row.getLong(offset + 4));
    }

    private static Position position(String document, Row row, int offset) {
        return new Position(
                document,
                row.getDouble(offset),
                row.getString(offset + 1),
                row.getString(offset + 2),
                row.getString(offset + 3),
                row.getLong(offset + 4));
    }
}
