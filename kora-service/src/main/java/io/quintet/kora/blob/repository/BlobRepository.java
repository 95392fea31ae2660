package io.quintet.kora.blob.repository;

import io.quintet.kora.config.KoraConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Central blob storage (kora.md 11.2) in {@code kora.blobs}: content-addressed chunks, shared by
 * every replica. The size limits are checked in the insert itself, so concurrent pushes on
 * several replicas cannot overshoot the total by more than one chunk each.
 */
@ApplicationScoped
public class BlobRepository {

    private static final String GET = "SELECT bytes FROM kora.blobs WHERE hash = $1";
    private static final String PUT = "INSERT INTO kora.blobs (hash, bytes, size, created_at)"
            + " SELECT $1::text, $2::bytea, $3::int, $4::bigint"
            + " WHERE $5::bigint = 0 OR (SELECT COALESCE(sum(size), 0) FROM kora.blobs) + $3::int <= $5::bigint"
            + " ON CONFLICT (hash) DO NOTHING";

    private final Pool pool;
    private final KoraConfig.Blobs config;

    public BlobRepository(Pool pool, KoraConfig config) {
        this.pool = pool;
        this.config = config.blobs();
    }

    public boolean enabled() {
        return config.enabled();
    }

    /** The chunk's bytes, or null when not held. */
    public Uni<byte[]> get(String hash) {
        return pool.preparedQuery(GET)
                .execute(Tuple.of(hash))
                .map(rows -> rows.size() == 0
                        ? null
                        : rows.iterator().next().getBuffer(0).getBytes());
    }

    /** Stores a verified chunk; false when it is over a limit (already held counts as stored). */
    public Uni<Boolean> put(String hash, byte[] bytes) {
        if (bytes.length > config.maxChunkBytes()) return Uni.createFrom().item(false);
        return pool.preparedQuery(PUT)
                .execute(Tuple.of(
                        hash, Buffer.buffer(bytes), bytes.length, System.currentTimeMillis(), config.maxTotalBytes()))
                .chain(rows -> rows.rowCount() == 1
                        ? Uni.createFrom().item(true)
                        : get(hash).map(held -> held != null));
    }
}
