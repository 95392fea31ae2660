package io.quintet.protocol.db;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * Group commit for writes that arrive concurrently: while {@code maxInFlight} writes are under
 * way, the items submitted meanwhile queue, and the next write takes all of them (up to
 * {@code maxWeight}) in arrival order as one statement or transaction, so they share its round
 * trip, its statement overhead and its WAL flush. Each submitter completes when its item's write
 * did. When a group's write fails, its items are written again one at a time, in order, so only
 * an item that causes the failure fails (the write must leave nothing behind when it fails).
 *
 * @param <I> one submitter's item
 * @param <O> what the write answers for one item
 */
public final class GroupCommit<I, O> {

    private record Pending<I, O>(I item, UniEmitter<? super O> emitter) {
    }

    private final Function<List<I>, Uni<List<O>>> write;
    private final int maxInFlight;
    private final int maxWeight;
    private final ToIntFunction<I> weight;
    /** Items waiting for a write (guarded by itself), and the writes under way. */
    private final ArrayDeque<Pending<I, O>> waiting = new ArrayDeque<>();
    private int inFlight;

    /**
     * @param write       writes a group; answers one result per item, in the items' order
     * @param maxInFlight writes under way at once (1 keeps groups in commit order)
     * @param maxWeight   most total weight per group (a single heavier item still goes alone)
     * @param weight      an item's weight (rows, operations)
     */
    public GroupCommit(Function<List<I>, Uni<List<O>>> write, int maxInFlight, int maxWeight, ToIntFunction<I> weight) {
        this.write = write;
        this.maxInFlight = Math.max(1, maxInFlight);
        this.maxWeight = Math.max(1, maxWeight);
        this.weight = weight;
    }

    /** Writes {@code item} with whatever else is waiting; completes after that write. */
    public Uni<O> submit(I item) {
        return Uni.createFrom().emitter(emitter -> {
            List<Pending<I, O>> group;
            synchronized (waiting) {
                waiting.add(new Pending<>(item, emitter));
                if (inFlight >= maxInFlight) return;
                inFlight++;
                group = nextGroup();
            }
            run(group);
        });
    }

    /** Takes the next group off the queue; the caller holds the monitor of {@link #waiting}. */
    private List<Pending<I, O>> nextGroup() {
        List<Pending<I, O>> group = new ArrayList<>();
        int total = 0;
        while (!waiting.isEmpty() && (group.isEmpty() || total + weight.applyAsInt(waiting.peek().item()) <= maxWeight)) {
            Pending<I, O> p = waiting.poll();
            total += weight.applyAsInt(p.item());
            group.add(p);
        }
        return group;
    }

    private Uni<List<O>> attempt(List<I> items) {
        try {
            return write.apply(items);
        } catch (RuntimeException e) {
            return Uni.createFrom().failure(e);
        }
    }

    private void run(List<Pending<I, O>> group) {
        attempt(group.stream().map(Pending::item).toList()).subscribe().with(results -> {
            next();
            for (int i = 0; i < group.size(); i++) group.get(i).emitter().complete(results.get(i));
        }, failure -> {
            if (group.size() == 1) {
                next();
                group.get(0).emitter().fail(failure);
            } else {
                alone(group, 0);
            }
        });
    }

    /** After a failed group: each item in its own write, in order; then the queue goes on. */
    private void alone(List<Pending<I, O>> group, int index) {
        if (index >= group.size()) {
            next();
            return;
        }
        Pending<I, O> p = group.get(index);
        attempt(List.of(p.item())).subscribe().with(results -> {
            p.emitter().complete(results.get(0));
            alone(group, index + 1);
        }, failure -> {
            p.emitter().fail(failure);
            alone(group, index + 1);
        });
    }

    /** A write ended: the next group, if any is waiting, takes its place. */
    private void next() {
        List<Pending<I, O>> group;
        synchronized (waiting) {
            if (waiting.isEmpty()) {
                inFlight--;
                return;
            }
            group = nextGroup();
        }
        run(group);
    }
}
