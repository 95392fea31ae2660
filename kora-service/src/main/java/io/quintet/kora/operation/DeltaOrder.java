package io.quintet.kora.operation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * The order of a version-vector delta (kora.md 1.5): topological by {@code causalDeps} (only
 * edges with both ends in the set count), ties broken by HLC total order, smallest first.
 */
public final class DeltaOrder {

    private static final Comparator<Operation> BY_HLC =
            Comparator.comparing(op -> op.timestamp().toHlc());

    private DeltaOrder() {}

    /** @throws IllegalStateException when the dependencies form a cycle */
    public static List<Operation> sort(List<Operation> operations) {
        Map<String, Operation> byId = new LinkedHashMap<>();
        for (Operation op : operations) {
            byId.putIfAbsent(op.id(), op);
        }
        Map<String, Integer> pending = new HashMap<>();
        Map<String, List<Operation>> dependents = new HashMap<>();
        for (Operation op : byId.values()) {
            int count = 0;
            for (String dep : op.causalDeps().stream().distinct().toList()) {
                if (byId.containsKey(dep) && !dep.equals(op.id())) {
                    count++;
                    dependents.computeIfAbsent(dep, d -> new ArrayList<>()).add(op);
                } else if (dep.equals(op.id())) {
                    throw new IllegalStateException("operation " + op.id() + " depends on itself");
                }
            }
            pending.put(op.id(), count);
        }
        PriorityQueue<Operation> ready = new PriorityQueue<>(BY_HLC);
        byId.values().stream().filter(op -> pending.get(op.id()) == 0).forEach(ready::add);
        List<Operation> sorted = new ArrayList<>(byId.size());
        while (!ready.isEmpty()) {
            Operation next = ready.poll();
            sorted.add(next);
            for (Operation dependent : dependents.getOrDefault(next.id(), List.of())) {
                if (pending.merge(dependent.id(), -1, Integer::sum) == 0) {
                    ready.add(dependent);
                }
            }
        }
        if (sorted.size() != byId.size()) {
            throw new IllegalStateException(
                    "causal dependency cycle among " + (byId.size() - sorted.size()) + " operations");
        }
        return sorted;
    }
}
