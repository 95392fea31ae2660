package io.quintet.kora.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quintet.kora.blob.repository.BlobRepository;
import io.quintet.kora.codec.JsonCodec;
import io.quintet.kora.operation.OperationId;
import io.quintet.kora.message.RelayedMessage;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Blob chunks (kora.md 11.2). With central storage ({@code kora.blobs.enabled}) a request the
 * store can answer is answered at once and a push whose bytes hash to its {@code hash} is kept;
 * everything else is relayed between peers: requests go to every other session, the first answer
 * that holds the bytes goes back to the requester, {@code null} answers and unknown ids are dropped.
 */
@ApplicationScoped
public class BlobRelay {

    private static final String REQUEST = RelayedMessage.BLOB_CHUNK_REQUEST;
    private static final String RESPONSE = RelayedMessage.BLOB_CHUNK_RESPONSE;
    private static final String PUSH = RelayedMessage.BLOB_CHUNK_PUSH;

    private static final int MAX_PENDING = 10_000;

    private final SessionRegistry registry;
    private final BlobRepository store;
    /** Request id → requesting session id; the oldest are forgotten beyond {@link #MAX_PENDING}. */
    private final Map<String, String> pending = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > MAX_PENDING;
        }
    };

    public BlobRelay(SessionRegistry registry, BlobRepository store) {
        this.registry = registry;
        this.store = store;
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
            default -> { }
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
        return store.get(hash.textValue().toLowerCase(java.util.Locale.ROOT)).chain(bytes -> {
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
        String expected = hash.textValue().toLowerCase(java.util.Locale.ROOT);
        if (!OperationId.sha256Hex(decoded).equals(expected)) return Uni.createFrom().voidItem();
        return store.put(expected, decoded).replaceWithVoid();
    }

    private void forward(SyncSession sender, RelayedMessage message, String requestId) {
        synchronized (pending) {
            pending.put(requestId, sender.id());
        }
        for (SyncSession other : registry.all()) {
            if (other != sender && other.receivesRelays()) {
                other.send(message).subscribe().with(x -> { }, f -> { });
            }
        }
    }

    private void response(RelayedMessage message) {
        JsonNode requestId = message.json().get("requestId");
        JsonNode bytes = message.json().get("bytes");
        if (requestId == null || !requestId.isTextual() || bytes == null || !bytes.isTextual()) return;
        String requester;
        synchronized (pending) {
            requester = pending.remove(requestId.textValue());
        }
        SyncSession session = requester == null ? null : registry.get(requester);
        if (session == null) return;
        session.send(answer(requestId.textValue(), bytes.textValue())).subscribe().with(x -> { }, f -> { });
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
