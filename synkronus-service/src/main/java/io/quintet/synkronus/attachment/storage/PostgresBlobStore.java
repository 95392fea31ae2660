package io.quintet.synkronus.attachment.storage;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Attachment bytes in PostgreSQL, in chunks of 1 MiB (table attachment_chunks): written inside
 * the upload's transaction, read back one chunk at a time as the client takes them, so neither side
 * ever holds a whole file in memory.
 */
public class PostgresBlobStore implements BlobStore {

    public static final int CHUNK = 1 << 20;

    private final Pool pool;
    private final Vertx vertx;

    public PostgresBlobStore(Pool pool, Vertx vertx) {
        this.pool = pool;
        this.vertx = vertx;
    }

    @Override
    public Uni<String> stage(long generation, String key, Path file, long size) {
        // the chunks go in with the transaction itself
        return Uni.createFrom().nullItem();
    }

    @Override
    public Uni<Void> writeInTransaction(SqlConnection tx, String key, Path file, long size) {
        int chunks = (int) ((size + CHUNK - 1) / CHUNK);
        return Multi.createFrom()
                .range(0, chunks)
                .onItem()
                .transformToUniAndConcatenate(seq -> readChunk(
                                file, (long) seq * CHUNK, (int) Math.min(CHUNK, size - (long) seq * CHUNK))
                        .flatMap(bytes -> tx.preparedQuery(
                                        "INSERT INTO synkronus.attachment_chunks (blob_key, seq, data) VALUES ($1, $2, $3)")
                                .execute(Tuple.tuple()
                                        .addString(key)
                                        .addInteger(seq)
                                        .addBuffer(Buffer.buffer(bytes)))))
                .collect()
                .last()
                .replaceWithVoid();
    }

    private Uni<byte[]> readChunk(Path file, long offset, int length) {
        return vertx.executeBlocking(
                Uni.createFrom().item(() -> {
                    try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
                        byte[] bytes = new byte[length];
                        in.seek(offset);
                        in.readFully(bytes);
                        return bytes;
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }),
                false);
    }

    @Override
    public Multi<Buffer> read(String key, String location, long size) {
        int chunks = (int) ((size + CHUNK - 1) / CHUNK);
        return Multi.createFrom()
                .range(0, chunks)
                .onItem()
                .transformToUniAndConcatenate(seq -> pool.preparedQuery(
                                "SELECT data FROM synkronus.attachment_chunks WHERE blob_key = $1 AND seq = $2")
                        .execute(Tuple.of(key, seq))
                        .map(rows -> rows.iterator().next().getBuffer(0)));
    }

    @Override
    public Uni<Void> deleteAllInTransaction(SqlConnection tx) {
        return tx.query("TRUNCATE synkronus.attachment_chunks").execute().replaceWithVoid();
    }

    @Override
    public Uni<Void> deleteGenerationsBefore(long generation) {
        return Uni.createFrom().voidItem();
    }

    @Override
    public Uni<Void> discard(String key) {
        return Uni.createFrom().voidItem();
    }
}
