package io.quintet.synkronus.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;

/**
 * The repository's counter row and version numbering. Versions come from the shared operation log:
 * every observation write and attachment operation appends to stream {@code g<generation>} inside
 * its own transaction, holding the stream's head row until commit, so versions are assigned in
 * commit order (a reader paging "version > N" never finds a smaller version appear later).
 * {@code current_version = version_base + head}; the stream is new (head 0) after a reset, with
 * version_base 1, so a fresh or reset repository reports 1 like the reference.
 */
@Singleton
public class RepositoryState {

    /** The generation and current version as one snapshot (SQL fragment, a one-row CTE named {@code c}). */
    public static final String CURRENT = "c AS (SELECT s.repository_generation AS g, s.version_base AS base, "
            + "s.version_base + COALESCE(h.head, 0) AS cur FROM synkronus.sync_version s "
            + "LEFT JOIN synkronus.oplog_head h ON h.stream = 'g' || s.repository_generation WHERE s.id = 1)";

    public record Snapshot(long generation, long base, long currentVersion) {

        public String stream() {
            return RepositoryState.stream(generation);
        }
    }

    public static String stream(long generation) {
        return "g" + generation;
    }

    public Uni<Snapshot> read(SqlClient client) {
        return client.preparedQuery("WITH " + CURRENT + " SELECT g, base, cur FROM c")
                .execute()
                .map(rows -> of(rows.iterator().next()));
    }

    /**
     * In a writer's transaction: the generation and base, with a share lock on the counter row so a
     * reset (which updates it) waits for the writer's commit, and the writer never writes into a
     * generation that a reset has ended.
     */
    public Uni<Snapshot> lockForWrite(SqlClient transaction) {
        return transaction
                .preparedQuery("WITH " + CURRENT.replace("WHERE s.id = 1)", "WHERE s.id = 1 FOR SHARE OF s)")
                        + " SELECT g, base, cur FROM c")
                .execute()
                .map(rows -> of(rows.iterator().next()));
    }

    private static Snapshot of(Row row) {
        return new Snapshot(row.getLong(0), row.getLong(1), row.getLong(2));
    }

    public static Tuple none() {
        return Tuple.tuple();
    }
}
