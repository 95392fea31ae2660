package io.quintet.protocol.db;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * Group commit for writes that arrive concurrently ({@link StatementGroups} scheduling): while
 * {@code maxInFlight} writes are under way, the items submitted meanwhile queue, and the next write
 * takes them (up to {@code maxWeight}) in arrival order as one statement or transaction, so they
 * share its round trip, its statement overhead and its WAL flush. Each submitter completes when its
 * item's write did. When a group's write fails, its items are written again one at a time, in
 * order, before the slot is given up, so only an item that causes the failure fails (the write
 * must leave nothing behind when it fails).
 *
 * @param <I> one submitter's item
 * @param <O> what the write answers for one item
 */
public final class GroupCommit<I, O> extends StatementGroups<GroupCommit.Pending<I, O>> {

    record Pending<I, O>(I item, UniEmitter<? super O> emitter) {}

    private final Function<List<I>, Uni<List<O>>> write;
    private final ToIntFunction<I> weight;

    /**
     * @param write       writes a group; answers one result per item, in the items' order
     * @param maxInFlight writes under way at once (1 keeps groups in commit order)
     * @param maxWeight   most total weight per group (a single heavier item still goes alone)
     * @param weight      an item's weight (rows, operations)
     */
    public GroupCommit(Function<List<I>, Uni<List<O>>> write, int maxInFlight, int maxWeight, ToIntFunction<I> weight) {
        super(maxInFlight, maxWeight);
        this.write = write;
        this.weight = weight;
    }

    /** Writes {@code item} with whatever else is waiting; completes after that write. */
    public Uni<O> submit(I item) {
        return Uni.createFrom().emitter(emitter -> enqueue(new Pending<>(item, emitter)));
    }

    /** The oldest items up to the weight limit. */
    @Override
    protected List<Pending<I, O>> drain(ArrayDeque<Pending<I, O>> queue) {
        List<Pending<I, O>> group = new ArrayList<>();
        int total = 0;
        while (!queue.isEmpty()
                && (group.isEmpty()
                        || total + weight.applyAsInt(queue.peekFirst().item()) <= maxBatch)) {
            Pending<I, O> p = queue.pollFirst();
            total += weight.applyAsInt(p.item());
            group.add(p);
        }
        return group;
    }

    @Override
    protected void send(List<Pending<I, O>> group) {
        attempt(group.stream().map(Pending::item).toList())
                .subscribe()
                .with(
                        results -> {
                            sent();
                            for (int i = 0; i < group.size(); i++)
                                group.get(i).emitter().complete(results.get(i));
                        },
                        failure -> {
                            if (group.size() == 1) {
                                sent();
                                group.get(0).emitter().fail(failure);
                            } else {
                                alone(group, 0);
                            }
                        });
    }

    private Uni<List<O>> attempt(List<I> items) {
        try {
            return write.apply(items);
        } catch (RuntimeException e) {
            return Uni.createFrom().failure(e);
        }
    }

    /** After a failed group: each item in its own write, in order; then the slot goes to the next group. */
    private void alone(List<Pending<I, O>> group, int index) {
        if (index >= group.size()) {
            sent();
            return;
        }
        Pending<I, O> p = group.get(index);
        attempt(List.of(p.item()))
                .subscribe()
                .with(
                        results -> {
                            p.emitter().complete(results.get(0));
                            alone(group, index + 1);
                        },
                        failure -> {
                            p.emitter().fail(failure);
                            alone(group, index + 1);
                        });
    }
}
