package io.quintet.synkronus.attachment.storage;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.SqlConnection;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.UUID;
import java.util.function.Supplier;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Attachment bytes in an S3-compatible bucket. Each upload goes to a fresh object name under its
 * repository generation ({@code <prefix>g<generation>/<key>/<uuid>}) before the transaction that
 * records it, so a lost race or a failed transaction only leaves an object to discard, never a
 * half-visible one, and a hard reset removes whole generations once it committed. The SDK's client
 * is blocking: every call runs on a worker thread, and downloads go out chunk by chunk as the
 * client takes them.
 */
public class S3BlobStore implements BlobStore {

    private static final Logger LOG = Logger.getLogger(S3BlobStore.class);
    static final int CHUNK = 1 << 20;

    private final S3Client s3;
    private final Vertx vertx;
    private final String bucket;
    private final String prefix;

    public S3BlobStore(S3Client s3, Vertx vertx, String bucket, String prefix) {
        this.s3 = s3;
        this.vertx = vertx;
        this.bucket = bucket;
        this.prefix = prefix;
    }

    @Override
    public Uni<String> stage(long generation, String key, Path file, long size) {
        String location = prefix + "g" + generation + "/" + key + "/" + UUID.randomUUID();
        return blocking(() -> {
            s3.putObject(
                    put -> put.bucket(bucket).key(location).contentLength(size), RequestBody.fromFile(file.toFile()));
            return location;
        });
    }

    @Override
    public Uni<Void> writeInTransaction(SqlConnection transaction, String key, Path file, long size) {
        return Uni.createFrom().voidItem();
    }

    @Override
    public Multi<Buffer> read(String key, String location, long size) {
        if (size == 0) {
            return Multi.createFrom().empty();
        }
        int chunks = (int) ((size + CHUNK - 1) / CHUNK);
        return blocking(() ->
                        (InputStream) s3.getObject(get -> get.bucket(bucket).key(location)))
                .onItem()
                .transformToMulti(in -> Multi.createFrom()
                        .range(0, chunks)
                        .onItem()
                        .transformToUniAndConcatenate(seq -> blocking(() -> chunk(in, key)))
                        .onTermination()
                        .invoke(() -> close(in)));
    }

    private static Buffer chunk(InputStream in, String key) {
        try {
            byte[] bytes = in.readNBytes(CHUNK);
            if (bytes.length == 0) {
                throw new IOException("object of " + key + " ended early");
            }
            return Buffer.buffer(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void close(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            LOG.debugf("closing an S3 download: %s", e.getMessage());
        }
    }

    @Override
    public Uni<Void> deleteAllInTransaction(SqlConnection transaction) {
        return Uni.createFrom().voidItem();
    }

    @Override
    public Uni<Void> deleteGenerationsBefore(long generation) {
        return blocking(() -> {
            int deleted = 0;
            // one DELETE per object: batch delete needs checksum headers that many S3-compatible
            // servers do not implement, and a hard reset is rare
            for (S3Object object : s3.listObjectsV2Paginator(
                            list -> list.bucket(bucket).prefix(prefix + "g"))
                    .contents()) {
                if (generationOf(object.key()) < generation) {
                    s3.deleteObject(d -> d.bucket(bucket).key(object.key()));
                    deleted++;
                }
            }
            LOG.infof("hard reset: %d attachment objects of earlier generations deleted from the bucket", deleted);
            return null;
        });
    }

    /** The generation in {@code <prefix>g<generation>/...}, or MAX_VALUE for an object not of this layout (kept). */
    long generationOf(String objectKey) {
        int start = prefix.length() + 1;
        int slash = objectKey.indexOf('/', start);
        if (slash < 0) {
            return Long.MAX_VALUE;
        }
        try {
            return Long.parseLong(objectKey.substring(start, slash));
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    @Override
    public Uni<Void> discard(String location) {
        if (location == null) {
            return Uni.createFrom().voidItem();
        }
        return blocking(() -> {
                    s3.deleteObject(d -> d.bucket(bucket).key(location));
                    return null;
                })
                .onFailure()
                .recoverWithItem(e -> {
                    LOG.warnf("could not remove the unrecorded object %s: %s", location, e.getMessage());
                    return null;
                })
                .replaceWithVoid();
    }

    /** The bucket's name (readiness reports it). */
    public String bucket() {
        return bucket;
    }

    /** Whether the bucket answers (readiness). */
    public Uni<Boolean> reachable() {
        return blocking(() -> {
                    s3.headBucket(h -> h.bucket(bucket));
                    return true;
                })
                .onFailure()
                .recoverWithItem(false);
    }

    private <T> Uni<T> blocking(Supplier<T> work) {
        return vertx.executeBlocking(Uni.createFrom().item(work), false);
    }
}
