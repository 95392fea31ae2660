package io.quintet.kora.session;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The live sessions of this replica. */
@ApplicationScoped
public class SessionRegistry {

    private final Map<String, SyncSession> sessions = new ConcurrentHashMap<>();

    public void add(SyncSession session) {
        sessions.put(session.id(), session);
    }

    public SyncSession get(String id) {
        return sessions.get(id);
    }

    public SyncSession remove(String id) {
        return sessions.remove(id);
    }

    public int size() {
        return sessions.size();
    }

    /** The sessions that count against {@code kora.max-connections} (HTTP polling ones once handshaken). */
    public int counted() {
        int n = 0;
        for (SyncSession session : sessions.values()) {
            if (!session.channel().countedFromHandshake() || session.state().isHandshaken()) n++;
        }
        return n;
    }

    public Collection<SyncSession> all() {
        return sessions.values();
    }

    /**
     * Marks every other session of {@code session}'s node as superseded (kora.md 8.3): they stay
     * open, because closing a socket the client abandoned would tear down its current one, but
     * receive nothing more.
     */
    public void supersedeOthers(SyncSession session) {
        for (SyncSession other : sessions.values()) {
            if (other != session
                    && session.nodeId().equals(other.nodeId())
                    && other.state().isHandshaken()) {
                other.supersede();
            }
        }
    }

    /** Node ids of sessions that completed a handshake. */
    public List<String> connectedNodeIds() {
        return sessions.values().stream()
                .filter(s -> s.state().isHandshaken())
                .map(SyncSession::nodeId)
                .distinct()
                .sorted()
                .toList();
    }
}
