package io.quintet.kora.transport;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quintet.kora.config.KoraConfig;
import io.quintet.kora.session.SessionService;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The HTTP polling sessions, keyed by {@code X-Kora-Client-Id} or else the bearer token. A
 * session idle (no GET or POST) for longer than {@code kora.http-idle-timeout} is closed, so a
 * client that went away stops accumulating relays (kora.md 2.2 decision).
 *
 * <p>Any request opens a session, authenticated or not, so sessions without an accepted handshake
 * are bounded ({@value #MAX_PENDING}) and short-lived ({@value #PENDING_MILLIS} ms), and do not
 * count against {@code kora.max-connections} (issue 18: fresh client ids locked out real clients).
 */
@ApplicationScoped
public class HttpSessions {

    /** Most sessions without an accepted handshake at once; beyond it new keys are refused for a while. */
    static final int MAX_PENDING = 1_000;
    /** How long a session may stay without an accepted handshake. */
    static final long PENDING_MILLIS = 10_000;

    private final Map<String, HttpSession> sessions = new ConcurrentHashMap<>();
    private final SessionService service;
    private final Vertx vertx;
    private final long idleMillis;
    private long timer = -1;

    public HttpSessions(SessionService service, Vertx vertx, KoraConfig config) {
        this.service = service;
        this.vertx = vertx;
        this.idleMillis = config.httpIdleTimeout().toMillis();
    }

    void start(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(Math.max(100, Math.min(PENDING_MILLIS / 4, idleMillis / 4)), id -> expireIdle());
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) vertx.cancelTimer(timer);
    }

    /**
     * The live session for {@code key}, opened on first use (a closed one is replaced); null when
     * too many sessions are waiting for their handshake.
     */
    Uni<HttpSession> session(String key) {
        HttpSession existing = sessions.get(key);
        if (existing != null && !existing.isOpen() && existing.head() == null) {
            // closed and drained (refused handshake, max connections): the next request starts afresh
            sessions.remove(key, existing);
            existing = null;
        }
        if (existing != null) {
            existing.touch();
            return Uni.createFrom().item(existing);
        }
        if (sessions.size() >= MAX_PENDING && pending() >= MAX_PENDING) {
            return Uni.createFrom().nullItem();
        }
        HttpSession[] holder = new HttpSession[1];
        HttpSession created = new HttpSession(newId(key), () -> service.closed(holder[0].id));
        holder[0] = created;
        HttpSession raced = sessions.putIfAbsent(key, created);
        if (raced != null) {
            raced.touch();
            return Uni.createFrom().item(raced);
        }
        return service.open(created.id, created).replaceWith(created);
    }

    static String newId(String seed) {
        return "http-" + System.nanoTime() + "-" + Integer.toHexString(seed.hashCode());
    }

    SessionService service() {
        return service;
    }

    private int pending() {
        int n = 0;
        for (HttpSession session : sessions.values()) {
            if (!service.handshaken(session.id)) n++;
        }
        return n;
    }

    void expireIdle() {
        long now = System.currentTimeMillis();
        sessions.forEach((key, session) -> {
            boolean idle = now - session.lastActivity() > idleMillis;
            boolean unaccepted = now - session.createdAt() > PENDING_MILLIS && !service.handshaken(session.id);
            if ((idle || unaccepted) && sessions.remove(key, session)) {
                session.markClosed();
                service.closed(session.id);
            }
        });
    }
}
