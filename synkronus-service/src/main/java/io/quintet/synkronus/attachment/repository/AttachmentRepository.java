package io.quintet.synkronus.attachment.repository;

import io.quintet.protocol.oplog.OperationLog;
import io.quintet.synkronus.attachment.storage.BlobStore;
import io.quintet.synkronus.error.GenerationMismatch;
import io.quintet.synkronus.error.SynkronusError;
import io.quintet.synkronus.repository.Generation;
import io.quintet.synkronus.repository.RepositoryState;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Attachment operations and stored objects. An upload is one transaction: generation check under
 * the counter's share lock, the bytes, the object rows (their primary key makes a concurrent second
 * upload of the id fail: 409), the version from the operation log, the {@code create} operation.
 */
@Singleton
public class AttachmentRepository {

    /** A stored object: its key, size and where its bytes are (null: this database's chunks). */
    public record Stored(String key, long size, String location) {}

    /** A file to store: where its bytes are and how many. */
    public record Content(Path file, long size) {}

    public record Manifest(long generation, long currentVersion, RowSet<Row> rows) {}

    private static final String MANIFEST = "WITH " + RepositoryState.CURRENT + ", latest AS ("
            + "SELECT DISTINCT ON (attachment_id) attachment_id, operation, version, size, content_type "
            + "FROM synkronus.attachment_operations, c WHERE version > $1 AND version <= c.cur "
            + "AND (client_id = $2 OR client_id IS NULL) ORDER BY attachment_id, version DESC) "
            + "SELECT c.g, c.cur, l.attachment_id, l.operation, l.version, l.size, l.content_type "
            + "FROM c LEFT JOIN latest l ON true ORDER BY l.version";

    private final Pool pool;
    private final OperationLog log;
    private final RepositoryState state;
    private final BlobStore blobs;

    public AttachmentRepository(Pool pool, OperationLog log, RepositoryState state, BlobStore blobs) {
        this.pool = pool;
        this.log = log;
        this.state = state;
        this.blobs = blobs;
    }

    public static String servedKey(String id) {
        return "s/" + id;
    }

    public static String originalKey(String id) {
        return "o/" + id;
    }

    public Uni<Manifest> manifest(String clientId, long since) {
        return pool.preparedQuery(MANIFEST).execute(Tuple.of(since, clientId)).map(rows -> {
            Row first = rows.iterator().next();
            return new Manifest(first.getLong(0), first.getLong(1), rows);
        });
    }

    public Uni<Optional<Stored>> find(String key) {
        return pool.preparedQuery("SELECT size, location FROM synkronus.attachment_blobs WHERE blob_key = $1")
                .execute(Tuple.of(key))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return Optional.empty();
                    }
                    Row row = rows.iterator().next();
                    return Optional.of(new Stored(key, row.getLong(0), row.getString(1)));
                });
    }

    /** The served object, or the original when asked and one exists. */
    public Uni<Optional<Stored>> resolve(String id, boolean original) {
        if (!original) {
            return find(servedKey(id));
        }
        return find(originalKey(id))
                .flatMap(o -> o.isPresent() ? Uni.createFrom().item(o) : find(servedKey(id)));
    }

    public Multi<Buffer> read(Stored object) {
        return blobs.read(object.key(), object.location(), object.size());
    }

    public Uni<Boolean> exists(String id) {
        return find(servedKey(id)).map(Optional::isPresent);
    }

    /**
     * Stores an upload and records its {@code create} operation, all or nothing. The bytes are
     * staged first (outside the transaction, under the generation read now); if a hard reset
     * moved the generation on meanwhile, the upload belongs to the wiped repository: 409.
     */
    public Uni<Void> store(String id, Content served, Content original, String contentType, Generation generation) {
        return state.read(pool).flatMap(before -> {
            generation.check(before.generation());
            long staged = before.generation();
            return stage(staged, servedKey(id), served)
                    .flatMap(servedAt -> stage(staged, originalKey(id), original)
                            .onFailure()
                            .call(() -> blobs.discard(servedAt))
                            .flatMap(originalAt -> record(
                                            id, served, servedAt, original, originalAt, contentType, generation, staged)
                                    .onFailure()
                                    .call(() -> blobs.discard(servedAt).flatMap(done -> blobs.discard(originalAt)))));
        });
    }

    private Uni<String> stage(long generation, String key, Content content) {
        return content == null
                ? Uni.createFrom().nullItem()
                : blobs.stage(generation, key, content.file(), content.size());
    }

    private Uni<Void> record(
            String id,
            Content served,
            String servedAt,
            Content original,
            String originalAt,
            String contentType,
            Generation generation,
            long staged) {
        return pool.withTransaction(tx -> state.lockForWrite(tx).flatMap(snapshot -> {
                    generation.check(snapshot.generation());
                    if (servedAt != null && snapshot.generation() != staged) {
                        // the staged bytes sit under a generation the reset is deleting
                        throw new GenerationMismatch(snapshot.generation());
                    }
                    return tx.preparedQuery("SELECT 1 FROM synkronus.attachment_blobs WHERE blob_key = $1")
                            .execute(Tuple.of(servedKey(id)))
                            .flatMap(found -> {
                                if (found.size() > 0) {
                                    throw SynkronusError.ATTACHMENT_EXISTS.exception();
                                }
                                return writeObject(tx, servedKey(id), served, servedAt);
                            })
                            .flatMap(done -> original == null
                                    ? Uni.createFrom().voidItem()
                                    : writeObject(tx, originalKey(id), original, originalAt))
                            .flatMap(done -> log.reserve(tx, snapshot.stream(), 1))
                            .flatMap(top -> tx.preparedQuery(
                                            "INSERT INTO synkronus.attachment_operations "
                                                    + "(attachment_id, operation, client_id, version, size, content_type) VALUES ($1, 'create', NULL, $2, $3, $4)")
                                    .execute(Tuple.of(
                                            id,
                                            snapshot.base() + top,
                                            served.size() == 0 ? null : (int) served.size(),
                                            contentType == null || contentType.isEmpty() ? null : contentType)));
                }))
                .onFailure(AttachmentRepository::isUniqueViolation)
                .transform(e -> SynkronusError.ATTACHMENT_EXISTS.exception())
                .replaceWithVoid();
    }

    /**
     * Inside a writer's transaction: an object's bytes (PostgreSQL store) and its row, pointing at
     * where {@link BlobStore#stage} put them.
     */
    public Uni<Void> writeObject(SqlConnection tx, String key, Content content, String location) {
        return blobs.writeInTransaction(tx, key, content.file(), content.size())
                .flatMap(done -> tx.preparedQuery(
                                "INSERT INTO synkronus.attachment_blobs (blob_key, size, location) VALUES ($1, $2, $3)")
                        .execute(Tuple.of(key, content.size(), location)))
                .replaceWithVoid();
    }

    /** Stages an object's bytes for {@link #writeObject} (see {@link BlobStore#stage}). */
    public Uni<String> stageObject(long generation, String key, Content content) {
        return stage(generation, key, content);
    }

    /** Removes staged bytes that no committed row points to. */
    public Uni<Void> discard(String location) {
        return blobs.discard(location);
    }

    /** Ids whose latest operation is create or update, for the export zip. */
    public Uni<List<String>> current() {
        return pool.query("SELECT attachment_id FROM (SELECT DISTINCT ON (attachment_id) attachment_id, operation "
                        + "FROM synkronus.attachment_operations ORDER BY attachment_id, version DESC) l WHERE operation <> 'delete' "
                        + "ORDER BY attachment_id")
                .execute()
                .map(rows -> {
                    List<String> ids = new java.util.ArrayList<>();
                    rows.forEach(r -> ids.add(r.getString(0)));
                    return ids;
                });
    }

    private static boolean isUniqueViolation(Throwable e) {
        return e instanceof PgException pg && "23505".equals(pg.getSqlState());
    }
}
