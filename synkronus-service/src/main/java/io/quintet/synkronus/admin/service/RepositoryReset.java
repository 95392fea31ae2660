package io.quintet.synkronus.admin.service;

import io.quintet.protocol.oplog.OperationLog;
import io.quintet.synkronus.attachment.storage.BlobStore;
import io.quintet.synkronus.repository.RepositoryState;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.time.Duration;

/**
 * The admin hard reset (synkronus.md 8.3): in one transaction, observations, attachment operations
 * and (for the PostgreSQL blob store) attachment content go, the generation moves on and the version
 * counter restarts at 1 (a new operation-log stream). Users, presence and app bundles stay.
 */
@Singleton
public class RepositoryReset {

    private final Pool pool;
    private final OperationLog log;
    private final BlobStore blobs;

    public RepositoryReset(Pool pool, OperationLog log, BlobStore blobs) {
        this.pool = pool;
        this.log = log;
        this.blobs = blobs;
    }

    /** Answers the new generation. */
    public Uni<Long> reset(String admin) {
        return pool.withTransaction(tx -> tx.query(
                                "SELECT repository_generation FROM synkronus.sync_version WHERE id = 1 FOR UPDATE")
                        .execute()
                        .flatMap(old -> tx.query(
                                        "TRUNCATE synkronus.observations, synkronus.attachment_operations, synkronus.attachment_blobs")
                                .execute()
                                .flatMap(done -> blobs.deleteAllInTransaction(tx))
                                .flatMap(done -> tx.preparedQuery(
                                                "UPDATE synkronus.sync_version SET repository_generation = "
                                                        + "repository_generation + 1, version_base = 1, last_reset_at = now(), "
                                                        + "last_reset_by = $1, updated_at = now() WHERE id = 1 RETURNING repository_generation")
                                        .execute(Tuple.of(admin)))
                                .map(rows -> new long[] {
                                    old.iterator().next().getLong(0),
                                    rows.iterator().next().getLong(0)
                                })))
                .flatMap(generations -> blobs.deleteGenerationsBefore(generations[1])
                        .flatMap(done -> log.discardOlderThan(RepositoryState.stream(generations[0]), Duration.ZERO))
                        .replaceWith(generations[1]));
    }
}
