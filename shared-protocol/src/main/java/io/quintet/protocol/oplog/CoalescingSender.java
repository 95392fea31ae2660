package io.quintet.protocol.oplog;

import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Fire-and-forget sending with coalescing: at most one send is in flight; what is offered
 * meanwhile queues, and the next send takes all of it (up to {@code maxBatch} items) as one
 * statement. A busy writer therefore sends far fewer statements than it offers items, items
 * leave in the order offered, and nobody waits for a send. A failed send is reported to
 * {@code onFailure} and not retried: this is for notifications that a reader can recover
 * otherwise (a periodic check, a delta read), never for data.
 *
 * <p>Used by {@link OperationLog} for its announcements and for {@link OperationLog#publish}.
 */
public final class CoalescingSender<T> {

    private final int maxBatch;
    private final Function<List<T>, Uni<?>> send;
    private final BiConsumer<List<T>, Throwable> onFailure;
    /** Guarded by {@code this}. */
    private final List<T> pending = new ArrayList<>();

    private boolean sending;

    /**
     * @param maxBatch  the most items one send takes; a larger backlog goes in several
     * @param send      sends one batch (never empty)
     * @param onFailure told about a batch whose send failed
     */
    public CoalescingSender(int maxBatch, Function<List<T>, Uni<?>> send, BiConsumer<List<T>, Throwable> onFailure) {
        if (maxBatch <= 0) {
            throw new IllegalArgumentException("maxBatch must be positive");
        }
        this.maxBatch = maxBatch;
        this.send = Objects.requireNonNull(send, "send");
        this.onFailure = Objects.requireNonNull(onFailure, "onFailure");
    }

    /** Queues one item; returns at once. */
    public void offer(T item) {
        offerAll(List.of(item));
    }

    /** Queues items, kept together in one send when they fit; returns at once. */
    public void offerAll(Collection<? extends T> items) {
        if (items.isEmpty()) {
            return;
        }
        synchronized (this) {
            pending.addAll(items);
            if (sending) {
                return;
            }
            sending = true;
        }
        sendNext();
    }

    /** True when everything offered so far has been sent (or given up on). */
    public synchronized boolean idle() {
        return !sending && pending.isEmpty();
    }

    private void sendNext() {
        List<T> batch;
        synchronized (this) {
            if (pending.isEmpty()) {
                sending = false;
                return;
            }
            int size = Math.min(maxBatch, pending.size());
            batch = new ArrayList<>(pending.subList(0, size));
            pending.subList(0, size).clear();
        }
        Uni<?> sent;
        try {
            sent = send.apply(batch);
        } catch (RuntimeException e) {
            sent = Uni.createFrom().failure(e);
        }
        sent.subscribe().with(ok -> sendNext(), failure -> {
            try {
                onFailure.accept(batch, failure);
            } finally {
                sendNext();
            }
        });
    }
}
