package io.quintet.kora.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.quintet.kora.operation.Operation;
import io.quintet.kora.operation.OperationTimestamp;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The in-memory tail of the rows this replica committed: served only when it covers a range without a gap. */
class OperationTailTest {

    private static List<StoredOperation> rows(long from, long to) {
        List<StoredOperation> rows = new ArrayList<>();
        for (long seq = from; seq <= to; seq++) {
            rows.add(new StoredOperation(
                    new Operation(
                            "op-" + seq,
                            "n",
                            Operation.INSERT,
                            "c",
                            "r" + seq,
                            null,
                            null,
                            new OperationTimestamp(1, 0, "n"),
                            seq,
                            List.of(),
                            1,
                            null,
                            null,
                            null),
                    seq));
        }
        return rows;
    }

    private static List<Long> sequences(List<StoredOperation> rows) {
        return rows.stream().map(StoredOperation::deliverySequence).toList();
    }

    @Test
    @DisplayName("a covered range is served in order, up to the limit or the newest row")
    void servesCoveredRanges() {
        OperationTail tail = new OperationTail(8);
        tail.remember(rows(1, 5));
        assertEquals(List.of(3L, 4L, 5L), sequences(tail.after(2, 10)));
        assertEquals(List.of(1L, 2L), sequences(tail.after(0, 2)));
        assertNull(tail.after(5, 10), "nothing newer than the tail's top");
    }

    @Test
    @DisplayName("a range older than the tail holds, or with a gap (another replica's rows), goes to the table")
    void gapsGoToTheTable() {
        OperationTail tail = new OperationTail(4);
        tail.remember(rows(1, 6));
        assertNull(tail.after(0, 10), "rows 1 and 2 were overwritten");
        assertEquals(List.of(3L, 4L, 5L, 6L), sequences(tail.after(2, 10)));
        tail.remember(rows(9, 9)); // 7 and 8 were another replica's
        assertNull(tail.after(6, 10));
        assertEquals(List.of(9L), sequences(tail.after(8, 10)));
    }

    @Test
    @DisplayName(
            "an announcement above the top (another replica appended) sends reads to the table until this replica catches up")
    void announcementsAboveTheTop() {
        OperationTail tail = new OperationTail(8);
        tail.remember(rows(1, 3));
        tail.announced(5);
        assertNull(tail.after(1, 10));
        tail.remember(rows(6, 6));
        assertNull(tail.after(3, 10), "4 and 5 are not in the tail");
        assertEquals(List.of(6L), sequences(tail.after(5, 10)));
    }

    @Test
    @DisplayName("a table behind the tail (truncated or restored log) and sequences going back drop the tail")
    void restoredLogDropsTheTail() {
        OperationTail tail = new OperationTail(8);
        tail.remember(rows(1, 5));
        tail.tableMax(2);
        assertNull(tail.after(0, 10));
        tail.remember(rows(1, 3));
        assertEquals(List.of(1L, 2L, 3L), sequences(tail.after(0, 10)));
        tail.remember(rows(2, 2)); // back again
        assertEquals(List.of(2L), sequences(tail.after(1, 10)));
        assertNull(tail.after(0, 10));
    }
}
