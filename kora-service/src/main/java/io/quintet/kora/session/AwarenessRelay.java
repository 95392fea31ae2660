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

/**
 * Presence and richtext relays (kora.md 11.1, 11.2) among this replica's sessions: nothing is
 * stored; presence goes only to sessions that sent presence themselves.
 */
@ApplicationScoped
public class AwarenessRelay {

    private final SessionRegistry registry;

    public AwarenessRelay(SessionRegistry registry) {
        this.registry = registry;
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
        JsonNode states = message.json().get("states");
        if (states != null && states.isObject() && states.has(String.valueOf(clientId))) {
            sender.awarenessState(states.get(String.valueOf(clientId)));
        }
        Uni<Void> reply = catchUp.isEmpty() ? Uni.createFrom().voidItem()
                : sender.send(presence(0, catchUp));
        return reply.invoke(() -> peers.forEach(peer -> peer.send(message).subscribe().with(x -> { }, f -> { })));
    }

    /** A closing session's presence disappears from every other registered session. */
    public void sessionClosed(SyncSession closed) {
        if (!closed.awarenessRegistered() || closed.awarenessState() == null || closed.awarenessState().isNull()) {
            return;
        }
        ObjectNode states = JsonCodec.mapper().createObjectNode();
        states.putNull(String.valueOf(closed.awarenessClientId()));
        RelayedMessage removal = presence(closed.awarenessClientId(), states);
        for (SyncSession other : registry.all()) {
            if (other != closed && other.awarenessRegistered() && other.receivesRelays()) {
                other.send(removal).subscribe().with(x -> { }, f -> { });
            }
        }
    }

    /** Richtext updates go verbatim to every other session. */
    public Uni<Void> yjs(SyncSession sender, RelayedMessage message) {
        for (SyncSession other : registry.all()) {
            if (other != sender && other.receivesRelays()) {
                other.send(message).subscribe().with(x -> { }, f -> { });
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
