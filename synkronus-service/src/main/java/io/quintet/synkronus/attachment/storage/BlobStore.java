package io.quintet.synkronus.attachment.storage;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.SqlConnection;
import java.nio.file.Path;

/**
 * Where attachment content lives, seen alike by every replica. Which objects exist is always
 * decided by rows of {@code attachment_blobs} in the writer's transaction (so two uploads of one
 * id cannot both win and a failed upload leaves nothing visible); a store only holds the bytes.
 */
public interface BlobStore {

    /** Stores the file's bytes under the key, as part of the transaction when the store is PostgreSQL. */
    Uni<Void> write(SqlConnection transaction, String key, Path file, long size);

    /** The bytes of a stored object, in order. */
    Multi<Buffer> read(String key, long size);

    /** Content to remove along with a hard reset's transaction (PostgreSQL store). */
    Uni<Void> deleteAllInTransaction(SqlConnection transaction);

    /** Content to remove once the reset committed (external stores). */
    Uni<Void> deleteAllAfterCommit();

    /** Removes the bytes of objects whose transaction failed (external stores; PostgreSQL rolls back). */
    Uni<Void> discard(String key);
}
