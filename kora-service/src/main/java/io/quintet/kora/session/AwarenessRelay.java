package io.quintet.kora.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quintet.kora.codec.JsonCodec;
import io.quintet.kora.message.Ids;
import io.quintet.kora.message.RelayedMessage;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Presence and richtext relays (kora.md 11.1, 11.2); presence goes only to sessions that sent
 * presence themselves. Across replicas every relayed message also goes through {@link ReplicaRelay}
 * to the other replicas' sessions; their presence states take part in catch-ups.
 */
@ApplicationScoped
public class AwarenessRelay {

    /** Remote presence older than this is left out of catch-ups (clients drop it after 30 s anyway). */
    private static final long REMOTE_STATE_TTL_MILLIS = 60_000;

    private record RemoteState(long clientId, JsonNode state, long seenAt) {}

    private final SessionRegistry registry;
    private final ReplicaRelay replicas;
    private final Map<String, RemoteState> remoteStates = new ConcurrentHashMap<>();

    public AwarenessRelay(SessionRegistry registry, ReplicaRelay replicas) {
        this.registry = registry;
        this.replicas = replicas;
    }

    /** A presence or richtext message another replica relayed: to this replica's sessions, as if relayed here. */
    public void remote(ReplicaRelay.Relayed relayed) {
        ObjectNode json = relayed.message();
        String type = json.path("type").asText();
        RelayedMessage message = new RelayedMessage(type, json.path("messageId").asText(), json);
        if (relayed.kind().equals("yjs")) {
            for (SyncSession session : registry.all()) {
                if (session.receivesRelays()) session.send(message).subscribe().with(x -> {}, f -> {});
            }
            return;
        }
        long clientId = json.path("clientId").asLong(0);
        JsonNode states = json.get("states");
        String key = relayed.replica() + ":" + clientId;
        if (states != null && states.has(String.valueOf(clientId))) {
            JsonNode state = states.get(String.valueOf(clientId));
            if (state.isNull()) remoteStates.remove(key);
            else remoteStates.put(key, new RemoteState(clientId, state, System.currentTimeMillis()));
        }
        for (SyncSession session : registry.all()) {
            if (session.awarenessRegistered() && session.receivesRelays())
                session.send(message).subscribe().with(x -> {}, f -> {});
        }
    }

    /** Forgets other replicas' presence that has gone stale (called periodically). */
    public void trim() {
        long now = System.currentTimeMillis();
        remoteStates.values().removeIf(s -> now - s.seenAt() > REMOTE_STATE_TTL_MILLIS);
    }

    public Uni<Void> awareness(SyncSession sender, RelayedMessage message) {
        JsonNode clientIdNode = message.json().get("clientId");
        long clientId = clientIdNode != null && clientIdNode.canConvertToLong() ? clientIdNode.longValue() : 0;
        sender.registerAwareness(clientId);
        ObjectNode catchUp = JsonCodec.mapper().createObjectNode();
        List<SyncSession> peers = new ArrayList<>();
        for (SyncSession other : registry.all()) {
            if (other != sender && other.awarenessRegistered() && other.receivesRelays()) {
                peers.add(other);
                if (other.awarenessState() != null && !other.awarenessState().isNull()) {
                    catchUp.set(String.valueOf(other.awarenessClientId()), other.awarenessState());
                }
            }
        }
        long now = System.currentTimeMillis();
        remoteStates.values().forEach(remote -> {
            if (now - remote.seenAt() <= REMOTE_STATE_TTL_MILLIS)
                catchUp.set(String.valueOf(remote.clientId()), remote.state());
        });
        JsonNode states = message.json().get("states");
        if (states != null && states.isObject() && states.has(String.valueOf(clientId))) {
            sender.awarenessState(states.get(String.valueOf(clientId)));
        }
        replicas.publish("awareness", message.json());
        Uni<Void> reply = catchUp.isEmpty() ? Uni.createFrom().voidItem() : sender.send(presence(0, catchUp));
        return reply.invoke(
                () -> peers.forEach(peer -> peer.send(message).subscribe().with(x -> {}, f -> {})));
    }

    /** A closing session's presence disappears from every other registered session. */
    public void sessionClosed(SyncSession closed) {
        if (!closed.awarenessRegistered()
                || closed.awarenessState() == null
                || closed.awarenessState().isNull()) {
            return;
        }
        ObjectNode states = JsonCodec.mapper().createObjectNode();
        states.putNull(String.valueOf(closed.awarenessClientId()));
        RelayedMessage removal = presence(closed.awarenessClientId(), states);
        replicas.publish("awareness", removal.json());
        for (SyncSession other : registry.all()) {
            if (other != closed && other.awarenessRegistered() && other.receivesRelays()) {
                other.send(removal).subscribe().with(x -> {}, f -> {});
            }
        }
    }

    /** Richtext updates go verbatim to every other session. */
    public Uni<Void> yjs(SyncSession sender, RelayedMessage message) {
        replicas.publish("yjs", message.json());
        for (SyncSession other : registry.all()) {
            if (other != sender && other.receivesRelays()) {
                other.send(message).subscribe().with(x -> {}, f -> {});
            }
        }
        return Uni.createFrom().voidItem();
    }

    private static RelayedMessage presence(long clientId, ObjectNode states) {
        ObjectNode json = JsonCodec.mapper().createObjectNode();
        String messageId = Ids.uuidV7();
        json.put("type", RelayedMessage.AWARENESS_UPDATE);
        json.put("messageId", messageId);
        json.put("clientId", clientId);
        json.set("states", states);
        return new RelayedMessage(RelayedMessage.AWARENESS_UPDATE, messageId, json);
    }
}
