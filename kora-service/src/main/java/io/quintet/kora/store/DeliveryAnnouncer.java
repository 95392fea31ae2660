package io.quintet.kora.store;

import io.quintet.protocol.oplog.OperationLog;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * Tells every replica (this one included) that the log moved: after each append commits, the
 * highest delivery sequence is announced on the notify-only stream {@value #FEED_STREAM} of the
 * shared {@link OperationLog} — a notification without a row, coalesced by the log (one statement
 * in flight, the highest value of what arrives meanwhile in the next). Outside the append's
 * transaction, so the counter lock is not held for it; a notification lost (a crash, a replica
 * whose listening connection was down, a writer that sends none such as the Node server) only
 * delays other replicas until their tick, which reads the table itself.
 */
@ApplicationScoped
public class DeliveryAnnouncer {

    /** The notify-only stream announcing new delivery sequences. */
    public static final String FEED_STREAM = "delivery";

    private final OperationLog log;

    public DeliveryAnnouncer(OperationLog log) {
        this.log = log;
    }

    /** After a commit: announces the highest delivery sequence among {@code stored}. */
    public void announceCommitted(List<StoredOperation> stored) {
        long top = 0;
        for (StoredOperation s : stored) {
            top = Math.max(top, s.deliverySequence());
        }
        if (top > 0) log.announce(FEED_STREAM, top);
    }
}
