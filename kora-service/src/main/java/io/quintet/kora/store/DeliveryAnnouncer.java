package io.quintet.kora.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.quintet.kora.codec.JsonCodec;
import io.quintet.kora.message.Ids;
import io.quintet.protocol.oplog.NewOperation;
import io.quintet.protocol.oplog.OperationLog;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.List;

/**
 * Tells every replica (this one included) that the log moved: after each append commits, a one-row
 * marker ({@code {"deliverySeq":N}}) goes into the shared {@link OperationLog}'s stream
 * {@value #FEED_STREAM}, whose change feed wakes the other replicas. Outside the append's
 * transaction, so the counter lock is not held for it, and written without waiting for the disk (a
 * marker lost in a crash only delays other replicas until their tick). Fire and forget: one marker
 * statement in flight, later commits meanwhile coalesce into the next one.
 */
@ApplicationScoped
public class DeliveryAnnouncer {

    /** The shared-protocol log stream whose change feed announces new delivery sequences. */
    public static final String FEED_STREAM = "delivery";

    private static final Logger LOG = Logger.getLogger(DeliveryAnnouncer.class);

    private final OperationLog feedLog;
    private final OperationTail tail;
    private final Object markerLock = new Object();
    /** The highest sequence waiting to be announced (guarded by {@link #markerLock}). */
    private long markerPending;
    private boolean markerInFlight;

    public DeliveryAnnouncer(Pool pool, OperationTail tail) {
        this.feedLog = new OperationLog(pool, "kora");
        this.tail = tail;
    }

    /** The shared operation log in schema {@code kora} (also carries the replica relays). */
    public OperationLog feedLog() {
        return feedLog;
    }

    /** After a commit: announces the highest delivery sequence among {@code stored}. */
    public void announceCommitted(List<StoredOperation> stored) {
        long top = 0;
        for (StoredOperation s : stored) {
            top = Math.max(top, s.deliverySequence());
        }
        if (top == 0) return;
        synchronized (markerLock) {
            markerPending = Math.max(markerPending, top);
            if (markerInFlight) return;
            markerInFlight = true;
        }
        sendMarker();
    }

    private void sendMarker() {
        long top;
        synchronized (markerLock) {
            top = markerPending;
            markerPending = 0;
            if (top == 0) {
                markerInFlight = false;
                return;
            }
        }
        // a fresh id: delivery sequences restart after a restore, marker ids must never collide
        feedLog.appendEphemeral(FEED_STREAM, List.of(new NewOperation(Ids.uuidV7(), "{\"deliverySeq\":" + top + "}")))
                .subscribe().with(ok -> sendMarker(), failure -> {
                    LOG.debugf(failure, "change-feed marker failed; other replicas catch up at their tick");
                    sendMarker();
                });
    }

    /** A change-feed marker (any replica's): the log holds rows up to its sequence; the tail learns it. */
    public void announced(String payloadJson) {
        try {
            JsonNode seq = JsonCodec.mapper().readTree(payloadJson).get("deliverySeq");
            if (seq != null && seq.canConvertToLong()) tail.announced(seq.asLong());
        } catch (JsonProcessingException | RuntimeException e) {
            // not a marker of ours: nothing to learn
        }
    }
}
