package io.quintet.kora.blob.service;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quintet.kora.config.KoraConfig;
import io.quintet.protocol.db.DatabaseOutageLog;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Blob garbage collection: chunks of central storage ({@code kora.blobs}) that no operation in the
 * log refers to any more are deleted. A chunk counts as referenced when its hash (64 hex digits)
 * appears in the {@code data} of any operation, whatever the shape of the blob reference around it:
 * a conservative reading that never loses a chunk a record may still point to. Chunks younger than
 * the grace are kept (an upload arrives before the operation that refers to it).
 *
 * <p>Safe across replicas and against concurrent appends: the log is scanned without a lock up to
 * a delivery sequence; then, under the delivery counter lock (which every append holds, so no append
 * runs meanwhile) and a transaction-level advisory lock (so one replica collects at a time), only
 * the operations appended after the scan are checked again before the candidates are deleted.
 */
@ApplicationScoped
public class BlobCollector {

    /** What a collection did. */
    public record Collected(int deleted, long bytesFreed, int kept) {}

    private static final Logger LOG = Logger.getLogger(BlobCollector.class);
    private static final String HASHES = "'([0-9a-f]{64})'";
    private static final String TOP = "SELECT COALESCE(MAX(delivery_seq), 0) FROM kora.operations";
    private static final String CANDIDATES = "SELECT b.hash FROM kora.blobs b WHERE b.created_at < $2"
            + " AND b.hash NOT IN (SELECT DISTINCT m[1] FROM kora.operations o, regexp_matches(o.data, " + HASHES
            + ", 'g') AS m"
            + " WHERE o.delivery_seq <= $1 AND o.data IS NOT NULL)";
    private static final String LOCK = "SELECT pg_try_advisory_xact_lock(hashtext('kora.blob-gc')),"
            + " (SELECT value FROM kora.delivery_counter WHERE id = 1 FOR UPDATE)";
    private static final String DELETE = "DELETE FROM kora.blobs b WHERE b.hash = ANY($1)"
            + " AND b.hash NOT IN (SELECT DISTINCT m[1] FROM kora.operations o, regexp_matches(o.data, " + HASHES
            + ", 'g') AS m"
            + " WHERE o.delivery_seq > $2 AND o.data IS NOT NULL)"
            + " RETURNING b.size";
    private static final String COUNT = "SELECT count(*) FROM kora.blobs";

    private final Pool pool;
    private final Vertx vertx;
    private final KoraConfig.Blobs config;
    private final DatabaseOutageLog outages;
    private long timer = -1;

    public BlobCollector(Pool pool, Vertx vertx, KoraConfig config, DatabaseOutageLog outages) {
        this.outages = outages;
        this.pool = pool;
        this.vertx = vertx;
        this.config = config.blobs();
    }

    void start(@Observes StartupEvent event) {
        config.gcInterval()
                .filter(interval -> interval.toMillis() > 0)
                .ifPresent(interval -> timer = vertx.setPeriodic(
                        interval.toMillis(),
                        id -> collect()
                                .subscribe()
                                .with(
                                        done -> LOG.debugf(
                                                "blob gc: %d deleted, %d bytes freed, %d kept",
                                                done.deleted(), done.bytesFreed(), done.kept()),
                                        failure -> {
                                            if (!outages.failed(failure)) LOG.warnf(failure, "blob gc failed");
                                        })));
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) vertx.cancelTimer(timer);
    }

    /** Deletes every chunk older than the grace that no operation refers to. */
    public Uni<Collected> collect() {
        long before = System.currentTimeMillis() - config.gcGrace().toMillis();
        return pool.preparedQuery(TOP)
                .execute()
                .map(rows -> rows.iterator().next().getLong(0))
                .chain(scanned -> pool.preparedQuery(CANDIDATES)
                        .execute(Tuple.of(scanned, before))
                        .chain(rows -> {
                            List<String> candidates = new ArrayList<>();
                            for (Row row : rows) candidates.add(row.getString(0));
                            if (candidates.isEmpty()) return count().map(kept -> new Collected(0, 0, kept));
                            return pool.withTransaction(connection -> delete(connection, candidates, scanned))
                                    .chain(done -> count().map(
                                                    kept -> new Collected(done.deleted(), done.bytesFreed(), kept)));
                        }));
    }

    private Uni<Collected> delete(SqlConnection connection, List<String> candidates, long scanned) {
        return connection.query(LOCK).execute().chain(rows -> {
            if (!rows.iterator().next().getBoolean(0)) {
                // another replica is collecting right now
                return Uni.createFrom().item(new Collected(0, 0, 0));
            }
            return connection
                    .preparedQuery(DELETE)
                    .execute(Tuple.of(candidates.toArray(new String[0]), scanned))
                    .map(deleted -> {
                        long bytes = 0;
                        for (Row row : deleted) bytes += row.getInteger(0);
                        return new Collected(deleted.rowCount(), bytes, 0);
                    });
        });
    }

    private Uni<Integer> count() {
        return pool.preparedQuery(COUNT).execute().map(rows ->
                (int) rows.iterator().next().getLong(0).longValue());
    }
}
