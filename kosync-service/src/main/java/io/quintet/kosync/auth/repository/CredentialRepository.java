package io.quintet.kosync.auth.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Iterator;
import java.util.Optional;

/** What a credential check reads: an account's id and key hash, by name. */
@ApplicationScoped
public class CredentialRepository {

    private final Pool pool;

    public CredentialRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<Optional<StoredKey>> findKey(String username) {
        return pool.preparedQuery("SELECT id, key_hash FROM kosync.users WHERE username = $1")
                .execute(Tuple.of(username))
                .map(rows -> {
                    Iterator<Row> it = rows.iterator();
                    return it.hasNext() ? Optional.of(it.next()) : Optional.<Row>empty();
                })
                .map(row -> row.map(r -> new StoredKey(r.getLong(0), r.getString(1))));
    }
}
