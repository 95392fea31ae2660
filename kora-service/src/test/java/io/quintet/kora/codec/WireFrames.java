package io.quintet.kora.codec;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quintet.kora.codec.proto.Envelope;
import io.quintet.kora.codec.proto.Operation;

/** Test-side view of a binary frame as the JSON message it carries (plus {@code "binary": true}). */
public final class WireFrames {

    private WireFrames() {}

    public static ObjectNode toJson(byte[] frame) {
        ObjectNode out = JsonCodec.mapper().createObjectNode();
        out.put("binary", true);
        try {
            Envelope e = Envelope.parseFrom(frame);
            out.put("type", e.getType());
            out.put("messageId", e.getMessageId());
            if (e.hasNodeId()) out.put("nodeId", e.getNodeId());
            if (e.getVersionVectorCount() > 0 || e.getType().startsWith("handshake")) {
                ObjectNode vv = out.putObject("versionVector");
                e.getVersionVectorList().forEach(v -> vv.put(v.getKey(), v.getValue()));
            }
            if (e.hasSchemaVersion()) out.put("schemaVersion", e.getSchemaVersion());
            if (e.hasAccepted()) out.put("accepted", e.getAccepted());
            if (e.hasRejectReason()) out.put("rejectReason", e.getRejectReason());
            if (e.hasSelectedWireFormat()) out.put("selectedWireFormat", e.getSelectedWireFormat());
            if (e.hasServerTime()) out.put("serverTime", e.getServerTime());
            if (e.hasServerMaxDeliverySequence())
                out.put("serverMaxDeliverySequence", e.getServerMaxDeliverySequence());
            if (e.getType().equals("operation-batch")) {
                ArrayNode ops = out.putArray("operations");
                for (Operation op : e.getOperationsList()) {
                    ops.add(JsonCodec.operation(ProtobufCodec.operation(op)));
                }
            }
            if (e.hasIsFinal()) out.put("isFinal", e.getIsFinal());
            if (e.hasBatchIndex()) out.put("batchIndex", e.getBatchIndex());
            if (e.hasBaseDeliverySequence()) out.put("baseDeliverySequence", e.getBaseDeliverySequence());
            if (e.hasMaxDeliverySequence()) out.put("maxDeliverySequence", e.getMaxDeliverySequence());
            if (e.hasAcknowledgedMessageId()) out.put("acknowledgedMessageId", e.getAcknowledgedMessageId());
            if (e.hasLastSequenceNumber()) out.put("lastSequenceNumber", e.getLastSequenceNumber());
            if (e.hasErrorCode()) out.put("code", e.getErrorCode());
            if (e.hasErrorMessage()) out.put("message", e.getErrorMessage());
            if (e.hasRetriable()) out.put("retriable", e.getRetriable());
        } catch (Exception ex) {
            out.put("type", "undecodable");
        }
        return out;
    }
}
