package io.quintet.objectstore.session;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongConsumer;

/**
 * The sessions of this replica: by connection and by logged-in client ID (a second login with the
 * same client ID replaces the first, 12.9), woken by every history append (live push), swept for
 * missed heartbeats.
 */
@Singleton
public class SessionRegistry {

    private final Map<String, Session> byConnection = new ConcurrentHashMap<>();
    private final Map<String, Session> byClient = new ConcurrentHashMap<>();
    private final SyncServices services;
    /** Live pushes rendered and encoded once per fan-out for the clients that read them alike. */
    final SharedPushes pushes = new SharedPushes();

    private final LongConsumer wake = head -> byConnection.values().forEach(Session::historyAdvanced);
    private long sweeper = -1;

    public SessionRegistry(SyncServices services) {
        this.services = services;
    }

    @PostConstruct
    void start() {
        services.messages.attach(this);
        services.history.listen(wake);
        services.metrics.gauge("client_txs_behind", () -> {
            long head = services.history.head();
            long most = 0;
            for (Session s : byConnection.values()) most = Math.max(most, s.txsBehind(head));
            return most;
        });
        sweeper = services.vertx.setPeriodic(1000, id -> byConnection.values().forEach(Session::checkHeartbeat));
    }

    @PreDestroy
    void stop() {
        services.history.unlisten(wake);
        if (sweeper >= 0) services.vertx.cancelTimer(sweeper);
        byConnection.values().forEach(s -> s.close(1001, "server shutting down"));
    }

    void opened(String connectionId, Session session) {
        byConnection.put(connectionId, session);
        services.metrics.connected(1);
    }

    Session session(String connectionId) {
        return byConnection.get(connectionId);
    }

    void closed(String connectionId) {
        Session s = byConnection.remove(connectionId);
        if (s != null) {
            services.metrics.connected(-1);
            if (s.clientId() != null) byClient.remove(s.clientId(), s);
            s.closed();
        }
    }

    /** Registers a logged-in client; answers the older live session it replaces, if any. */
    Session claim(String clientId, Session session) {
        return byClient.put(clientId, session);
    }

    boolean taken(String clientId) {
        Session s = byClient.get(clientId);
        return s != null && s.isOpen();
    }

    int broadcast(ObjectNode message) {
        int sent = 0;
        for (Session s : byClient.values()) {
            if (s.isOpen()) {
                s.send(message);
                sent++;
            }
        }
        return sent;
    }

    public Collection<Session> sessions() {
        return byConnection.values();
    }

    /** Logged-in clients of this replica, for the admin API. */
    public java.util.List<Session.ClientView> clients() {
        long head = services.history.head();
        return byClient.values().stream()
                .filter(Session::isOpen)
                .map(s -> s.view(head))
                .sorted(java.util.Comparator.comparing(Session.ClientView::clientId))
                .toList();
    }

    /** Logged-in clients per schema version ID, for the schema versions view. */
    public Map<Integer, Long> clientsPerVersion() {
        return clients().stream()
                .filter(c -> c.schemaVersion() != null)
                .collect(java.util.stream.Collectors.groupingBy(
                        Session.ClientView::schemaVersion, java.util.stream.Collectors.counting()));
    }

    /**
     * Disconnects every client with 1001 (12.10: switching schema version): they reconnect, log in
     * again and resolve their schema anew (2.14).
     */
    public int disconnectAll(String reason) {
        int closed = 0;
        for (Session s : byConnection.values()) {
            if (s.isOpen()) {
                s.close(1001, reason);
                closed++;
            }
        }
        return closed;
    }

    /** Disconnects (1001) the clients logged in with one schema version, e.g. after its clients were disallowed. */
    public int disconnectVersion(int versionId, String reason) {
        int closed = 0;
        for (Session s : byConnection.values()) {
            Integer version = s.schemaVersionId();
            if (s.isOpen() && version != null && version == versionId) {
                s.close(1001, reason);
                closed++;
            }
        }
        return closed;
    }
}
