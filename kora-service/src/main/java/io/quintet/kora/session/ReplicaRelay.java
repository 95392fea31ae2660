package io.quintet.kora.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quintet.kora.codec.JsonCodec;
import io.quintet.kora.message.Ids;
import io.quintet.protocol.oplog.LogEntry;
import io.quintet.protocol.oplog.NewOperation;
import io.quintet.protocol.oplog.OperationLog;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The ephemeral relays between replicas (presence, richtext, blob chunks): a message one replica's
 * session relays is appended to the shared operation log's stream {@value #STREAM} with this
 * replica's id, a kind and, for an answer meant for one replica, that replica's id; the change feed
 * hands it to the other replicas ({@link LiveFeed}), which relay it to their own sessions. The stream
 * is trimmed to a few minutes: nothing in it is replayed to a client later.
 */
@ApplicationScoped
public class ReplicaRelay {

    public static final String STREAM = "awareness";
    private static final Logger LOG = Logger.getLogger(ReplicaRelay.class);

    /** A message another replica relayed: the replica it came from, its kind and the message. */
    public record Relayed(String replica, String kind, ObjectNode message) {}

    private final OperationLog log;
    /** This process, whatever node id is configured (replicas may share one). */
    private final String replica = Ids.uuidV7();

    public ReplicaRelay(OperationLog log) {
        this.log = log;
    }

    public String replica() {
        return replica;
    }

    /** Relays {@code message} to every other replica. */
    public void publish(String kind, JsonNode message) {
        publish(kind, message, null);
    }

    /** Relays {@code message} to replica {@code target} only (null: every other replica). */
    public void publish(String kind, JsonNode message, String target) {
        ObjectNode payload = JsonCodec.mapper().createObjectNode();
        payload.put("replica", replica);
        payload.put("kind", kind);
        if (target != null) payload.put("target", target);
        payload.set("message", message);
        // fire and forget, coalesced with other relays meanwhile (the log's one publishing mechanism)
        log.publish(STREAM, List.of(new NewOperation(Ids.uuidV7(), payload.toString())));
    }

    /** An entry of the stream as a relay for this replica; null when it is this replica's own, meant for another, or unreadable. */
    public Relayed decode(LogEntry entry) {
        JsonNode payload;
        try {
            payload = JsonCodec.mapper().readTree(entry.payloadJson());
        } catch (Exception e) {
            return null;
        }
        String origin = payload.path("replica").asText();
        JsonNode target = payload.get("target");
        if (replica.equals(origin) || !(payload.get("message") instanceof ObjectNode message)) return null;
        if (target != null && !target.isNull() && !replica.equals(target.asText())) return null;
        return new Relayed(origin, payload.path("kind").asText(), message);
    }

    /** Drops what is older than two minutes (called periodically). */
    public Uni<Void> trim() {
        return log.discardOlderThan(STREAM, Duration.ofMinutes(2)).replaceWithVoid();
    }
}
