package io.quintet.kosync.user.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/** The accounts table, one prepared statement per question. */
@ApplicationScoped
public class UserRepository {

    private final Pool pool;

    public UserRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<Boolean> exists(String username) {
        return pool.preparedQuery("SELECT 1 FROM kosync.users WHERE username = $1")
                .execute(Tuple.of(username))
                .map(rows -> rows.size() > 0);
    }

    /** The new account's id, or empty when the name is taken (atomic: the unique index decides). */
    public Uni<Optional<Long>> insert(String username, String keyHash) {
        return pool.preparedQuery("INSERT INTO kosync.users (username, key_hash) VALUES ($1, $2)"
                        + " ON CONFLICT (username) DO NOTHING RETURNING id")
                .execute(Tuple.of(username, keyHash))
                .map(rows -> first(rows).map(r -> r.getLong(0)));
    }

    /** Whether the account existed; run inside the caller's transaction. */
    public Uni<Boolean> updateKey(SqlClient tx, String username, String keyHash) {
        return tx.preparedQuery("UPDATE kosync.users SET key_hash = $2, updated_at = now() WHERE username = $1")
                .execute(Tuple.of(username, keyHash))
                .map(rows -> rows.rowCount() > 0);
    }

    /** Whether the account existed; its positions and history go with it (ON DELETE CASCADE). */
    public Uni<Boolean> delete(SqlClient tx, String username) {
        return tx.preparedQuery("DELETE FROM kosync.users WHERE username = $1")
                .execute(Tuple.of(username))
                .map(rows -> rows.rowCount() > 0);
    }

    private static Optional<Row> first(RowSet<Row> rows) {
        return rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next());
    }
}
