package io.quintet.objectstore.db;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.util.HexFormat;

/** The history lineage ID ({@code epoch}, 32 hex) and the pruning mark, created once per database. */
@Singleton
public class ServerState {

    private final Pool pool;
    private volatile String epoch;
    private volatile long prunedThrough;

    public ServerState(Pool pool) {
        this.pool = pool;
    }

    public Uni<String> load() {
        byte[] random = new byte[16];
        new SecureRandom().nextBytes(random);
        return pool.preparedQuery(
                        "INSERT INTO objectstore.server_state (id, epoch) VALUES (1, $1) ON CONFLICT (id) DO NOTHING")
                .execute(Tuple.of(HexFormat.of().formatHex(random)))
                .chain(() -> pool.query("SELECT epoch FROM objectstore.server_state WHERE id = 1")
                        .execute())
                .map(rows -> epoch = rows.iterator().next().getString(0));
    }

    public String epoch() {
        return epoch;
    }

    /** Highest hseq removed by pruning as last read (every replica re-reads it with each pruning round). */
    public long prunedThrough() {
        return prunedThrough;
    }

    public Uni<Long> refreshPrunedThrough() {
        return pool.query("SELECT pruned_through FROM objectstore.server_state WHERE id = 1")
                .execute()
                .map(rows -> prunedThrough = rows.iterator().next().getLong(0));
    }
}
