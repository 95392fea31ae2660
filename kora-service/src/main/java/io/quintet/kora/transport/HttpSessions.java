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
 */
@ApplicationScoped
public class HttpSessions {

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
        timer = vertx.setPeriodic(Math.max(100, Math.min(10_000, idleMillis / 4)), id -> expireIdle());
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) vertx.cancelTimer(timer);
    }

    /** The live session for {@code key}, opened on first use; null while a closed one is still known. */
    Uni<HttpSession> session(String key) {
        HttpSession existing = sessions.get(key);
        if (existing != null) {
            existing.touch();
            return Uni.createFrom().item(existing);
        }
        String id = "http-" + System.nanoTime() + "-" + Integer.toHexString(key.hashCode());
        HttpSession created = new HttpSession(id, () -> service.closed(id));
        HttpSession raced = sessions.putIfAbsent(key, created);
        if (raced != null) {
            raced.touch();
            return Uni.createFrom().item(raced);
        }
        return service.open(created.id, created).replaceWith(created);
    }

    SessionService service() {
        return service;
    }

    void expireIdle() {
        long now = System.currentTimeMillis();
        sessions.forEach((key, session) -> {
            if (now - session.lastActivity() > idleMillis && sessions.remove(key, session)) {
                session.markClosed();
                service.closed(session.id);
            }
        });
    }
}
