package io.quintet.objectstore.history;

import io.quintet.objectstore.config.SyncServerSettings;
import io.quintet.objectstore.db.ServerState;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.function.BooleanSupplier;
import org.jboss.logging.Logger;

/**
 * History size limit (5.3 {@code historySizeMaxKb}/{@code historySizeTargetKb}): when the TX
 * history grows past the maximum, the oldest entries are deleted until it is at most the target;
 * {@code pruned_through} records the last deleted hseq, so clients behind it full-sync with reason
 * {@code HISTORY_PRUNED}. Checked at start-up and then every few seconds by the cluster leader
 * (the other replicas only re-read the mark); an advisory lock keeps two prunings apart.
 */
@Singleton
public class HistoryPruner {

    private static final Logger LOG = Logger.getLogger("io.quintet.objectstore.SvSync");
    private static final String SIZE =
            "SELECT coalesce(sum(octet_length(payload::text)), 0) FROM objectstore.oplog WHERE stream = 'tx'";
    private static final String CUT =
            "SELECT seq FROM (SELECT seq, sum(octet_length(payload::text)) OVER (ORDER BY seq DESC) AS newer "
                    + "FROM objectstore.oplog WHERE stream = 'tx') s WHERE newer > $1 ORDER BY seq DESC LIMIT 1";
    private static final String PRUNE =
            "WITH gone AS (DELETE FROM objectstore.oplog WHERE stream = 'tx' AND seq <= $1) "
                    + "UPDATE objectstore.server_state SET pruned_through = greatest(pruned_through, $1) WHERE id = 1";

    private final Pool pool;
    private final Vertx vertx;
    private final ServerState state;
    private final long maxBytes;
    private final long targetBytes;
    private long timer = -1;

    public HistoryPruner(Pool pool, Vertx vertx, ServerState state, SyncServerSettings settings) {
        this.pool = pool;
        this.vertx = vertx;
        this.state = state;
        this.maxBytes = settings.historySizeMaxKb() * 1024;
        this.targetBytes = settings.historySizeTargetKb() * 1024;
    }

    /** Runs once (start-up) and then every two seconds while {@code leader} says so; nothing when no limit is set. */
    public Uni<Void> start(BooleanSupplier leader) {
        timer = vertx.setPeriodic(
                2000,
                id -> (leader.getAsBoolean() ? pruneNow().replaceWithVoid() : state.refreshPrunedThrough())
                        .subscribe()
                        .with(n -> {}, f -> LOG.debugf("pruning failed: %s", f.getMessage())));
        return pruneNow().replaceWithVoid();
    }

    @PreDestroy
    void stop() {
        if (timer >= 0) vertx.cancelTimer(timer);
    }

    /** Answers the new pruning mark (0 when nothing was pruned). */
    public Uni<Long> pruneNow() {
        if (maxBytes <= 0) return state.refreshPrunedThrough().replaceWith(0L);
        return pool.withTransaction(c -> c.query(
                                "SELECT pg_try_advisory_xact_lock(hashtext('objectstore-history-pruning'))")
                        .execute()
                        .chain(lock -> !lock.iterator().next().getBoolean(0)
                                ? Uni.createFrom().item(0L)
                                : c.query(SIZE)
                                        .execute()
                                        .chain(size -> size.iterator().next().getLong(0) <= maxBytes
                                                ? Uni.createFrom().item(0L)
                                                : c.preparedQuery(CUT)
                                                        .execute(Tuple.of(targetBytes))
                                                        .chain(cut -> {
                                                            if (!cut.iterator().hasNext())
                                                                return Uni.createFrom()
                                                                        .item(0L);
                                                            long through = cut.iterator()
                                                                    .next()
                                                                    .getLong(0);
                                                            return c.preparedQuery(PRUNE)
                                                                    .execute(Tuple.of(through))
                                                                    .map(done -> {
                                                                        LOG.debugf(
                                                                                "history pruned through hseq %d",
                                                                                through);
                                                                        return through;
                                                                    });
                                                        }))))
                .call(() -> state.refreshPrunedThrough());
    }
}
