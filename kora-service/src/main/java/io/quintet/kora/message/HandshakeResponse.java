package io.quintet.kora.message;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quintet.protocol.vv.VersionVector;

/** {@code handshake-response} (S→C, kora.md 5.2); optional members are {@code null} when not sent. */
public record HandshakeResponse(
        String messageId,
        String nodeId,
        VersionVector versionVector,
        int schemaVersion,
        boolean accepted,
        String rejectReason,
        Integer supportedSchemaMin,
        Integer supportedSchemaMax,
        String selectedWireFormat,
        long serverTime,
        Long serverMaxDeliverySequence,
        Boolean blobStorageEnabled,
        ObjectNode acceptedScope)
        implements KoraMessage {

    public static final String TYPE = "handshake-response";

    @Override
    public String type() {
        return TYPE;
    }
}
