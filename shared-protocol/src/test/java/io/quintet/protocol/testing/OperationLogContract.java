package io.quintet.protocol.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quintet.protocol.feed.ChangeFeed;
import io.quintet.protocol.oplog.Appended;
import io.quintet.protocol.oplog.LogEntry;
import io.quintet.protocol.oplog.NewOperation;
import io.quintet.protocol.oplog.OperationLog;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What every service may rely on from its operation log and change feed, run against the
 * service's own schema and beans: a service's test extends this class and answers {@link #log()}
 * and {@link #feed()} (in a {@code @QuarkusTest}, the injected beans; the feed already started).
 * Every test works on a stream of its own, so the service's streams are left alone.
 */
public abstract class OperationLogContract {

    private static final Duration WAIT = Duration.ofSeconds(30);

    protected abstract OperationLog log();

    /** A started feed on {@link #log()}. */
    protected abstract ChangeFeed feed();

    private static String stream() {
        return "contract-" + UUID.randomUUID();
    }

    private static List<NewOperation> ops(String prefix, int n) {
        return IntStream.range(0, n)
                .mapToObj(i -> new NewOperation(prefix + i, "{\"n\":" + i + "}"))
                .toList();
    }

    private static void eventually(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting: " + what);
            }
            Thread.sleep(20);
        }
    }

    @Test
    @DisplayName("oplog: appends are numbered in input order from 1 and read back in order")
    void appendsAreNumberedAndReadBack() {
        String stream = stream();
        List<Appended> appended = log().append(stream, ops("a", 3)).await().atMost(WAIT);
        assertEquals(
                List.of(1L, 2L, 3L), appended.stream().map(Appended::sequence).toList());
        assertTrue(appended.stream().noneMatch(Appended::duplicate));
        List<LogEntry> read = log().read(stream, 1, 10).await().atMost(WAIT);
        assertEquals(
                List.of("a1", "a2"), read.stream().map(LogEntry::operationId).toList());
        assertEquals("{\"n\": 1}", read.get(0).payloadJson());
        assertEquals(3L, log().head(stream).await().atMost(WAIT));
    }

    @Test
    @DisplayName("oplog: a retried id is reported as a duplicate with its first sequence")
    void retriesAreIdempotent() {
        String stream = stream();
        log().append(stream, ops("r", 2)).await().atMost(WAIT);
        List<Appended> again = log().append(stream, List.of(new NewOperation("r1", "{}"), new NewOperation("s", "{}")))
                .await()
                .atMost(WAIT);
        assertEquals(new Appended("r1", 2, true), again.get(0));
        assertEquals(new Appended("s", 3, false), again.get(1));
    }

    @Test
    @DisplayName("oplog: appends in a transaction that rolls back leave nothing behind")
    void rolledBackAppendsLeaveNothing() {
        String stream = stream();
        assertThrows(
                IllegalStateException.class,
                () -> log().inTransaction(tx -> tx.append(stream, ops("t", 2))
                                .chain(appended ->
                                        Uni.createFrom().<Void>failure(new IllegalStateException("roll back"))))
                        .await()
                        .atMost(WAIT));
        assertEquals(0L, log().head(stream).await().atMost(WAIT));
        log().inTransaction(tx -> tx.append(stream, ops("t", 2))).await().atMost(WAIT);
        assertEquals(2L, log().head(stream).await().atMost(WAIT));
    }

    @Test
    @DisplayName("oplog: published entries are appended later, in the order published")
    void publishedEntriesKeepTheirOrder() throws InterruptedException {
        String stream = stream();
        for (int i = 0; i < 50; i++) {
            log().publish(stream, List.of(new NewOperation("p" + i, "{}")));
        }
        eventually("everything published", () -> log().publishedAll(stream));
        List<LogEntry> read = log().read(stream, 0, 100).await().atMost(WAIT);
        assertEquals(
                IntStream.range(0, 50).mapToObj(i -> "p" + i).toList(),
                read.stream().map(LogEntry::operationId).toList());
    }

    @Test
    @DisplayName("feed: following from the head delivers what comes after it, once, in order")
    void followFromHeadDeliversWhatComesAfter() throws InterruptedException {
        String stream = stream();
        log().append(stream, ops("old", 2)).await().atMost(WAIT);
        List<String> received = new CopyOnWriteArrayList<>();
        ChangeFeed.Following following = feed().followFromHead(stream, entry -> received.add(entry.operationId()));
        try {
            assertTrue(following.awaitStarted(WAIT));
            log().append(stream, ops("new", 3)).await().atMost(WAIT);
            log().inTransaction(tx -> tx.append(stream, ops("tx", 1))).await().atMost(WAIT);
            eventually("four entries", () -> received.size() >= 4);
            Thread.sleep(200);
            assertEquals(List.of("new0", "new1", "new2", "tx0"), received);
        } finally {
            following.cancel();
        }
    }

    @Test
    @DisplayName("feed: a notify-only stream wakes its subscribers with the announced value, without a row")
    void noticesArriveWithoutRows() throws InterruptedException {
        String stream = stream();
        List<Long> seen = new CopyOnWriteArrayList<>();
        Cancellable subscription = feed().notices(stream).subscribe().with(seen::add);
        try {
            // the LISTEN connection may still be coming up: announce until heard
            long value = 0;
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (!seen.contains(value) || value == 0) {
                assertFalse(System.nanoTime() > deadline, "no notice heard");
                log().announce(stream, ++value);
                Thread.sleep(50);
            }
            assertEquals(0L, log().head(stream).await().atMost(WAIT));
        } finally {
            subscription.cancel();
        }
    }
}
