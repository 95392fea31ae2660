package io.quintet.protocol.feed;

import io.quintet.protocol.oplog.LogEntry;
import io.quintet.protocol.oplog.OperationLog;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
import io.smallrye.mutiny.subscription.Cancellable;
import io.smallrye.mutiny.subscription.MultiEmitter;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.pgclient.PgConnectOptions;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Live operations across replicas: every replica that follows a stream receives each entry
 * appended to it by any replica, in sequence order, exactly once.
 *
 * <p>PostgreSQL {@code LISTEN/NOTIFY} only says <em>that</em> a stream moved ({@code stream:seq},
 * announced by the {@link OperationLog} after each commit); the entries themselves are always read
 * from the log. So a notification that is lost costs nothing but time: on every (re)subscription
 * each follower reads the log from the last sequence it delivered, and a periodic check of the
 * followed streams' heads catches an announcement lost to a writer's crash.
 */
public final class ChangeFeed implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ChangeFeed.class);
    private static final int BATCH = 500;
    private static final long RETRY_MILLIS = 500;
    /** How often followed streams' heads are compared with what followers delivered. */
    public static final Duration DEFAULT_CHECK_INTERVAL = Duration.ofSeconds(1);
    /**
     * The one retry policy for reaching the database from the feed (listening, reading a head):
     * exponential back-off from {@value #RETRY_FIRST_MILLIS} ms to {@value #RETRY_LONGEST_MILLIS} ms,
     * for ever, since a replica whose database comes back must resume by itself.
     */
    public static final long RETRY_FIRST_MILLIS = 200;

    public static final long RETRY_LONGEST_MILLIS = 5_000;

    private final Vertx vertx;
    private final OperationLog log;
    private final PgSubscriber subscriber;
    private final Map<String, Set<Follower>> followers = new ConcurrentHashMap<>();
    private final Map<String, Set<MultiEmitter<? super Long>>> noticeSubscribers = new ConcurrentHashMap<>();
    /** The highest value announced per notify-only stream since this feed started. */
    private final Map<String, Long> lastNotices = new ConcurrentHashMap<>();

    private final Duration checkInterval;
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile boolean closed;
    private volatile long checkTimer = -1;

    private ChangeFeed(Vertx vertx, PgConnectOptions listenOptions, OperationLog log, Duration checkInterval) {
        this.checkInterval = checkInterval;
        this.vertx = vertx;
        this.log = log;
        this.subscriber = PgSubscriber.subscriber(vertx, listenOptions)
                // keep trying for ever: a replica whose database comes back must resume by itself
                .reconnectPolicy(
                        attempt -> Math.min(RETRY_LONGEST_MILLIS, RETRY_FIRST_MILLIS * (1L << Math.min(attempt, 5))));
        subscriber.channel(log.channel()).handler(this::onNotification).subscribeHandler(this::onSubscribed);
    }

    /** A feed for one operation log; call {@link #start()} before use. */
    public static ChangeFeed create(Vertx vertx, PgConnectOptions listenOptions, OperationLog log) {
        return create(vertx, listenOptions, log, DEFAULT_CHECK_INTERVAL);
    }

    public static ChangeFeed create(
            Vertx vertx, PgConnectOptions listenOptions, OperationLog log, Duration checkInterval) {
        if (checkInterval.isNegative() || checkInterval.isZero()) {
            throw new IllegalArgumentException("checkInterval must be positive");
        }
        return new ChangeFeed(
                Objects.requireNonNull(vertx),
                Objects.requireNonNull(listenOptions),
                Objects.requireNonNull(log),
                checkInterval);
    }

    /**
     * Starts the periodic check and opens the listening connection, trying again under the feed's
     * retry policy until it is up; completes once listening. Until then followers still receive
     * everything, through the periodic check. Calling it again only waits for the connection.
     */
    public Uni<Void> start() {
        if (started.compareAndSet(false, true) && !closed) {
            checkTimer = vertx.setPeriodic(checkInterval.toMillis(), id -> checkHeads());
        }
        return retrying(
                Uni.createFrom()
                        .deferred(() -> subscriber.actualConnection() != null
                                ? Uni.createFrom().voidItem()
                                : subscriber.connect()),
                "listening on " + log.channel());
    }

    /**
     * {@code work} under the feed's retry policy: retried with back-off for ever, each failure
     * logged (a warning for the first, then quietly), so an outage does not flood the log.
     */
    public static <T> Uni<T> retrying(Uni<T> work, String what) {
        AtomicLong failures = new AtomicLong();
        return work.onFailure()
                .invoke(failure -> {
                    if (failures.incrementAndGet() == 1) {
                        LOG.warnf("%s failed (%s); retrying until the database answers", what, failure.getMessage());
                    } else {
                        LOG.debugf("%s failed again (%s)", what, failure.getMessage());
                    }
                })
                .onFailure()
                .retry()
                .withBackOff(Duration.ofMillis(RETRY_FIRST_MILLIS), Duration.ofMillis(RETRY_LONGEST_MILLIS))
                .indefinitely()
                .invoke(() -> {
                    if (failures.get() > 0) {
                        LOG.infof("%s succeeded after %d failed attempts", what, failures.get());
                    }
                });
    }

    /**
     * Follows {@code stream} from its current head: every entry appended after this call (by any
     * replica) reaches {@code consumer}, in order, once; older entries are not read. The head is
     * read under the feed's retry policy, and reads after it retry on their own, so the follow
     * survives database outages. A consumer that throws is logged and keeps receiving.
     *
     * @param wanted as for {@link #follow(String, long, BooleanSupplier)}
     * @return a handle whose {@link Following#started()} completes once the head is known (from then
     *         on nothing is missed) and whose {@link Following#cancel()} stops the follow
     */
    public Following followFromHead(String stream, BooleanSupplier wanted, Consumer<LogEntry> consumer) {
        Objects.requireNonNull(consumer, "consumer");
        Following following = new Following(stream);
        following.subscription = retrying(log.head(stream), "reading the head of " + stream)
                .invoke(following.head::complete)
                .onItem()
                .transformToMulti(head -> follow(stream, head, wanted))
                .subscribe()
                .with(
                        entry -> {
                            try {
                                consumer.accept(entry);
                            } catch (RuntimeException e) {
                                LOG.warnf(e, "follower of %s failed on entry %d", stream, entry.sequence());
                            }
                        },
                        failure -> LOG.errorf(failure, "following %s stopped", stream));
        return following;
    }

    /** {@link #followFromHead(String, BooleanSupplier, Consumer)} for a follower that always wants entries. */
    public Following followFromHead(String stream, Consumer<LogEntry> consumer) {
        return followFromHead(stream, () -> true, consumer);
    }

    /**
     * A notify-only stream: each value {@link OperationLog#announce announced} for {@code stream}
     * by any replica, without a row in the log or a read. Values are coalesced on the way (a
     * subscriber sees the latest, not necessarily every one; a slow subscriber gets only the
     * latest); announcements made while the listening connection was down are not replayed, but
     * after every (re)connection each subscriber gets a wake-up carrying the highest value seen so
     * far (0 if none), so it can look for itself. Pair it with a periodic check of one's own.
     */
    public Multi<Long> notices(String stream) {
        Objects.requireNonNull(stream, "stream");
        return Multi.createFrom()
                .<Long>emitter(
                        emitter -> {
                            noticeSubscribers
                                    .computeIfAbsent(stream, s -> ConcurrentHashMap.newKeySet())
                                    .add(emitter);
                            emitter.onTermination(() -> {
                                Set<MultiEmitter<? super Long>> set = noticeSubscribers.get(stream);
                                if (set != null) set.remove(emitter);
                            });
                        },
                        BackPressureStrategy.LATEST);
    }

    /** A follow started by {@link #followFromHead}. */
    public static final class Following {
        private final String stream;
        private final CompletableFuture<Long> head = new CompletableFuture<>();
        private volatile Cancellable subscription;

        private Following(String stream) {
            this.stream = stream;
        }

        /** Completes with the head the follow started after, once it is known. */
        public Uni<Long> started() {
            return Uni.createFrom().completionStage(head);
        }

        /**
         * Waits up to {@code timeout} for the head to be known, so that whatever happens after
         * this returns true is delivered; false (and a warning) if it took longer, the follow then
         * starts later by itself.
         */
        public boolean awaitStarted(Duration timeout) {
            try {
                head.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                return true;
            } catch (TimeoutException e) {
                LOG.warnf(
                        "following %s has not started within %s; it starts once the database answers", stream, timeout);
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (ExecutionException e) {
                return false;
            }
        }

        public void cancel() {
            Cancellable current = subscription;
            if (current != null) {
                current.cancel();
            }
        }
    }

    /**
     * Every entry of {@code stream} after {@code afterSequence}: first what is already stored, then
     * what any replica appends, without gaps or repeats, for as long as the subscriber stays.
     */
    public Multi<LogEntry> follow(String stream, long afterSequence) {
        return follow(stream, afterSequence, () -> true);
    }

    /**
     * Like {@link #follow(String, long)}, for a follower whose entries only matter while
     * {@code wanted} says so (live notifications with nobody to notify): while it answers false,
     * announced entries are passed over without being read, so an idle follower costs no query.
     * Entries already being read, and those stored before the subscription, are still emitted.
     */
    public Multi<LogEntry> follow(String stream, long afterSequence, BooleanSupplier wanted) {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(wanted, "wanted");
        return Multi.createFrom()
                .emitter(
                        emitter -> {
                            Follower follower = new Follower(stream, afterSequence, emitter, wanted);
                            followers
                                    .computeIfAbsent(stream, s -> ConcurrentHashMap.newKeySet())
                                    .add(follower);
                            emitter.onRequest(n -> follower.drain());
                            emitter.onTermination(() -> {
                                Set<Follower> set = followers.get(stream);
                                if (set != null) set.remove(follower);
                            });
                            follower.signal();
                        },
                        BackPressureStrategy.BUFFER);
    }

    /** Whether the listening connection is currently up. */
    public boolean isListening() {
        return !closed && !subscriber.closed() && subscriber.actualConnection() != null;
    }

    private void onNotification(String payload) {
        int colon = payload.lastIndexOf(':');
        if (colon <= 0) {
            return;
        }
        String stream = payload.substring(0, colon);
        long sequence;
        try {
            sequence = Long.parseLong(payload.substring(colon + 1));
        } catch (NumberFormatException e) {
            return;
        }
        Set<Follower> set = followers.get(stream);
        if (set != null) {
            for (Follower f : set) {
                f.announced(sequence);
            }
        }
        Set<MultiEmitter<? super Long>> noticed = noticeSubscribers.get(stream);
        if (noticed != null) {
            long latest = lastNotices.merge(stream, sequence, Math::max);
            noticed.forEach(emitter -> emitter.emit(latest));
        }
    }

    /** Wakes followers that are behind their stream's head, whatever the notifications said. */
    private void checkHeads() {
        if (closed || followers.isEmpty()) {
            return;
        }
        log.heads(followers.keySet())
                .subscribe()
                .with(
                        heads -> heads.forEach((stream, head) -> {
                            Set<Follower> set = followers.get(stream);
                            if (set != null) {
                                for (Follower f : set) {
                                    f.announced(head);
                                }
                            }
                        }),
                        failure -> LOG.debugf(failure, "change feed head check failed"));
    }

    /** On first subscription and after every reconnect: catch up on what was missed meanwhile. */
    private void onSubscribed() {
        followers.values().forEach(set -> set.forEach(Follower::signal));
        noticeSubscribers.forEach((stream, set) -> {
            long latest = lastNotices.getOrDefault(stream, 0L);
            set.forEach(emitter -> emitter.emit(latest));
        });
    }

    @Override
    public void close() {
        closed = true;
        if (checkTimer >= 0) {
            vertx.cancelTimer(checkTimer);
        }
        followers.values().forEach(set -> set.forEach(f -> f.emitter.complete()));
        followers.clear();
        noticeSubscribers.values().forEach(set -> set.forEach(MultiEmitter::complete));
        noticeSubscribers.clear();
        subscriber.closeAndForget();
    }

    /**
     * One subscriber's position. Reads are serialized (one in flight) so entries leave in sequence
     * order; {@code pending} records that the stream may have moved since the last read.
     */
    private final class Follower {
        final String stream;
        final AtomicLong last;
        final MultiEmitter<? super LogEntry> emitter;
        final AtomicBoolean pending = new AtomicBoolean();
        final AtomicBoolean reading = new AtomicBoolean();
        final BooleanSupplier wanted;

        Follower(String stream, long after, MultiEmitter<? super LogEntry> emitter, BooleanSupplier wanted) {
            this.stream = stream;
            this.last = new AtomicLong(after);
            this.emitter = emitter;
            this.wanted = wanted;
        }

        /** The stream reached {@code head}: read up to it, or pass over it when nothing is wanted now. */
        void announced(long head) {
            if (last.get() >= head) {
                return;
            }
            if (!wanted.getAsBoolean() && !reading.get() && !pending.get()) {
                // a read racing this sees last moved and drops what it read up to head
                last.accumulateAndGet(head, Math::max);
                return;
            }
            signal();
        }

        void signal() {
            pending.set(true);
            drain();
        }

        /** Reads only as much as the subscriber asked for, so a slow consumer holds no backlog in memory. */
        void drain() {
            if (closed || emitter.isCancelled() || !reading.compareAndSet(false, true)) {
                return;
            }
            long demand = emitter.requested();
            if (demand <= 0 || !pending.get()) {
                reading.set(false);
                if (pending.get() && emitter.requested() > 0) drain();
                return;
            }
            pending.set(false);
            int limit = (int) Math.min(BATCH, demand);
            log.read(stream, last.get(), limit)
                    .subscribe()
                    .with(
                            batch -> {
                                for (LogEntry entry : batch) {
                                    if (entry.sequence() > last.get()) {
                                        last.set(entry.sequence());
                                        emitter.emit(entry);
                                    }
                                }
                                if (batch.size() == limit) pending.set(true);
                                reading.set(false);
                                drain();
                            },
                            failure -> {
                                LOG.debugf(failure, "change feed read of %s failed, retrying", stream);
                                pending.set(true);
                                reading.set(false);
                                vertx.setTimer(RETRY_MILLIS, id -> drain());
                            });
        }
    }
}
