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
 *
 * <p>A write has two steps: {@link #stage} before the transaction (an external store uploads to a
 * location no row names yet, so a slow upload holds no database lock), then {@link
 * #writeInTransaction} inside it (PostgreSQL writes its chunks there). The row records the staged
 * location; a failed transaction {@link #discard}s it.
 */
public interface BlobStore {

    /**
     * Puts the bytes where only a committed row will point to them, under the repository
     * generation they belong to. Answers the location to record, or null when the bytes travel
     * inside the transaction instead.
     */
    Uni<String> stage(long generation, String key, Path file, long size);

    /** Inside the writer's transaction, after {@link #stage}. */
    Uni<Void> writeInTransaction(SqlConnection transaction, String key, Path file, long size);

    /** The bytes of a stored object, in order; {@code location} as staged (null for PostgreSQL). */
    Multi<Buffer> read(String key, String location, long size);

    /** Content to remove along with a hard reset's transaction (PostgreSQL store). */
    Uni<Void> deleteAllInTransaction(SqlConnection transaction);

    /** Once a hard reset committed: content staged under generations before {@code generation} (external stores). */
    Uni<Void> deleteGenerationsBefore(long generation);

    /** Removes staged bytes whose transaction failed (external stores; PostgreSQL rolls back). */
    Uni<Void> discard(String location);
}
