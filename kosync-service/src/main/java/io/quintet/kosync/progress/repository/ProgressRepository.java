package io.quintet.kosync.progress.repository;

import io.quintet.kosync.db.Pipelined;
import io.quintet.kosync.progress.Position;
import io.quintet.kosync.progress.ProgressPush;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Positions and their history: a primary-key read for a pull and one upsert statement for a push
 * (with history, one statement that writes both, so neither exists without the other).
 */
@ApplicationScoped
public class ProgressRepository {

    private static final String COLUMNS = "percentage, progress, device, device_id, pushed_at";

    // The timestamp is taken from the database clock inside the conflict branch, i.e. after the row
    // lock is held: concurrent pushes to one record commit in timestamp order, so the last
    // committed write is also the one with the latest server time. A push without device_id keeps
    // the stored one (parity with the reference, which updates hash fields).
    private static final String UPSERT = "INSERT INTO kosync.progress AS p"
            + " (user_id, document, percentage, progress, device, device_id, pushed_at)"
            + " VALUES ($1, $2, $3, $4, $5, $6, floor(extract(epoch FROM clock_timestamp()))::bigint)"
            + " ON CONFLICT (user_id, document) DO UPDATE SET percentage = excluded.percentage,"
            + " progress = excluded.progress, device = excluded.device,"
            + " device_id = COALESCE(excluded.device_id, p.device_id),"
            + " pushed_at = floor(extract(epoch FROM clock_timestamp()))::bigint";

    private static final String PUSH = UPSERT + " RETURNING p.pushed_at";

    private static final String PUSH_WITH_HISTORY = "WITH pushed AS (" + UPSERT
            + " RETURNING p.user_id, p.document, p.percentage, p.progress, p.device, p.device_id, p.pushed_at)"
            + " INSERT INTO kosync.progress_history (user_id, document, " + COLUMNS + ")"
            + " SELECT user_id, document, " + COLUMNS + " FROM pushed RETURNING pushed_at";

    private static final String FIND = "SELECT " + COLUMNS + " FROM kosync.progress WHERE user_id = $1 AND document = $2";

    private static final String HISTORY = "SELECT document, " + COLUMNS + " FROM kosync.progress_history"
            + " WHERE user_id = $1 AND ($2::text IS NULL OR document = $2) ORDER BY id LIMIT $3";

    private final SqlClient reads;
    private final Pool writes;

    /**
     * Reads are pipelined; writes use the pool, whose many connections let concurrent commits
     * share one WAL flush (on a pipelined connection each commit would wait for the one before).
     */
    public ProgressRepository(@Pipelined SqlClient reads, Pool writes) {
        this.reads = reads;
        this.writes = writes;
    }

    public Uni<Optional<Position>> find(long userId, String document) {
        return reads.preparedQuery(FIND).execute(Tuple.of(userId, document))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(position(document, rows.iterator().next(), 0)));
    }

    /** The stored timestamp (server seconds). */
    public Uni<Long> push(long userId, ProgressPush push, boolean keepHistory) {
        Tuple args = Tuple.tuple().addLong(userId).addString(push.document()).addDouble(push.percentage())
                .addString(push.progress()).addString(push.device()).addString(push.deviceId());
        return writes.preparedQuery(keepHistory ? PUSH_WITH_HISTORY : PUSH).execute(args)
                .map(rows -> rows.iterator().next().getLong(0));
    }

    /** Stored pushes, oldest first, of one document or of all. */
    public Uni<List<Position>> history(long userId, String documentOrNull, int limit) {
        return reads.preparedQuery(HISTORY).execute(Tuple.tuple().addLong(userId).addString(documentOrNull).addInteger(limit))
                .map(rows -> {
                    List<Position> list = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        list.add(position(row.getString(0), row, 1));
                    }
                    return list;
                });
    }

    private static Position position(String document, Row row, int offset) {
        return new Position(document, row.getDouble(offset), row.getString(offset + 1), row.getString(offset + 2),
                row.getString(offset + 3), row.getLong(offset + 4));
    }
}
