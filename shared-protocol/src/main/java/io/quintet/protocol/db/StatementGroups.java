package io.quintet.protocol.db;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.impl.ContextInternal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The scheduling of grouped statements (reads or writes): requests that arrive while {@code maxInFlight}
 * statements are running queue up and leave together, at most {@code maxBatch} per statement, as
 * soon as a statement finishes. Nothing waits for a group to fill: a request that finds a free slot
 * leaves at once, so an idle service answers as fast as without grouping.
 *
 * @param <P> one queued request
 */
public abstract class StatementGroups<P> {

    private final int maxInFlight;
    protected final int maxBatch;
    private final ArrayDeque<P> queue = new ArrayDeque<>();
    private int inFlight;

    protected StatementGroups(int maxInFlight, int maxBatch) {
        this.maxInFlight = Math.max(1, maxInFlight);
        this.maxBatch = Math.max(1, maxBatch);
    }

    /** A promise completed on the caller's Vert.x context when it has one. */
    protected static <T> Promise<T> promiseOnCallerContext() {
        ContextInternal context = (ContextInternal) Vertx.currentContext();
        return context == null ? Promise.promise() : context.promise();
    }

    /** Queues a request and, when a slot is free, sends a group at once. */
    protected final void enqueue(P request) {
        List<P> group;
        synchronized (this) {
            queue.addLast(request);
            if (inFlight >= maxInFlight) {
                return;
            }
            inFlight++;
            group = drain(queue);
        }
        send(group);
    }

    /**
     * Takes the next group off the queue (never empty when the queue is not); called with the
     * lock held. By default the oldest {@code maxBatch} requests.
     */
    protected List<P> drain(ArrayDeque<P> queue) {
        int n = Math.min(queue.size(), maxBatch);
        List<P> group = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            group.add(queue.pollFirst());
        }
        return group;
    }

    /** Sends one group as one statement; must call {@link #sent()} once the statement finished. */
    protected abstract void send(List<P> group);

    /** Frees the finished statement's slot for the next queued group, if any. */
    protected final void sent() {
        List<P> group;
        synchronized (this) {
            if (queue.isEmpty()) {
                inFlight--;
                return;
            }
            group = drain(queue);
        }
        send(group);
    }
}
