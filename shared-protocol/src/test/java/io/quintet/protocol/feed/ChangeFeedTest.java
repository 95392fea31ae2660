package io.quintet.protocol.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quintet.protocol.oplog.LogEntry;
import io.quintet.protocol.oplog.NewOperation;
import io.quintet.protocol.testing.OplogDatabase;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import io.smallrye.mutiny.subscription.Cancellable;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ChangeFeedTest {

    static OplogDatabase db;

    @BeforeAll
    static void start() {
        db = new OplogDatabase("feed_test", "feedsvc", 8);
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    static List<NewOperation> ops(String prefix, int n) {
        return IntStream.range(0, n)
                .mapToObj(i -> new NewOperation(prefix + i, "{}"))
                .toList();
    }

    static void eventually(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting: " + what);
            Thread.sleep(20);
        }
    }

    static void assertGapFree(List<LogEntry> entries, long from, long to) {
        assertEquals(to - from + 1, entries.size(), "count");
        for (int i = 0; i < entries.size(); i++) {
            assertEquals(from + i, entries.get(i).sequence());
        }
    }

    /** Two replicas each with their own feed: what either appends reaches followers on both. */
    @Test
    void appendsReachFollowersOnEveryReplica() throws Exception {
        String s = "feed-" + UUID.randomUUID();
        try (ChangeFeed replicaA = ChangeFeed.create(db.vertx, db.connectOptions(), db.log);
                ChangeFeed replicaB = ChangeFeed.create(db.vertx, db.connectOptions(), db.log)) {
            replicaA.start().await().atMost(Duration.ofSeconds(10));
            replicaB.start().await().atMost(Duration.ofSeconds(10));
            db.log.append(s, ops("before", 2)).await().indefinitely();

            List<LogEntry> onA = new CopyOnWriteArrayList<>();
            List<LogEntry> onB = new CopyOnWriteArrayList<>();
            Cancellable a = replicaA.follow(s, 0).subscribe().with(onA::add);
            Cancellable b = replicaB.follow(s, 1).subscribe().with(onB::add);
            eventually("catch-up", () -> onA.size() == 2 && onB.size() == 1);

            for (int i = 0; i < 20; i++) {
                db.log.append(s, ops("live" + i + "-", 3)).await().indefinitely();
            }
            eventually("live entries", () -> onA.size() == 62 && onB.size() == 61);
            assertGapFree(onA, 1, 62);
            assertGapFree(onB, 2, 62);
            a.cancel();
            b.cancel();
        }
    }

    /** Appends made in one transaction reach followers only if it commits, and then without delay. */
    @Test
    void transactionalAppendsAreAnnouncedOnlyAfterCommit() throws Exception {
        String s = "tx-" + UUID.randomUUID();
        try (ChangeFeed feed = ChangeFeed.create(db.vertx, db.connectOptions(), db.log, Duration.ofHours(1))) {
            feed.start().await().atMost(Duration.ofSeconds(10));
            List<LogEntry> received = new CopyOnWriteArrayList<>();
            Cancellable sub = feed.follow(s, 0).subscribe().with(received::add);

            try {
                db.log
                        .inTransaction(tx -> tx.append(s, ops("rolled-back", 2))
                                .chain(x -> tx.connection().query("SELECT 1/0").execute()))
                        .await()
                        .indefinitely();
            } catch (Exception expected) {
                // the division fails and takes the append with it
            }
            db.log.inTransaction(tx -> tx.append(s, ops("kept", 3))).await().indefinitely();
            // the periodic check is an hour away: only the announcement can deliver these
            eventually("committed entries", () -> received.size() == 3);
            Thread.sleep(200);
            assertEquals(
                    List.of("kept0", "kept1", "kept2"),
                    received.stream().map(LogEntry::operationId).toList());
            assertGapFree(received, 1, 3);
            sub.cancel();
        }
    }

    /** A writer that committed but never announced (it crashed in between) is caught by the periodic check. */
    @Test
    void anUnannouncedAppendIsDeliveredByThePeriodicCheck() throws Exception {
        String s = "silent-" + UUID.randomUUID();
        try (ChangeFeed feed = ChangeFeed.create(db.vertx, db.connectOptions(), db.log, Duration.ofMillis(200))) {
            feed.start().await().atMost(Duration.ofSeconds(10));
            List<LogEntry> received = new CopyOnWriteArrayList<>();
            Cancellable sub = feed.follow(s, 0).subscribe().with(received::add);
            // append in a transaction we commit ourselves, without announcing
            db.pool
                    .withTransaction(c -> db.log.append(c, s, ops("quiet", 4)))
                    .await()
                    .indefinitely();
            eventually("periodic check", () -> received.size() == 4);
            assertGapFree(received, 1, 4);
            sub.cancel();
        }
    }

    /** A follower reads only what its subscriber asked for: a slow consumer holds no backlog. */
    @Test
    void aFollowerReadsOnlyWhatItsSubscriberRequested() throws Exception {
        String s = "demand-" + UUID.randomUUID();
        try (ChangeFeed feed = ChangeFeed.create(db.vertx, db.connectOptions(), db.log)) {
            feed.start().await().atMost(Duration.ofSeconds(10));
            db.log.append(s, ops("x", 1_000)).await().indefinitely();
            AssertSubscriber<LogEntry> subscriber =
                    feed.follow(s, 0).subscribe().withSubscriber(AssertSubscriber.create(10));
            eventually("first ten", () -> subscriber.getItems().size() == 10);
            db.log.append(s, ops("y", 10)).await().indefinitely();
            Thread.sleep(300);
            assertEquals(10, subscriber.getItems().size(), "no more than requested");
            subscriber.request(1_000);
            eventually("the rest", () -> subscriber.getItems().size() == 1_010);
            assertGapFree(subscriber.getItems(), 1, 1_010);
            subscriber.cancel();
        }
    }

    /** While a follower wants nothing, announced entries are passed over; once it wants again, new ones arrive. */
    @Test
    void anIdleFollowerPassesOverAnnouncedEntries() throws Exception {
        String s = "idle-" + UUID.randomUUID();
        try (ChangeFeed feed = ChangeFeed.create(db.vertx, db.connectOptions(), db.log, Duration.ofMillis(200))) {
            feed.start().await().atMost(Duration.ofSeconds(10));
            AtomicBoolean wanted = new AtomicBoolean();
            List<LogEntry> received = new CopyOnWriteArrayList<>();
            Cancellable sub = feed.follow(s, 0, wanted::get).subscribe().with(received::add);
            Thread.sleep(200);
            db.log.append(s, ops("unwanted", 3)).await().indefinitely();
            // an announcement and a few periodic checks go by
            Thread.sleep(700);
            assertTrue(received.isEmpty(), "nothing read while unwanted: " + received);

            wanted.set(true);
            db.log.append(s, ops("wanted", 2)).await().indefinitely();
            eventually("wanted entries", () -> received.size() == 2);
            Thread.sleep(300);
            assertEquals(
                    List.of("wanted0", "wanted1"),
                    received.stream().map(LogEntry::operationId).toList());
            assertGapFree(received, 4, 5);
            sub.cancel();
        }
    }

    /** The listening connection is killed; what is appended meanwhile arrives after it reconnects. */
    @Test
    void aReconnectingListenerCatchesUpFromTheLog() throws Exception {
        String s = "reconnect-" + UUID.randomUUID();
        try (ChangeFeed feed = ChangeFeed.create(db.vertx, db.connectOptions(), db.log)) {
            feed.start().await().atMost(Duration.ofSeconds(10));
            List<LogEntry> received = new CopyOnWriteArrayList<>();
            Cancellable sub = feed.follow(s, 0).subscribe().with(received::add);

            db.log.append(s, ops("a", 5)).await().indefinitely();
            eventually("first entries", () -> received.size() == 5);

            long killed = db.pool
                    .query("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                            + "WHERE datname = current_database() AND query LIKE 'LISTEN%'")
                    .execute()
                    .await()
                    .indefinitely()
                    .iterator()
                    .next()
                    .getLong(0);
            assertTrue(killed >= 1, "the listener's connection was terminated");
            // written while no one listens: no notification will ever arrive for these
            db.log.append(s, ops("b", 7)).await().indefinitely();

            eventually("catch-up after reconnect", () -> received.size() == 12);
            eventually("listening again", feed::isListening);
            db.log.append(s, ops("c", 3)).await().indefinitely();
            eventually("live after reconnect", () -> received.size() == 15);
            Thread.sleep(200);
            assertGapFree(received, 1, 15);
            sub.cancel();
        }
    }
}
