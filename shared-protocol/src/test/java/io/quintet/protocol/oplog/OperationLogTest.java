package io.quintet.protocol.oplog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quintet.protocol.testing.OplogDatabase;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OperationLogTest {

    static OplogDatabase db;
    static OperationLog log;

    @BeforeAll
    static void start() {
        db = new OplogDatabase("oplog_test", "svc", 24);
        log = db.log;
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    static String stream() {
        return "s-" + UUID.randomUUID();
    }

    static List<NewOperation> ops(String prefix, int n) {
        return IntStream.range(0, n)
                .mapToObj(i -> new NewOperation(prefix + i, "{\"n\":" + i + "}"))
                .toList();
    }

    static <T> T await(Uni<T> uni) {
        return uni.await().atMost(Duration.ofSeconds(30));
    }

    @Test
    void appendsNumberEachStreamFromOneInOrder() {
        String a = stream();
        String b = stream();
        List<Appended> first = await(log.append(a, ops("a", 3)));
        assertEquals(List.of(1L, 2L, 3L), first.stream().map(Appended::sequence).toList());
        assertEquals(
                List.of(4L, 5L),
                await(log.append(a, ops("a2-", 2))).stream()
                        .map(Appended::sequence)
                        .toList());
        assertEquals(1L, await(log.append(b, ops("b", 1))).get(0).sequence());
        assertEquals(5L, await(log.head(a)));
        assertEquals(0L, await(log.head(stream())));
        List<LogEntry> read = await(log.read(a, 0, 100));
        assertEquals(5, read.size());
        assertEquals("{\"n\": 0}", read.get(0).payloadJson());
        assertEquals("a0", read.get(0).operationId());
    }

    @Test
    void ephemeralAppendsAreNumberedLikeOthersAndConcurrentOnesStayGapFree() {
        String s = stream();
        await(log.append(s, ops("durable", 2)));
        List<Uni<List<Appended>>> concurrent = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            concurrent.add(log.appendEphemeral(s, ops("e" + i + "-", 3)));
        }
        await(Uni.join().all(concurrent).andFailFast());
        List<LogEntry> all = await(log.read(s, 0, 100));
        assertEquals(62, all.size());
        for (int i = 0; i < all.size(); i++) {
            assertEquals(i + 1L, all.get(i).sequence());
        }
        assertEquals(62L, await(log.head(s)));
    }

    @Test
    void discardingOldEntriesKeepsFreshOnesAndNeverReusesSequences() {
        String s = stream();
        String other = stream();
        await(log.append(s, ops("old", 3)));
        await(log.append(other, ops("o", 1)));
        await(db.pool
                .query("UPDATE svc.oplog SET recorded_at = now() - interval '2 hours' WHERE stream = '" + s + "'")
                .execute());
        await(log.append(s, ops("fresh", 1)));
        assertEquals(3, await(log.discardOlderThan(s, Duration.ofHours(1))));
        List<LogEntry> left = await(log.read(s, 0, 10));
        assertEquals(1, left.size());
        assertEquals(4L, left.get(0).sequence());
        assertEquals(1, await(log.read(other, 0, 10)).size(), "other streams untouched");
        assertEquals(5L, await(log.append(s, ops("next", 1))).get(0).sequence());
    }

    @Test
    void appendIsIdempotentByOperationId() {
        String s = stream();
        await(log.append(s, ops("op", 3)));
        List<Appended> retry = await(log.append(
                s,
                List.of(
                        new NewOperation("op1", "{\"changed\":true}"),
                        new NewOperation("new", "{}"),
                        new NewOperation("new", "{\"second\":1}"))));
        assertEquals(new Appended("op1", 2, true), retry.get(0));
        assertEquals(new Appended("new", 4, false), retry.get(1));
        assertEquals(new Appended("new", 4, true), retry.get(2));
        List<LogEntry> all = await(log.read(s, 0, 100));
        assertEquals(4, all.size(), "duplicates stored once");
        assertEquals("{}", all.get(3).payloadJson());
        assertEquals("{\"n\": 1}", all.get(1).payloadJson(), "a retry never overwrites");
        assertEquals(4L, await(log.head(s)), "no gap left by the duplicates");
    }

    @Test
    void aRetryInsideTheCallersTransactionIsReportedAndTheTransactionCommits() {
        String s = stream();
        await(log.append(s, ops("op", 2)));
        List<Appended> inTx = await(log.inTransaction(tx -> tx.append(s, ops("op", 3))));
        assertEquals(
                List.of(new Appended("op0", 1, true), new Appended("op1", 2, true), new Appended("op2", 3, false)),
                inTx);
        assertEquals(3, await(log.read(s, 0, 10)).size());
    }

    @Test
    void aFailedTransactionLeavesNothingBehind() {
        String s = stream();
        await(log.append(s, ops("ok", 1)));
        assertThrows(
                Exception.class,
                () -> await(db.pool.withTransaction(c -> log.append(c, s, ops("lost", 2))
                        .chain(x -> c.query("SELECT 1/0").execute()))));
        assertEquals(1L, await(log.head(s)));
        assertEquals(2L, await(log.append(s, ops("next", 1))).get(0).sequence());
        assertEquals(2, await(log.read(s, 0, 10)).size());
    }

    @Test
    void reservedNumbersAreContiguousCommitOrderedAndShareTheStreamWithAppends() throws Exception {
        String s = stream();
        await(log.append(s, ops("a", 2)));
        long top = await(db.pool.<Long>withTransaction(c -> log.reserve(c, s, 3)));
        assertEquals(5L, top);
        assertEquals(5L, await(log.head(s)));
        assertEquals(6L, await(log.append(s, ops("b", 1))).get(0).sequence());
        // a rolled-back reservation leaves the head where it was
        assertThrows(
                Exception.class,
                () -> await(db.pool.withTransaction(c ->
                        log.reserve(c, s, 10).chain(x -> c.query("SELECT 1/0").execute()))));
        assertEquals(6L, await(log.head(s)));
        // a second reservation waits for the first one's commit, so its numbers come after
        java.util.concurrent.CompletableFuture<Void> firstHolds = new java.util.concurrent.CompletableFuture<>();
        java.util.concurrent.CompletableFuture<Long> first = db.pool
                .withTransaction(c -> log.reserve(c, s, 2)
                        .invoke(() -> firstHolds.complete(null))
                        .call(() -> c.query("SELECT pg_sleep(0.5)").execute()))
                .subscribeAsCompletionStage();
        firstHolds.get(30, java.util.concurrent.TimeUnit.SECONDS);
        long second = await(db.pool.<Long>withTransaction(c -> log.reserve(c, s, 1)));
        assertEquals(8L, first.get(30, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(9L, second);
        assertThrows(IllegalStateException.class, () -> await(db.pool.<Long>withConnection(c -> log.reserve(c, s, 1))));
    }

    @Test
    void invalidPayloadIsRefusedWithoutHalfState() {
        String s = stream();
        assertThrows(Exception.class, () -> await(log.append(s, List.of(new NewOperation("x", "{not json")))));
        assertEquals(0L, await(log.head(s)));
    }

    @Test
    void readSinceStreamsLongLogsInBoundedBatches() {
        String s = stream();
        int total = 20_000;
        for (int i = 0; i < total; i += 1_000) {
            await(log.append(s, ops("r" + i + "-", 1_000)));
        }
        AtomicLong expected = new AtomicLong(100);
        AtomicLong count = new AtomicLong();
        log.readSince(s, 100, 700).subscribe().asStream().forEach(e -> {
            assertEquals(expected.incrementAndGet(), e.sequence());
            count.incrementAndGet();
        });
        assertEquals(total - 100, count.get());
        assertEquals(
                0,
                log.readSince(s, total, 700)
                        .collect()
                        .asList()
                        .await()
                        .atMost(Duration.ofSeconds(5))
                        .size());
    }

    /**
     * The failure the log exists to prevent, shown first on a plain sequence: the writer that took
     * number 1 commits after the writer that took number 2, and a reader that saw 2 skips 1 for ever.
     */
    @Test
    void outOfOrderCommitsLoseRowsOnAPlainSequenceButNotInTheLog() throws Exception {
        await(db.pool
                .query("CREATE TABLE IF NOT EXISTS svc.naive (seq bigserial PRIMARY KEY, v text)")
                .execute());
        long base = await(db.pool
                        .query("SELECT coalesce(max(seq), 0) FROM svc.naive")
                        .execute())
                .iterator()
                .next()
                .getLong(0);
        SqlConnection c1 = await(db.pool.getConnection());
        SqlConnection c2 = await(db.pool.getConnection());
        try {
            Transaction t1 = await(c1.begin());
            Transaction t2 = await(c2.begin());
            await(c1.query("INSERT INTO svc.naive (v) VALUES ('first')").execute());
            await(c2.query("INSERT INTO svc.naive (v) VALUES ('second')").execute());
            await(t2.commit());
            long cursor = await(db.pool
                            .query("SELECT max(seq) FROM svc.naive WHERE seq > " + base)
                            .execute())
                    .iterator()
                    .next()
                    .getLong(0);
            await(t1.commit());
            long missed = await(db.pool
                            .query("SELECT count(*) FROM svc.naive WHERE seq > " + base + " AND seq <= " + cursor
                                    + " AND v = 'first'")
                            .execute())
                    .iterator()
                    .next()
                    .getLong(0);
            assertEquals(1, missed, "the plain sequence let the reader pass a row that committed later");
        } finally {
            c1.closeAndAwait();
            c2.closeAndAwait();
        }

        String s = stream();
        SqlConnection w1 = await(db.pool.getConnection());
        SqlConnection w2 = await(db.pool.getConnection());
        try {
            Transaction t1 = await(w1.begin());
            Transaction t2 = await(w2.begin());
            await(log.append(w1, s, ops("first", 1)));
            CompletableFuture<List<Appended>> second =
                    log.append(w2, s, ops("second", 1)).subscribeAsCompletionStage();
            Thread.sleep(300);
            assertFalse(second.isDone(), "the second writer waits for the first commit before it is numbered");
            assertTrue(await(log.read(s, 0, 10)).isEmpty());
            await(t1.commit());
            assertEquals(2L, second.get(10, TimeUnit.SECONDS).get(0).sequence());
            List<LogEntry> seen = await(log.read(s, 0, 10));
            assertEquals(
                    List.of("first0"), seen.stream().map(LogEntry::operationId).toList());
            await(t2.commit());
            assertEquals(
                    List.of("second0"),
                    await(log.read(s, seen.get(0).sequence(), 10)).stream()
                            .map(LogEntry::operationId)
                            .toList());
        } finally {
            w1.closeAndAwait();
            w2.closeAndAwait();
        }
    }

    /**
     * Eight writers hold their transactions open for random times, so commits land in every order,
     * while a reader polls "since my cursor" as fast as it can. The reader must see every committed
     * operation exactly once, with no gap in the sequence it observes.
     */
    @Test
    void aReaderNeverMissesARowUnderConcurrentOutOfOrderCommits() throws Exception {
        String s = stream();
        int writers = 8;
        int transactionsPerWriter = 25;
        Set<String> committed = ConcurrentHashMap.newKeySet();
        AtomicBoolean done = new AtomicBoolean();

        List<String> seenIds = Collections.synchronizedList(new ArrayList<>());
        List<Long> seenSeqs = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> {
            long cursor = 0;
            while (true) {
                boolean finished = done.get();
                List<LogEntry> batch = await(log.read(s, cursor, 50));
                for (LogEntry e : batch) {
                    seenIds.add(e.operationId());
                    seenSeqs.add(e.sequence());
                    cursor = e.sequence();
                }
                if (finished && batch.isEmpty()) return;
            }
        });

        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            all.add(CompletableFuture.runAsync(() -> {
                for (int t = 0; t < transactionsPerWriter; t++) {
                    List<NewOperation> batch = ops(
                            "w" + writer + "t" + t + "-",
                            1 + ThreadLocalRandom.current().nextInt(4));
                    int holdMillis = ThreadLocalRandom.current().nextInt(1, 6);
                    await(db.pool.withTransaction(c -> log.append(c, s, batch)
                            .call(() -> Uni.createFrom()
                                    .voidItem()
                                    .onItem()
                                    .delayIt()
                                    .by(Duration.ofMillis(holdMillis)))));
                    batch.forEach(op -> committed.add(op.operationId()));
                }
            }));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        done.set(true);
        reader.get(60, TimeUnit.SECONDS);

        assertEquals(committed, new TreeSet<>(seenIds), "the reader saw every committed operation");
        assertEquals(committed.size(), seenIds.size(), "and each exactly once");
        for (int i = 0; i < seenSeqs.size(); i++) {
            assertEquals(i + 1L, seenSeqs.get(i), "no gap at position " + i);
        }
    }
}
