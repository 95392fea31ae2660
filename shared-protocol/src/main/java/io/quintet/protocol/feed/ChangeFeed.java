package io.quintet.protocol.feed;

import io.quintet.protocol.oplog.LogEntry;
import io.quintet.protocol.oplog.OperationLog;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
import io.smallrye.mutiny.subscription.MultiEmitter;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.pgclient.PgConnectOptions;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

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

    private final Vertx vertx;
    private final OperationLog log;
    private final PgSubscriber subscriber;
    private final Map<String, Set<Follower>> followers = new ConcurrentHashMap<>();
    private final Duration checkInterval;
    private volatile boolean closed;
    private long checkTimer = -1;

    private ChangeFeed(Vertx vertx, PgConnectOptions listenOptions, OperationLog log, Duration checkInterval) {
        this.checkInterval = checkInterval;
        this.vertx = vertx;
        this.log = log;
        this.subscriber = PgSubscriber.subscriber(vertx, listenOptions)
                // keep trying for ever: a replica whose database comes back must resume by itself
                .reconnectPolicy(attempt -> Math.min(5_000L, 100L * (1L << Math.min(attempt, 6))));
        subscriber.channel(log.channel())
                .handler(this::onNotification)
                .subscribeHandler(this::onSubscribed);
    }

    /** A feed for one operation log; call {@link #start()} before use. */
    public static ChangeFeed create(Vertx vertx, PgConnectOptions listenOptions, OperationLog log) {
        return create(vertx, listenOptions, log, DEFAULT_CHECK_INTERVAL);
    }

    public static ChangeFeed create(Vertx vertx, PgConnectOptions listenOptions, OperationLog log, Duration checkInterval) {
        if (checkInterval.isNegative() || checkInterval.isZero()) {
            throw new IllegalArgumentException("checkInterval must be positive");
        }
        return new ChangeFeed(Objects.requireNonNull(vertx), Objects.requireNonNull(listenOptions), Objects.requireNonNull(log),
                checkInterval);
    }

    /** Opens the listening connection and starts the periodic check. */
    public Uni<Void> start() {
        return subscriber.connect().invoke(() -> {
            checkTimer = vertx.setPeriodic(checkInterval.toMillis(), id -> checkHeads());
        });
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
        return Multi.createFrom().emitter(emitter -> {
            Follower follower = new Follower(stream, afterSequence, emitter, wanted);
            followers.computeIfAbsent(stream, s -> ConcurrentHashMap.newKeySet()).add(follower);
            emitter.onRequest(n -> follower.drain());
            emitter.onTermination(() -> {
                Set<Follower> set = followers.get(stream);
                if (set != null) set.remove(follower);
            });
            follower.signal();
        }, BackPressureStrategy.BUFFER);
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
    }

    /** Wakes followers that are behind their stream's head, whatever the notifications said. */
    private void checkHeads() {
        if (closed || followers.isEmpty()) {
            return;
        }
        log.heads(followers.keySet()).subscribe().with(heads -> heads.forEach((stream, head) -> {
            Set<Follower> set = followers.get(stream);
            if (set != null) {
                for (Follower f : set) {
                    f.announced(head);
                }
            }
        }), failure -> LOG.debugf(failure, "change feed head check failed"));
    }

    /** On first subscription and after every reconnect: catch up on what was missed meanwhile. */
    private void onSubscribed() {
        followers.values().forEach(set -> set.forEach(Follower::signal));
    }

    @Override
    public void close() {
        closed = true;
        if (checkTimer >= 0) {
            vertx.cancelTimer(checkTimer);
        }
        followers.values().forEach(set -> set.forEach(f -> f.emitter.complete()));
        followers.clear();
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
            log.read(stream, last.get(), limit).subscribe().with(batch -> {
                for (LogEntry entry : batch) {
                    if (entry.sequence() > last.get()) {
                        last.set(entry.sequence());
                        emitter.emit(entry);
                    }
                }
                if (batch.size() == limit) pending.set(true);
                reading.set(false);
                drain();
            }, failure -> {
                LOG.debugf(failure, "change feed read of %s failed, retrying", stream);
                pending.set(true);
                reading.set(false);
                vertx.setTimer(RETRY_MILLIS, id -> drain());
            });
        }
    }
}
