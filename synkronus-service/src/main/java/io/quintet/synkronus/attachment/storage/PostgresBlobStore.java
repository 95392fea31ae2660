package io.quintet.synkronus.attachment.storage;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Attachment bytes in PostgreSQL, in chunks of 1 MiB (table attachment_chunks): written inside
 * the upload's transaction, read back piece by piece as the client takes them, so neither side
 * ever holds a whole file in memory. Both directions keep a little in flight: an upload's inserts
 * ({@link #IN_FLIGHT} chunks, mapped from the spooled file) are pipelined on the transaction's
 * connection; a download fetches {@link #READ_AHEAD} quarter-chunk pieces ahead of the client.
 */
public class PostgresBlobStore implements BlobStore {

    public static final int CHUNK = 1 << 20;
    /** Chunks an upload writes at once (pipelined on its connection). */
    static final int IN_FLIGHT = 3;
    /** What a download fetches per query: a quarter of a chunk. */
    static final int PIECE = CHUNK / 4;
    /**
     * Pieces a download has fetched or is fetching ahead of the one being sent (its memory: this many).
     * Two, not four: with four backends pushing at once on two cores, PostgreSQL spent 66–79 ms of CPU
     * per 10 MiB against 41–45 ms with two, and repeated downloads ran at ~100 against ~135 MiB/s.
     */
    static final int READ_AHEAD = 2;

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
                .transformToUni(seq -> mapChunk(
                                file, (long) seq * CHUNK, (int) Math.min(CHUNK, size - (long) seq * CHUNK))
                        .flatMap(bytes -> tx.preparedQuery(
                                        "INSERT INTO synkronus.attachment_chunks (blob_key, seq, data) VALUES ($1, $2, $3)")
                                .execute(Tuple.tuple()
                                        .addString(key)
                                        .addInteger(seq)
                                        .addBuffer(Buffer.newInstance(io.vertx.core.buffer.Buffer.buffer(bytes))))))
                .merge(IN_FLIGHT)
                .collect()
                .last()
                .replaceWithVoid();
    }

    /**
     * A chunk of the spooled file, mapped rather than copied onto the heap: a megabyte array per
     * chunk still in flight at a young collection would be promoted, and the old generation of a
     * small heap then fills after a few uploads (a full collection each, most of an upload's CPU).
     * PostgreSQL's client copies it into its own output buffer; the mapping goes with its buffer.
     */
    private Uni<ByteBuf> mapChunk(Path file, long offset, int length) {
        return vertx.executeBlocking(
                Uni.createFrom().item(() -> {
                    try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
                        return Unpooled.wrappedBuffer(in.map(FileChannel.MapMode.READ_ONLY, offset, length));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }),
                false);
    }

    @Override
    public Multi<Buffer> read(String key, String location, long size) {
        int pieces = (int) ((size + PIECE - 1) / PIECE);
        if (pieces == 0) {
            return Multi.createFrom().empty();
        }
        // pieces are fetched ahead of the client by up to READ_AHEAD, each on a connection of its
        // own: fetching overlaps sending, and several backends read at once
        return Multi.createFrom().deferred(() -> {
            Uni<Buffer>[] started = pieceSlots(pieces);
            for (int i = 0; i < Math.min(READ_AHEAD, pieces); i++) {
                started[i] = started(piece(key, i, size));
            }
            return Multi.createFrom()
                    .range(0, pieces)
                    .onItem()
                    .transformToUniAndConcatenate(i -> started[i].invoke(() -> {
                        started[i] = null;
                        if (i + READ_AHEAD < pieces) {
                            started[i + READ_AHEAD] = started(piece(key, i + READ_AHEAD, size));
                        }
                    }));
        });
    }

    @SuppressWarnings("unchecked")
    private static Uni<Buffer>[] pieceSlots(int pieces) {
        return (Uni<Buffer>[]) new Uni<?>[pieces];
    }

    /**
     * Piece {@code index} of an object: a slice of one chunk (PostgreSQL reads only the TOAST
     * chunks it covers). Pieces smaller than chunks keep what a download holds at a collection
     * within the young generation's survivor space.
     */
    private Uni<Buffer> piece(String key, int index, long size) {
        long start = (long) index * PIECE;
        int seq = (int) (start / CHUNK);
        int from = (int) (start % CHUNK) + 1;
        int length = (int) Math.min(PIECE, size - start);
        return pool.preparedQuery("SELECT substring(data FROM $3 FOR $4) FROM synkronus.attachment_chunks "
                        + "WHERE blob_key = $1 AND seq = $2")
                .execute(Tuple.of(key, seq, from, length))
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
