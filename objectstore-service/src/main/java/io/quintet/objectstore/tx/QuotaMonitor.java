package io.quintet.objectstore.tx;

import io.quintet.objectstore.config.SyncServerSettings;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/**
 * {@code dbMaxSize} as a quota on schema {@code objectstore} (11): the schema's size is sampled every
 * second off the write path, and writes are refused while it is at or above the limit.
 */
@Singleton
public class QuotaMonitor {

    private static final Logger LOG = Logger.getLogger("io.quintet.objectstore.SvApTx");
    private static final String SIZE_SQL = "SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c "
            + "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'objectstore' AND c.relkind = 'r'";

    private final Pool pool;
    private final Vertx vertx;
    private final long limit;
    private volatile long size;
    private long timer = -1;

    public QuotaMonitor(Pool pool, Vertx vertx, SyncServerSettings settings) {
        this.pool = pool;
        this.vertx = vertx;
        this.limit = settings.dbMaxSizeBytes();
    }

    @PostConstruct
    void start() {
        timer = vertx.setPeriodic(1000, id -> sample());
    }

    @PreDestroy
    void stop() {
        if (timer >= 0) vertx.cancelTimer(timer);
    }

    void sample() {
        pool.query(SIZE_SQL)
                .execute()
                .subscribe()
                .with(
                        rows -> {
                            long now = rows.iterator().next().getLong(0);
                            if (now >= limit && size < limit)
                                LOG.errorf(
                                        "database full: schema size %d bytes reached dbMaxSize %d; writes are refused",
                                        now, limit);
                            size = now;
                        },
                        failure -> LOG.debugf("size sample failed: %s", failure.getMessage()));
    }

    public boolean full() {
        return size >= limit;
    }

    public long size() {
        return size;
    }
}
