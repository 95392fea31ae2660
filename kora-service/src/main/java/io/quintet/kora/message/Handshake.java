package io.quintet.kora.message;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quintet.protocol.vv.VersionVector;
import java.util.List;

/**
 * {@code handshake} (C→S, kora.md 5.1). Optional members are {@code null} when absent;
 * {@code lastDeliverySequence} present (even 0) marks a watermark client.
 */
public record Handshake(
        String messageId,
        String nodeId,
        VersionVector versionVector,
        int schemaVersion,
        String authToken,
        List<String> supportedWireFormats,
        ObjectNode syncScope,
        ArrayNode syncQueries,
        String deltaCursor,
        Long lastDeliverySequence)
        implements KoraMessage {

    public static final String TYPE = "handshake";

    @Override
    public String type() {
        return TYPE;
    }
}
