package io.quintet.kora.config;

import io.quintet.kora.message.Ids;
import jakarta.enterprise.context.ApplicationScoped;

/** This replica's node id: handshake responses and server-authored operations carry it (kora.md 12.1). */
@ApplicationScoped
public class ServerNode {

    private final String id;

    public ServerNode(KoraConfig config) {
        this.id = config.nodeId().filter(id -> !id.isBlank()).orElseGet(Ids::uuidV7);
    }

    public String id() {
        return id;
    }
}
