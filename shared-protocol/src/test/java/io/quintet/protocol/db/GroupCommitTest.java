package io.quintet.protocol.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class GroupCommitTest {

    /** A write held open until the test completes it; a group holding "bad" fails. */
    private static final class HeldWrites {
        final List<List<String>> groups = new CopyOnWriteArrayList<>();
        final List<CompletableFuture<Void>> gates = new CopyOnWriteArrayList<>();

        Uni<List<String>> write(List<String> items) {
            groups.add(items);
            CompletableFuture<Void> gate = new CompletableFuture<>();
            gates.add(gate);
            return Uni.createFrom().completionStage(gate).map(x -> {
                if (items.contains("bad")) throw new IllegalStateException("bad row");
                return items.stream().map(String::toUpperCase).toList();
            });
        }

        void release(int index) {
            gates.get(index).complete(null);
        }
    }

    private static List<CompletableFuture<String>> submitAll(GroupCommit<String, String> commit, String... items) {
        List<CompletableFuture<String>> results = new ArrayList<>();
        for (String item : items) results.add(commit.submit(item).subscribeAsCompletionStage());
        return results;
    }

    @Test
    @DisplayName(
            "items arriving while a write is under way go together in the next one, in arrival order, each answered its own result")
    void queuedItemsShareTheNextWrite() throws Exception {
        HeldWrites writes = new HeldWrites();
        GroupCommit<String, String> commit = new GroupCommit<>(writes::write, 1, 100, item -> 1);
        List<CompletableFuture<String>> results = submitAll(commit, "a", "b", "c", "d");
        assertEquals(List.of(List.of("a")), writes.groups);
        writes.release(0);
        assertEquals(List.of(List.of("a"), List.of("b", "c", "d")), writes.groups);
        assertFalse(results.get(1).isDone(), "answered only after its own write");
        writes.release(1);
        assertEquals(
                List.of("A", "B", "C", "D"),
                List.of(
                        results.get(0).get(),
                        results.get(1).get(),
                        results.get(2).get(),
                        results.get(3).get()));
        submitAll(commit, "e");
        assertEquals(List.of("e"), writes.groups.get(2), "idle again: the next item goes at once");
    }

    @Test
    @DisplayName(
            "a group's weight stays within the limit; a single heavier item still goes; several writes may be under way")
    void weightAndInFlight() {
        HeldWrites writes = new HeldWrites();
        GroupCommit<String, String> commit = new GroupCommit<>(writes::write, 2, 5, String::length);
        submitAll(commit, "a", "b", "ccc", "dd", "eeeeeeee", "f");
        assertEquals(List.of(List.of("a"), List.of("b")), writes.groups, "two under way, the rest waits");
        writes.release(0);
        assertEquals(List.of("ccc", "dd"), writes.groups.get(2));
        writes.release(1);
        assertEquals(List.of("eeeeeeee"), writes.groups.get(3));
        writes.release(2);
        assertEquals(List.of("f"), writes.groups.get(4));
    }

    @Test
    @DisplayName("a failed group is written again item by item, in order: only the item that causes the failure fails")
    void failureIsolatesTheCause() throws Exception {
        HeldWrites writes = new HeldWrites();
        GroupCommit<String, String> commit = new GroupCommit<>(writes::write, 1, 100, item -> 1);
        List<CompletableFuture<String>> results = submitAll(commit, "a", "b", "bad", "c");
        writes.release(0);
        writes.release(1); // the group b, bad, c fails
        assertEquals(List.of("b"), writes.groups.get(2));
        writes.release(2);
        assertEquals(List.of("bad"), writes.groups.get(3));
        writes.release(3);
        assertEquals(List.of("c"), writes.groups.get(4));
        writes.release(4);
        assertEquals("B", results.get(1).get());
        ExecutionException failed =
                assertThrows(ExecutionException.class, () -> results.get(2).get());
        assertTrue(failed.getCause() instanceof IllegalStateException);
        assertEquals("C", results.get(3).get());
        submitAll(commit, "d");
        assertEquals(List.of("d"), writes.groups.get(5), "the queue goes on after the retries");
    }
}
