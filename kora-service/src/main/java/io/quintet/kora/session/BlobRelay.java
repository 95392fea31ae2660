package io.quintet.kora.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quintet.kora.blob.repository.BlobRepository;
import io.quintet.kora.codec.JsonCodec;
import io.quintet.kora.message.RelayedMessage;
import io.quintet.kora.operation.OperationId;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Blob chunks (kora.md 11.2). With central storage ({@code kora.blobs.enabled}) a request the
 * store can answer is answered at once and a push whose bytes hash to its {@code hash} is kept;
 * everything else is relayed between peers: requests go to every other session, the first answer
 * that holds the bytes goes back to the requester, {@code null} answers and unknown ids are dropped.
 * Peers on other replicas take part through {@link ReplicaRelay}: a request goes to their sessions
 * too, and an answer one of them gets for it goes back to the requester's replica only.
 */
@ApplicationScoped
public class BlobRelay {

    private static final String REQUEST = RelayedMessage.BLOB_CHUNK_REQUEST;
    private static final String RESPONSE = RelayedMessage.BLOB_CHUNK_RESPONSE;
    private static final String PUSH = RelayedMessage.BLOB_CHUNK_PUSH;

    private static final int MAX_PENDING = 10_000;
    /** {@link ReplicaRelay} kinds: a request for every replica, an answer for the requester's. */
    static final String REMOTE_REQUEST = "blob-request";

    static final String REMOTE_RESPONSE = "blob-response";

    /** Who asked: a session of this replica, or another replica (whose session is its own business). */
    private record Requester(String sessionId, String replica) {}

    private final SessionRegistry registry;
    private final BlobRepository store;
    private final ReplicaRelay replicas;
    /** Request id → requester; the oldest are forgotten beyond {@link #MAX_PENDING}. */
    private final Map<String, Requester> pending = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Requester> eldest) {
            return size() > MAX_PENDING;
        }
    };

    public BlobRelay(SessionRegistry registry, BlobRepository store, ReplicaRelay replicas) {
        this.registry = registry;
        this.store = store;
        this.replicas = replicas;
    }

    public Uni<Void> handle(SyncSession sender, RelayedMessage message) {
        switch (message.type()) {
            case REQUEST -> {
                return request(sender, message);
            }
            case RESPONSE -> response(message);
            case PUSH -> {
                return push(message);
            }
            default -> {}
        }
        return Uni.createFrom().voidItem();
    }

    private Uni<Void> request(SyncSession sender, RelayedMessage message) {
        JsonNode requestId = message.json().get("requestId");
        JsonNode hash = message.json().get("hash");
        if (requestId == null || !requestId.isTextual()) return Uni.createFrom().voidItem();
        if (!store.enabled() || hash == null || !hash.isTextual()) {
            forward(sender, message, requestId.textValue());
            return Uni.createFrom().voidItem();
        }
        return store.get(hash.textValue().toLowerCase(Locale.ROOT)).chain(bytes -> {
            if (bytes == null) {
                forward(sender, message, requestId.textValue());
                return Uni.createFrom().voidItem();
            }
            return sender.send(answer(requestId.textValue(), Base64.getEncoder().encodeToString(bytes)));
        });
    }

    /** A push is kept only when its bytes hash to its {@code hash}; otherwise silently dropped. */
    private Uni<Void> push(RelayedMessage message) {
        JsonNode hash = message.json().get("hash");
        JsonNode bytes = message.json().get("bytes");
        if (!store.enabled() || hash == null || !hash.isTextual() || bytes == null || !bytes.isTextual()) {
            return Uni.createFrom().voidItem();
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(bytes.textValue());
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().voidItem();
        }
        String expected = hash.textValue().toLowerCase(Locale.ROOT);
        if (!OperationId.sha256Hex(decoded).equals(expected))
            return Uni.createFrom().voidItem();
        return store.put(expected, decoded).replaceWithVoid();
    }

    private void forward(SyncSession sender, RelayedMessage message, String requestId) {
        remember(requestId, new Requester(sender.id(), null));
        replicas.publish(REMOTE_REQUEST, message.json());
        sendToAll(sender, message);
    }

    private void response(RelayedMessage message) {
        JsonNode requestId = message.json().get("requestId");
        JsonNode bytes = message.json().get("bytes");
        if (requestId == null || !requestId.isTextual() || bytes == null || !bytes.isTextual()) return;
        Requester requester;
        synchronized (pending) {
            requester = pending.remove(requestId.textValue());
        }
        if (requester == null) return;
        RelayedMessage answer = answer(requestId.textValue(), bytes.textValue());
        if (requester.replica() != null) {
            replicas.publish(REMOTE_RESPONSE, answer.json(), requester.replica());
            return;
        }
        SyncSession session = registry.get(requester.sessionId());
        if (session != null) session.send(answer).subscribe().with(x -> {}, f -> {});
    }

    /**
     * A blob message another replica relayed: a request goes to this replica's sessions (the first
     * answer one of them gives goes back to that replica); an answer to a request of this replica's
     * goes to its requester, as a peer's answer would.
     */
    public void remote(ReplicaRelay.Relayed relayed) {
        ObjectNode json = relayed.message();
        JsonNode requestId = json.get("requestId");
        if (requestId == null || !requestId.isTextual()) return;
        switch (relayed.kind()) {
            case REMOTE_REQUEST -> {
                remember(requestId.textValue(), new Requester(null, relayed.replica()));
                sendToAll(
                        null, new RelayedMessage(REQUEST, json.path("messageId").asText(), json));
            }
            case REMOTE_RESPONSE -> {
                Requester requester;
                synchronized (pending) {
                    requester = pending.get(requestId.textValue());
                    if (requester == null || requester.replica() != null) return;
                    pending.remove(requestId.textValue());
                }
                SyncSession session = registry.get(requester.sessionId());
                if (session != null) {
                    session.send(new RelayedMessage(
                                    RESPONSE, json.path("messageId").asText(), json))
                            .subscribe()
                            .with(x -> {}, f -> {});
                }
            }
            default -> {}
        }
    }

    private void remember(String requestId, Requester requester) {
        synchronized (pending) {
            pending.put(requestId, requester);
        }
    }

    private void sendToAll(SyncSession except, RelayedMessage message) {
        for (SyncSession other : registry.all()) {
            if (other != except && other.receivesRelays()) {
                other.send(message).subscribe().with(x -> {}, f -> {});
            }
        }
    }

    private static RelayedMessage answer(String requestId, String base64) {
        ObjectNode answer = JsonCodec.mapper().createObjectNode();
        String messageId = "blob-resp-" + requestId;
        answer.put("type", RESPONSE);
        answer.put("messageId", messageId);
        answer.put("requestId", requestId);
        answer.put("bytes", base64);
        return new RelayedMessage(RESPONSE, messageId, answer);
    }
}
