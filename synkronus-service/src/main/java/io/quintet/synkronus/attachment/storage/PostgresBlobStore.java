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
import java.util.concurrent.atomic.AtomicReference;

/**
 * Attachment bytes in PostgreSQL, in chunks of 1 MiB (table attachment_chunks): written inside
 * the upload's transaction, read back chunk by chunk as the client takes them, so neither side
 * ever holds a whole file in memory. Both directions keep a few chunks in flight (the inserts are
 * pipelined on the transaction's connection while the next chunks are read from disk; a download
 * fetches the next chunk while the current one is written to the client): at most
 * {@link #IN_FLIGHT} MiB per transfer.
 */
public class PostgresBlobStore implements BlobStore {

    public static final int CHUNK = 1 << 20;
    /** Chunks an upload writes at once (pipelined on its connection). */
    static final int IN_FLIGHT = 3;

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
        if (chunks == 0) {
            return Uni.createFrom().voidItem();
        }
        // the order of the inserts does not matter (each row carries its seq): a few at a time
        return Multi.createFrom()
                .range(0, chunks)
                .onItem()
                .transformToUni(seq -> readChunk(
                                file, (long) seq * CHUNK, (int) Math.min(CHUNK, size - (long) seq * CHUNK))
                        .flatMap(bytes -> tx.preparedQuery(
                                        "INSERT INTO synkronus.attachment_chunks (blob_key, seq, data) VALUES ($1, $2, $3)")
                                .execute(Tuple.tuple()
                                        .addString(key)
                                        .addInteger(seq)
                                        .addBuffer(Buffer.buffer(bytes)))))
                .merge(IN_FLIGHT)
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
        if (chunks == 0) {
            return Multi.createFrom().empty();
        }
        // the next chunk's query starts as soon as the current chunk is handed on (not once it has
        // been written out), so fetching overlaps sending; at most two chunks are held at a time
        return Multi.createFrom().deferred(() -> {
            AtomicReference<Uni<Buffer>> next = new AtomicReference<>(started(chunk(key, 0)));
            return Multi.createFrom()
                    .range(0, chunks)
                    .onItem()
                    .transformToUniAndConcatenate(seq -> next.get().invoke(() -> {
                        if (seq + 1 < chunks) {
                            next.set(started(chunk(key, seq + 1)));
                        }
                    }));
        });
    }

    private Uni<Buffer> chunk(String key, int seq) {
        return pool.preparedQuery("SELECT data FROM synkronus.attachment_chunks WHERE blob_key = $1 AND seq = $2")
                .execute(Tuple.of(key, seq))
                .map(rows -> rows.iterator().next().getBuffer(0));
    }

    /** Runs {@code work} now; the answer is kept for whoever subscribes later. */
    private static <T> Uni<T> started(Uni<T> work) {
        Uni<T> kept = work.memoize().indefinitely();
        kept.subscribe().with(ignored -> {}, failure -> {});
        return kept;
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
