package io.quintet.linkora.event;

import io.quintet.protocol.oplog.NewOperation;
import io.quintet.protocol.oplog.OperationLog;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;

/**
 * Hands committed mutations' events to the shared operation log, from which {@link EventFanOut}
 * on every replica delivers them. Events are live notifications (spec 9.4: no persistence, no
 * replay; a client that misses one recovers through GET_UPDATES), so they are appended after the
 * mutation committed, without waiting for a disk flush, and in batches: while one append is in
 * flight, the events of the mutations committing meanwhile queue up and go in the next one. One
 * replica's events therefore keep its commit order, and writers never queue behind each other on
 * the stream's head row (which they would if each mutation appended inside its own transaction).
 */
@ApplicationScoped
public class EventPublisher {

    private static final Logger LOG = Logger.getLogger(EventPublisher.class);
    /** Bounds one append statement; a larger backlog goes in several. */
    private static final int MAX_BATCH = 1_000;

    private final OperationLog log;
    private final List<NewOperation> pending = new ArrayList<>();
    private boolean publishing;

    public EventPublisher(OperationLog log) {
        this.log = log;
    }

    /** Queues the frames of one committed mutation; returns at once. */
    public void publish(List<NewOperation> frames) {
        if (frames.isEmpty()) {
            return;
        }
        synchronized (this) {
            pending.addAll(frames);
            if (publishing) {
                return;
            }
            publishing = true;
        }
        sendNext();
    }

    /** True when every queued event has been appended (or given up on). */
    public synchronized boolean idle() {
        return !publishing && pending.isEmpty();
    }

    private void sendNext() {
        List<NewOperation> batch;
        synchronized (this) {
            if (pending.isEmpty()) {
                publishing = false;
                return;
            }
            int size = Math.min(MAX_BATCH, pending.size());
            batch = new ArrayList<>(pending.subList(0, size));
            pending.subList(0, size).clear();
        }
        log.appendEphemeral(EventStream.NAME, batch).subscribe().with(
                appended -> sendNext(),
                failure -> {
                    // the mutations are committed; only the live notification is lost
                    LOG.warnf("could not publish %d events: %s", batch.size(), failure.getMessage());
                    sendNext();
                });
    }
}
