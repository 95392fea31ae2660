package io.quintet.linkora.event;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quintet.linkora.config.LinkoraConfig;
import io.quintet.protocol.feed.ChangeFeed;
import io.quintet.protocol.oplog.OperationLog;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Delivers events to this replica's sockets. Every event reaches the sockets only through the
 * shared operation log: whichever replica committed the mutation, each replica's follower reads
 * the entry from the log and writes its payload (the frame) to its own sockets. There is no
 * in-memory shortcut, so a socket on any replica sees the same events in the same (commit) order.
 * A replica without sockets passes over announced events without reading them.
 * Also drives the sockets' keep-alive and drops event entries older than the retention.
 */
@ApplicationScoped
public class EventFanOut {

    private static final Logger LOG = Logger.getLogger(EventFanOut.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final long LONGEST_DISCARD_PERIOD_MILLIS = 5 * 60 * 1_000;

    private final ChangeFeed feed;
    private final OperationLog log;
    private final EventSessions sessions;
    private final LinkoraConfig.Events settings;
    private final Vertx vertx;
    private volatile ChangeFeed.Following following;
    private long pingTimer = -1;
    private long discardTimer = -1;

    public EventFanOut(ChangeFeed feed, OperationLog log, EventSessions sessions, LinkoraConfig config, Vertx vertx) {
        this.feed = feed;
        this.log = log;
        this.sessions = sessions;
        this.settings = config.events();
        this.vertx = vertx;
    }

    /**
     * Follows from the head: events are live notifications, older ones concern nobody connected now.
     * The start waits for the head, so every event of a mutation answered after start-up is delivered.
     */
    void start(@Observes StartupEvent start) {
        following = feed.followFromHead(
                EventStream.NAME, () -> sessions.size() > 0, entry -> sessions.broadcast(entry.payloadJson()));
        following.awaitStarted(START_TIMEOUT);
        long pongTimeout = settings.pongTimeout().toMillis();
        pingTimer = vertx.setPeriodic(
                Math.max(100, settings.pingInterval().toMillis()),
                id -> sessions.keepAlive(System.currentTimeMillis(), pongTimeout));
        long discardEvery = Math.max(
                1_000,
                Math.min(LONGEST_DISCARD_PERIOD_MILLIS, settings.retention().toMillis()));
        discardTimer = vertx.setPeriodic(discardEvery, id -> discard());
    }

    void stop(@Observes ShutdownEvent stop) {
        if (pingTimer >= 0) {
            vertx.cancelTimer(pingTimer);
        }
        if (discardTimer >= 0) {
            vertx.cancelTimer(discardTimer);
        }
        ChangeFeed.Following current = following;
        if (current != null) {
            current.cancel();
        }
    }

    private void discard() {
        discardExpired()
                .subscribe()
                .with(
                        count -> {
                            if (count > 0) {
                                LOG.debugf("discarded %d delivered events", count);
                            }
                        },
                        failure -> LOG.debugf(failure, "discarding old events failed"));
    }

    /** Deletes the event entries older than {@code linkora.events.retention}; answers how many. */
    public Uni<Integer> discardExpired() {
        return log.discardOlderThan(EventStream.NAME, settings.retention());
    }
}
