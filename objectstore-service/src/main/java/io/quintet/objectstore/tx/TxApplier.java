package io.quintet.objectstore.tx;

import io.quintet.objectstore.config.SyncServerSettings;
import io.quintet.objectstore.history.HistoryEntry;
import io.quintet.objectstore.history.HistoryTail;
import io.quintet.objectstore.monitoring.SyncMetrics;
import io.quintet.protocol.db.GroupCommit;
import io.quintet.protocol.oplog.OperationLog;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.inject.Singleton;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Applies client TXs with group commit (shared-protocol's {@link GroupCommit}): TXs arriving while a
 * group is being written are written together by the next, in arrival order, in one transaction
 * (one commit, one WAL flush). A failing group is retried one TX at a time. What a group appended
 * to the history goes to this replica's live push at once ({@link HistoryTail#committed}).
 */
@Singleton
public class TxApplier {

    private final OperationLog log;
    private final ServerClock clock;
    private final QuotaMonitor quota;
    private final boolean removeWithoutObjectData;
    private final GroupCommit<IncomingTx, TxOutcome> groups;

    private final SyncMetrics metrics;
    private final HistoryTail history;
    /** Submit times of TXs not yet picked up by the group writer (obx_task_time in_queue). */
    private final Map<IncomingTx, Long> queued = Collections.synchronizedMap(new IdentityHashMap<>());

    private final AtomicInteger writing = new AtomicInteger();

    public TxApplier(
            OperationLog log,
            ServerClock clock,
            QuotaMonitor quota,
            SyncServerSettings settings,
            SyncMetrics metrics,
            HistoryTail history) {
        this.log = log;
        this.history = history;
        this.metrics = metrics;
        metrics.gauge("queue_length", "tasks", queued::size);
        metrics.gauge("queue_length", "async", writing::get);
        this.clock = clock;
        this.quota = quota;
        this.removeWithoutObjectData = settings.removeWithoutObjectData();
        // one group at a time: the history append orders groups anyway, and arrival order is kept
        this.groups = new GroupCommit<>(this::write, 1, 4000, IncomingTx::weight);
    }

    public Uni<TxOutcome> apply(IncomingTx tx) {
        queued.put(tx, System.nanoTime());
        return groups.submit(tx).onFailure().invoke(f -> {
            queued.remove(tx);
            metrics.increment("task_counts", "type", "failed");
        });
    }

    /**
     * This replica's clients get what the group appended at once, without waiting for the change
     * feed's announcement and read of what this very replica wrote; but only after the group's
     * ACK_TX are on their way (its submitters complete within the current task, and each ACK is
     * queued on its connection), so a client never sees the push of its own TX before the ACK.
     */
    private void pushCommitted(List<HistoryEntry> committed) {
        if (committed.isEmpty()) return;
        Context context = Vertx.currentContext();
        if (context == null) history.committed(committed);
        else context.runOnContext(ignored -> history.committed(committed));
    }

    private Uni<List<TxOutcome>> write(List<IncomingTx> txs) {
        long started = System.nanoTime();
        for (IncomingTx tx : txs) {
            Long at = queued.remove(tx);
            if (at != null) metrics.observe("task_time", "in_queue", (started - at) / 1e9);
            else metrics.increment("task_counts", "type", "continued"); // a retry of a failed group
        }
        writing.addAndGet(txs.size());
        boolean full = quota.full();
        GroupWrite[] group = new GroupWrite[1];
        return log.inTransaction(transaction -> {
                    group[0] = new GroupWrite(transaction, txs, clock, full, removeWithoutObjectData);
                    return group[0].run();
                })
                .invoke(() -> pushCommitted(group[0].committed()))
                .onTermination()
                .invoke(() -> writing.addAndGet(-txs.size()))
                .invoke(outcomes -> {
                    metrics.increment("async_db_commits");
                    double seconds = (System.nanoTime() - started) / 1e9;
                    for (int i = 0; i < txs.size(); i++) {
                        metrics.observe("task_time", "processing", seconds);
                        metrics.increment("task_counts", "type", "completed");
                    }
                });
    }
}
