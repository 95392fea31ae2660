package io.quintet.objectstore.tx;

import io.quintet.objectstore.config.SyncServerSettings;
import io.quintet.protocol.db.GroupCommit;
import io.quintet.protocol.oplog.OperationLog;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * Applies client TXs with group commit (shared-protocol's {@link GroupCommit}): TXs arriving while a
 * group is being written are written together by the next, in arrival order, in one transaction
 * (one commit, one WAL flush). A failing group is retried one TX at a time.
 */
@Singleton
public class TxApplier {

    private final OperationLog log;
    private final ServerClock clock;
    private final QuotaMonitor quota;
    private final boolean removeWithoutObjectData;
    private final GroupCommit<IncomingTx, TxOutcome> groups;

    public TxApplier(OperationLog log, ServerClock clock, QuotaMonitor quota, SyncServerSettings settings) {
        this.log = log;
        this.clock = clock;
        this.quota = quota;
        this.removeWithoutObjectData = settings.removeWithoutObjectData();
        // one group at a time: the history append orders groups anyway, and arrival order is kept
        this.groups = new GroupCommit<>(this::write, 1, 4000, IncomingTx::weight);
    }

    public Uni<TxOutcome> apply(IncomingTx tx) {
        return groups.submit(tx);
    }

    private Uni<List<TxOutcome>> write(List<IncomingTx> txs) {
        boolean full = quota.full();
        return log.inTransaction(
                transaction -> new GroupWrite(transaction, txs, clock, full, removeWithoutObjectData).run());
    }
}
