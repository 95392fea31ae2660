package io.quintet.kora.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quintet.kora.codec.JsonCodec;
import io.quintet.kora.message.RelayedMessage;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Blob chunk relays between peers (kora.md 11.2) on a server without central blob storage:
 * requests go to every other session, the first answer that holds the bytes goes back to the
 * requester, {@code null} answers and unknown request ids are dropped; pushes are ignored.
 */
@ApplicationScoped
public class BlobRelay {

    private static final String REQUEST = RelayedMessage.BLOB_CHUNK_REQUEST;
    private static final String RESPONSE = RelayedMessage.BLOB_CHUNK_RESPONSE;

    private static final int MAX_PENDING = 10_000;

    private final SessionRegistry registry;
    /** Request id → requesting session id; the oldest are forgotten beyond {@link #MAX_PENDING}. */
    private final Map<String, String> pending = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > MAX_PENDING;
        }
    };

    public BlobRelay(SessionRegistry registry) {
        this.registry = registry;
    }

    public Uni<Void> handle(SyncSession sender, RelayedMessage message) {
        switch (message.type()) {
            case REQUEST -> request(sender, message);
            case RESPONSE -> response(message);
            default -> { } // PUSH: no central storage to keep it in
        }
        return Uni.createFrom().voidItem();
    }

    private void request(SyncSession sender, RelayedMessage message) {
        JsonNode requestId = message.json().get("requestId");
        if (requestId == null || !requestId.isTextual()) return;
        synchronized (pending) {
            pending.put(requestId.textValue(), sender.id());
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
        ObjectNode answer = JsonCodec.mapper().createObjectNode();
        String messageId = "blob-resp-" + requestId.textValue();
        answer.put("type", RESPONSE);
        answer.put("messageId", messageId);
        answer.put("requestId", requestId.textValue());
        answer.put("bytes", bytes.textValue());
        session.send(new RelayedMessage(RESPONSE, messageId, answer)).subscribe().with(x -> { }, f -> { });
    }
}
