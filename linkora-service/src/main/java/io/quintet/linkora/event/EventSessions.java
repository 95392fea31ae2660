package io.quintet.linkora.event;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.buffer.Buffer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * The {@code /events} sockets open on this replica, by correlation id. Every open socket is kept,
 * also several with the same id (spec D13: the reference kept only the newest); closing one removes
 * only that one. A send that fails removes its socket (spec 9.3).
 */
@ApplicationScoped
public class EventSessions {

    private static final Logger LOG = Logger.getLogger(EventSessions.class);
    private static final Buffer PING = Buffer.buffer("linkora");

    private final Map<String, Set<EventSession>> byCorrelation = new ConcurrentHashMap<>();
    private final AtomicInteger open = new AtomicInteger();
    private final Counter sent;

    public EventSessions(MeterRegistry metrics) {
        Gauge.builder("linkora.events.sockets", open, AtomicInteger::get)
                .description("Open /events WebSockets on this replica")
                .register(metrics);
        this.sent = Counter.builder("linkora.events.sent")
                .description("Event frames written to /events WebSockets")
                .register(metrics);
    }

    void add(EventSession session) {
        byCorrelation
                .computeIfAbsent(session.correlationId(), id -> ConcurrentHashMap.newKeySet())
                .add(session);
        open.incrementAndGet();
    }

    void remove(EventSession session) {
        Set<EventSession> sessions = byCorrelation.get(session.correlationId());
        if (sessions != null && sessions.remove(session)) {
            open.decrementAndGet();
            byCorrelation.computeIfPresent(session.correlationId(), (id, set) -> set.isEmpty() ? null : set);
        }
    }

    /** How many sockets are open on this replica. */
    public int size() {
        return open.get();
    }

    /** Writes one event frame to every socket, the originator's included (spec 9.4). */
    void broadcast(String frame) {
        for (Set<EventSession> sessions : byCorrelation.values()) {
            for (EventSession session : sessions) {
                session.socket().writeTextMessage(frame).onComplete(done -> {
                    if (done.succeeded()) {
                        sent.increment();
                    } else {
                        LOG.debugf(
                                "event send failed, dropping the socket: %s",
                                done.cause().getMessage());
                        drop(session, (short) 1011, "Send failed");
                    }
                });
            }
        }
    }

    /**
     * One keep-alive round: closes sockets whose ping has gone unanswered for {@code pongTimeoutMillis},
     * pings the others.
     */
    void keepAlive(long now, long pongTimeoutMillis) {
        for (Set<EventSession> sessions : byCorrelation.values()) {
            for (EventSession session : sessions) {
                long since = session.awaitingPongSince();
                if (since != 0 && now - since >= pongTimeoutMillis) {
                    drop(session, (short) 1001, "Ping timeout");
                    continue;
                }
                session.pinged(now);
                session.socket().writePing(PING).onFailure(failure -> drop(session, (short) 1011, "Ping failed"));
            }
        }
    }

    private void drop(EventSession session, short code, String reason) {
        remove(session);
        if (!session.socket().isClosed()) {
            session.socket().close(code, reason);
        }
    }
}
