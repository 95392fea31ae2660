package io.quintet.kora.codec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.InvalidProtocolBufferException;
import io.quintet.kora.codec.proto.Envelope;
import io.quintet.kora.codec.proto.Timestamp;
import io.quintet.kora.codec.proto.VectorEntry;
import io.quintet.kora.message.Acknowledgment;
import io.quintet.kora.message.ErrorMessage;
import io.quintet.kora.message.Handshake;
import io.quintet.kora.message.HandshakeResponse;
import io.quintet.kora.message.KoraMessage;
import io.quintet.kora.message.OperationBatch;
import io.quintet.kora.message.OperationRejected;
import io.quintet.kora.message.RelayedMessage;
import io.quintet.kora.operation.CanonicalJson;
import io.quintet.kora.operation.Operation;
import io.quintet.kora.operation.OperationTimestamp;
import io.quintet.protocol.vv.VersionVector;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The protobuf wire format (kora.md 4.2): the reference's flat envelope, through the protobuf-java
 * classes generated from {@code kora_wire.proto}. Members without a protobuf slot are lost, as in
 * the reference; the operation members {@code atomicOps}, {@code transactionId} and
 * {@code mutationName} travel inside {@code dataJson} under reserved keys.
 */
public final class ProtobufCodec {

    static final String ATOMIC_OPS_KEY = "__kora_atomic_ops__";
    static final String TX_ID_KEY = "__kora_tx_id__";
    static final String MUTATION_KEY = "__kora_mutation__";

    private ProtobufCodec() {}

    // ---------------------------------------------------------------- decoding

    /**
     * The message in a binary frame; empty for envelopes that are ignored by design (presence and
     * richtext, which are JSON-only: kora.md 4.2 decision).
     */
    public static Optional<KoraMessage> decode(byte[] frame) throws MalformedMessageException {
        Envelope e;
        try {
            e = Envelope.parseFrom(frame);
        } catch (InvalidProtocolBufferException ex) {
            throw new MalformedMessageException("Invalid protobuf message");
        }
        String type = e.hasType() ? e.getType() : ErrorMessage.TYPE;
        String id = e.getMessageId();
        switch (type) {
            case Handshake.TYPE:
                return Optional.of(handshake(e));
            case OperationBatch.TYPE: {
                List<Operation> ops = new ArrayList<>(e.getOperationsCount());
                for (io.quintet.kora.codec.proto.Operation op : e.getOperationsList()) {
                    ops.add(operation(op));
                }
                return Optional.of(new OperationBatch(
                        id,
                        ops,
                        e.getIsFinal(),
                        e.getBatchIndex(),
                        null,
                        null,
                        e.hasBaseDeliverySequence() ? e.getBaseDeliverySequence() : null,
                        e.hasMaxDeliverySequence() ? e.getMaxDeliverySequence() : null));
            }
            case Acknowledgment.TYPE:
                if (!e.hasAcknowledgedMessageId()) {
                    throw new MalformedMessageException("acknowledgedMessageId must be a string");
                }
                return Optional.of(new Acknowledgment(
                        id,
                        e.getAcknowledgedMessageId(),
                        e.getLastSequenceNumber(),
                        e.hasDeliverySequence() ? e.getDeliverySequence() : null));
            case RelayedMessage.BLOB_CHUNK_REQUEST, RelayedMessage.BLOB_CHUNK_RESPONSE, RelayedMessage.BLOB_CHUNK_PUSH:
                return Optional.of(blob(type, e));
            case ErrorMessage.TYPE,
                    OperationRejected.TYPE,
                    HandshakeResponse.TYPE,
                    RelayedMessage.AWARENESS_UPDATE,
                    RelayedMessage.YJS_DOC_UPDATE:
                return Optional.empty();
            default:
                throw new MalformedMessageException("Unknown message type: " + type);
        }
    }

    /** Blob chunk messages are relayed in their JSON shape (chunk bytes stay base64 text). */
    private static RelayedMessage blob(String type, Envelope e) {
        ObjectNode json = JsonCodec.mapper().createObjectNode();
        json.put("type", type);
        json.put("messageId", e.getMessageId());
        if (e.hasRequestId()) json.put("requestId", e.getRequestId());
        if (e.hasHash()) json.put("hash", e.getHash());
        if (!type.equals(RelayedMessage.BLOB_CHUNK_REQUEST)) {
            boolean held = type.equals(RelayedMessage.BLOB_CHUNK_PUSH) || e.getHasBytes();
            if (held && e.hasChunkBytes()) json.put("bytes", e.getChunkBytes());
            else json.putNull("bytes");
        }
        return new RelayedMessage(type, e.getMessageId(), json);
    }

    private static Handshake handshake(Envelope e) throws MalformedMessageException {
        if (!e.hasNodeId()) {
            throw new MalformedMessageException("nodeId must be a string");
        }
        Map<String, Long> vector = new LinkedHashMap<>();
        for (VectorEntry entry : e.getVersionVectorList()) {
            if (entry.getValue() < 0) throw new MalformedMessageException("versionVector values must be non-negative");
            vector.merge(entry.getKey(), entry.getValue(), Math::max);
        }
        return new Handshake(
                e.getMessageId(),
                e.getNodeId(),
                VersionVector.of(vector),
                e.hasSchemaVersion() ? e.getSchemaVersion() : 1,
                e.hasAuthToken() ? e.getAuthToken() : null,
                e.getSupportedWireFormatsCount() == 0 ? null : List.copyOf(e.getSupportedWireFormatsList()),
                null,
                null,
                null,
                e.hasLastDeliverySequence() ? e.getLastDeliverySequence() : null);
    }

    static Operation operation(io.quintet.kora.codec.proto.Operation op) throws MalformedMessageException {
        if (!Operation.isKnownType(op.getType())) {
            throw new MalformedMessageException("operation.type must be insert, update or delete");
        }
        if (op.getSequenceNumber() < 0 || op.getSequenceNumber() > Integer.MAX_VALUE || op.getSchemaVersion() < 0) {
            throw new MalformedMessageException("operation.sequenceNumber and schemaVersion must fit 32 bits");
        }
        JsonNode data = null;
        ObjectNode atomicOps = null;
        String txId = null;
        String mutation = null;
        if (op.getHasData() || !op.getDataJson().isEmpty()) {
            JsonNode parsed = parse(op.getDataJson(), "dataJson");
            if (parsed instanceof ObjectNode object) {
                JsonNode atomic = object.remove(ATOMIC_OPS_KEY);
                JsonNode tx = object.remove(TX_ID_KEY);
                JsonNode name = object.remove(MUTATION_KEY);
                atomicOps = atomic instanceof ObjectNode a && !a.isEmpty() ? a : null;
                txId = tx != null && tx.isTextual() ? tx.textValue() : null;
                mutation = name != null && name.isTextual() ? name.textValue() : null;
                // an insert whose data was {} arrives as null, as from the reference decoder
                data = op.getHasData() && !object.isEmpty() ? object : null;
            } else if (op.getHasData()) {
                data = parsed;
            }
        }
        JsonNode previous = op.getHasPreviousData() ? parse(op.getPreviousDataJson(), "previousDataJson") : null;
        Timestamp ts = op.getTimestamp();
        return new Operation(
                op.getId(),
                op.getNodeId(),
                op.getType(),
                op.getCollection(),
                op.getRecordId(),
                data,
                previous,
                new OperationTimestamp(
                        op.hasTimestamp() ? ts.getWallTime() : Double.NaN,
                        op.hasTimestamp() ? Integer.toUnsignedLong(ts.getLogical()) : Double.NaN,
                        op.hasTimestamp() && ts.hasNodeId() ? ts.getNodeId() : null),
                op.getSequenceNumber(),
                op.getCausalDepsList(),
                op.getSchemaVersion(),
                atomicOps,
                txId,
                mutation);
    }

    private static JsonNode parse(String json, String field) throws MalformedMessageException {
        try {
            JsonNode node = JsonCodec.mapper().readTree(json);
            if (node == null) throw new MalformedMessageException(field + " must be JSON");
            return node.isNull() ? null : node;
        } catch (JsonProcessingException ex) {
            throw new MalformedMessageException(field + " must be JSON");
        }
    }

    // ---------------------------------------------------------------- encoding

    /** Encoded operations by identity: a live push encodes each operation once, not once per session. */
    private static final EncodeCache<Operation, io.quintet.kora.codec.proto.Operation> OPERATIONS =
            new EncodeCache<>(512);

    public static byte[] encode(KoraMessage message) {
        Envelope.Builder e = Envelope.newBuilder().setType(message.type());
        if (!message.messageId().isEmpty()) e.setMessageId(message.messageId());
        if (message instanceof HandshakeResponse r) {
            setNodeId(e, r.nodeId());
            vector(e, r.versionVector());
            e.setSchemaVersion(r.schemaVersion()).setAccepted(r.accepted());
            if (r.rejectReason() != null && !r.rejectReason().isEmpty()) e.setRejectReason(r.rejectReason());
            if (r.selectedWireFormat() != null) e.setSelectedWireFormat(r.selectedWireFormat());
            e.setServerTime(r.serverTime());
            if (r.blobStorageEnabled() != null) e.setBlobStorageEnabled(r.blobStorageEnabled());
            if (r.serverMaxDeliverySequence() != null) e.setServerMaxDeliverySequence(r.serverMaxDeliverySequence());
        } else if (message instanceof OperationBatch b) {
            b.operations().forEach(op -> e.addOperations(OPERATIONS.get(op, ProtobufCodec::operation)));
            e.setIsFinal(b.isFinal()).setBatchIndex(b.batchIndex());
            if (b.baseDeliverySequence() != null) e.setBaseDeliverySequence(b.baseDeliverySequence());
            if (b.maxDeliverySequence() != null) e.setMaxDeliverySequence(b.maxDeliverySequence());
        } else if (message instanceof Acknowledgment a) {
            if (!a.acknowledgedMessageId().isEmpty()) e.setAcknowledgedMessageId(a.acknowledgedMessageId());
            e.setLastSequenceNumber(a.lastSequenceNumber());
            if (a.deliverySequence() != null) e.setDeliverySequence(a.deliverySequence());
        } else if (message instanceof ErrorMessage m) {
            e.setErrorCode(m.code()).setErrorMessage(m.message()).setRetriable(m.retriable());
        } else if (message instanceof OperationRejected r) {
            e.setErrorCode(r.code())
                    .setErrorMessage(r.message())
                    .setRetriable(r.retriable())
                    .setOperationId(r.operationId())
                    .setCollection(r.collection())
                    .setRecordId(r.recordId());
        } else if (message instanceof Handshake h) {
            setNodeId(e, h.nodeId());
            vector(e, h.versionVector());
            e.setSchemaVersion(h.schemaVersion());
            if (h.authToken() != null && !h.authToken().isEmpty()) e.setAuthToken(h.authToken());
            if (h.supportedWireFormats() != null) e.addAllSupportedWireFormats(h.supportedWireFormats());
            if (h.lastDeliverySequence() != null) e.setLastDeliverySequence(h.lastDeliverySequence());
        }
        return e.build().toByteArray();
    }

    private static void setNodeId(Envelope.Builder e, String nodeId) {
        if (nodeId != null && !nodeId.isEmpty()) e.setNodeId(nodeId);
    }

    private static void vector(Envelope.Builder e, VersionVector vector) {
        vector.asMap()
                .forEach((node, seq) ->
                        e.addVersionVector(VectorEntry.newBuilder().setKey(node).setValue(seq)));
    }

    static io.quintet.kora.codec.proto.Operation operation(Operation op) {
        io.quintet.kora.codec.proto.Operation.Builder b = io.quintet.kora.codec.proto.Operation.newBuilder();
        if (!op.id().isEmpty()) b.setId(op.id());
        if (!op.nodeId().isEmpty()) b.setNodeId(op.nodeId());
        b.setType(op.type());
        if (!op.collection().isEmpty()) b.setCollection(op.collection());
        if (!op.recordId().isEmpty()) b.setRecordId(op.recordId());
        String dataJson = dataJson(op);
        if (!dataJson.isEmpty()) b.setDataJson(dataJson);
        if (op.previousData() != null) b.setPreviousDataJson(CanonicalJson.stringify(op.previousData()));
        Timestamp.Builder ts = Timestamp.newBuilder()
                .setWallTime((long) op.timestamp().wallTime())
                .setLogical((int) op.timestamp().logical());
        if (op.timestamp().nodeId() != null && !op.timestamp().nodeId().isEmpty())
            ts.setNodeId(op.timestamp().nodeId());
        b.setTimestamp(ts);
        b.setSequenceNumber(op.sequenceNumber());
        b.addAllCausalDeps(op.causalDeps());
        b.setSchemaVersion(op.schemaVersion());
        b.setHasData(op.data() != null);
        b.setHasPreviousData(op.previousData() != null);
        return b.build();
    }

    /** The data JSON with the optional members smuggled in, or "" when there is nothing to carry. */
    private static String dataJson(Operation op) {
        boolean metadata = op.hasAtomicOps() || op.transactionId() != null || op.mutationName() != null;
        if (op.data() == null && !metadata) {
            return "";
        }
        if (!metadata) {
            return CanonicalJson.stringify(op.data());
        }
        if (op.data() != null && !op.data().isObject()) {
            return CanonicalJson.stringify(op.data()); // no object to carry the metadata in
        }
        ObjectNode carrier =
                op.data() == null ? JsonCodec.mapper().createObjectNode() : ((ObjectNode) op.data()).deepCopy();
        if (op.hasAtomicOps()) carrier.set(ATOMIC_OPS_KEY, op.atomicOps());
        if (op.transactionId() != null) carrier.put(TX_ID_KEY, op.transactionId());
        if (op.mutationName() != null) carrier.put(MUTATION_KEY, op.mutationName());
        return CanonicalJson.stringify(carrier);
    }
}
