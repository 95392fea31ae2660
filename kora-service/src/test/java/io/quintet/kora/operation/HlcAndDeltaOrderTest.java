package io.quintet.kora.operation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quintet.protocol.hlc.HlcTimestamp;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class HlcAndDeltaOrderTest {

    @Test
    @DisplayName("C3 HLC text pads to 15 + 5 digits and sorts like the comparator")
    void c3Serialization() {
        assertEquals("001700000000000:00000:node-a", new HlcTimestamp(1700000000000L, 0, "node-a").format());
        assertEquals("000000000000005:00042:a:b", new HlcTimestamp(5, 42, "a:b").format());
        Random random = new Random(7);
        List<HlcTimestamp> stamps = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            stamps.add(new HlcTimestamp(
                    random.nextInt(5) * 1_000_000_000L + random.nextInt(3),
                    random.nextInt(3) * 9_999,
                    List.of("a", "b", "a:1", "z", "ab").get(random.nextInt(5))));
        }
        for (HlcTimestamp a : stamps) {
            for (HlcTimestamp b : stamps.subList(0, 50)) {
                assertEquals(
                        Integer.signum(a.compareTo(b)),
                        Integer.signum(a.format().compareTo(b.format())),
                        a + " vs " + b);
            }
        }
    }

    @Test
    @DisplayName("C4 C5 timestamp check: future bound, logical range, integers only")
    void c4c5TimestampRules() {
        long now = 1_700_000_000_000L;
        assertTrue(new OperationTimestamp(now + 59_000, 0, "n").isAcceptable(now, 60_000));
        assertFalse(new OperationTimestamp(now + 61_000, 0, "n").isAcceptable(now, 60_000));
        assertTrue(new OperationTimestamp(now, 99_999, "n").isAcceptable(now, 60_000));
        assertFalse(new OperationTimestamp(now, 100_000, "n").isAcceptable(now, 60_000));
        assertFalse(new OperationTimestamp(now, -1, "n").isAcceptable(now, 60_000));
        assertFalse(new OperationTimestamp(now, 1.5, "n").isAcceptable(now, 60_000));
        assertFalse(new OperationTimestamp(now + 0.5, 0, "n").isAcceptable(now, 60_000));
        assertFalse(new OperationTimestamp(-1, 0, "n").isAcceptable(now, 60_000));
        assertFalse(new OperationTimestamp(Double.NaN, 0, "n").isAcceptable(now, 60_000));
        assertFalse(new OperationTimestamp(now, 0, null).isAcceptable(now, 60_000));
    }

    private static Operation op(String id, long wall, String node, String... deps) {
        return new Operation(
                id,
                node,
                "update",
                "todos",
                "r",
                null,
                null,
                new OperationTimestamp(wall, 0, node),
                1,
                List.of(deps),
                1,
                null,
                null,
                null);
    }

    @Test
    @DisplayName("delta order: dependencies first, ties by HLC, outside deps ignored, cycles refused")
    void deltaOrder() {
        Operation a = op("a", 30, "n1");
        Operation b = op("b", 10, "n1", "a");
        Operation c = op("c", 20, "n2", "missing");
        Operation d = op("d", 5, "n2", "b", "c");
        List<Operation> input = new ArrayList<>(List.of(d, c, b, a));
        for (int i = 0; i < 5; i++) {
            Collections.shuffle(input, new Random(i));
            assertEquals(
                    List.of("c", "a", "b", "d"),
                    DeltaOrder.sort(input).stream().map(Operation::id).toList());
        }
        assertThrows(
                IllegalStateException.class,
                () -> DeltaOrder.sort(List.of(op("x", 1, "n", "y"), op("y", 2, "n", "x"))));
    }
}
