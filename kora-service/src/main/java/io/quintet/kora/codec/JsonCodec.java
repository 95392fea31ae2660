package io.quintet.kora.codec;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quintet.kora.message.Acknowledgment;
import io.quintet.kora.message.ErrorMessage;
import io.quintet.kora.message.Handshake;
import io.quintet.kora.message.HandshakeResponse;
import io.quintet.kora.message.KoraMessage;
import io.quintet.kora.message.OperationBatch;
import io.quintet.kora.message.OperationRejected;
import io.quintet.kora.message.RelayedMessage;
import io.quintet.kora.operation.Operation;
import io.quintet.kora.operation.OperationTimestamp;
import io.quintet.protocol.vv.VersionVector;
import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON wire format (kora.md 4.1): one object per text frame. Decoding checks the type of
 * every member the server relies on, so a wrong frame is refused as a whole before anything is
 * applied; encoding writes members in the reference's order and omits absent optional ones.
 */
public final class JsonCodec {

    private static final ObjectMapper MAPPER =
            new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    static {
        MAPPER.getFactory()
                .setStreamReadConstraints(
                        StreamReadConstraints.builder().maxNestingDepth(200).build());
    }

    private JsonCodec() {}

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** What is wrong with a text that is not one JSON value, without the parser's class names. */
    public static String describe(JsonProcessingException e) {
        String detail = e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Trailing token")
                ? "trailing content after the JSON value"
                : "invalid JSON";
        return e.getLocation() == null
                ? "not JSON: " + detail
                : "not JSON: " + detail + " at line " + e.getLocation().getLineNr() + ", column "
                        + e.getLocation().getColumnNr();
    }

    // ---------------------------------------------------------------- decoding

    public static KoraMessage decode(String text) throws MalformedMessageException {
        JsonNode root;
        try {
            root = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new MalformedMessageException("Invalid JSON message");
        }
        if (root == null || !root.isObject()) {
            throw new MalformedMessageException("Message must be a JSON object");
        }
        String type = requiredString(root, "type");
        String messageId = requiredString(root, "messageId");
        return switch (type) {
            case Handshake.TYPE -> handshake(root, messageId);
            case OperationBatch.TYPE -> batch(root, messageId);
            case Acknowledgment.TYPE ->
                new Acknowledgment(
                        messageId,
                        requiredString(root, "acknowledgedMessageId"),
                        requiredLong(root, "lastSequenceNumber"),
                        optionalLong(root, "deliverySequence"));
            case RelayedMessage.AWARENESS_UPDATE,
                    RelayedMessage.YJS_DOC_UPDATE,
                    RelayedMessage.BLOB_CHUNK_REQUEST,
                    RelayedMessage.BLOB_CHUNK_RESPONSE,
                    RelayedMessage.BLOB_CHUNK_PUSH -> new RelayedMessage(type, messageId, (ObjectNode) root);
            case ErrorMessage.TYPE, OperationRejected.TYPE, HandshakeResponse.TYPE ->
                new RelayedMessage(type, messageId, (ObjectNode) root);
            default -> throw new MalformedMessageException("Unknown message type: " + type);
        };
    }

    private static Handshake handshake(JsonNode root, String messageId) throws MalformedMessageException {
        JsonNode vv = root.get("versionVector");
        if (vv == null || !vv.isObject()) {
            throw new MalformedMessageException("handshake.versionVector must be an object");
        }
        Map<String, Long> entries = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = vv.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            entries.put(e.getKey(), wholeNumber(e.getValue(), "versionVector." + e.getKey()));
        }
        List<String> formats = null;
        JsonNode f = root.get("supportedWireFormats");
        if (f != null && !f.isNull()) {
            if (!f.isArray()) throw new MalformedMessageException("handshake.supportedWireFormats must be an array");
            formats = new ArrayList<>();
            for (JsonNode item : f) {
                if (!item.isTextual())
                    throw new MalformedMessageException("handshake.supportedWireFormats must hold strings");
                formats.add(item.textValue());
            }
        }
        JsonNode scope = root.get("syncScope");
        if (scope != null && !scope.isNull() && !scope.isObject()) {
            throw new MalformedMessageException("handshake.syncScope must be an object");
        }
        JsonNode queries = root.get("syncQueries");
        if (queries != null && !queries.isNull() && !queries.isArray()) {
            throw new MalformedMessageException("handshake.syncQueries must be an array");
        }
        return new Handshake(
                messageId,
                requiredString(root, "nodeId"),
                VersionVector.of(entries),
                (int) requiredLong(root, "schemaVersion"),
                optionalString(root, "authToken"),
                formats,
                scope != null && scope.isObject() ? (ObjectNode) scope : null,
                queries != null && queries.isArray() ? (ArrayNode) queries : null,
                optionalString(root, "deltaCursor"),
                optionalLong(root, "lastDeliverySequence"));
    }

    private static OperationBatch batch(JsonNode root, String messageId) throws MalformedMessageException {
        JsonNode ops = root.get("operations");
        if (ops == null || !ops.isArray()) {
            throw new MalformedMessageException("operation-batch.operations must be an array");
        }
        List<Operation> operations = new ArrayList<>(ops.size());
        for (JsonNode op : ops) {
            operations.add(operation(op));
        }
        JsonNode isFinal = root.get("isFinal");
        if (isFinal != null && !isFinal.isBoolean()) {
            throw new MalformedMessageException("operation-batch.isFinal must be a boolean");
        }
        Long index = optionalLong(root, "batchIndex");
        Long total = optionalLong(root, "totalBatches");
        return new OperationBatch(
                messageId,
                operations,
                isFinal != null && isFinal.booleanValue(),
                index == null ? 0 : index.intValue(),
                total == null ? null : total.intValue(),
                optionalString(root, "cursor"),
                optionalLong(root, "baseDeliverySequence"),
                optionalLong(root, "maxDeliverySequence"));
    }

    /** One operation; a malformed timestamp is kept (as NaN) so it is refused per operation. */
    public static Operation operation(JsonNode op) throws MalformedMessageException {
        if (op == null || !op.isObject()) {
            throw new MalformedMessageException("operation must be an object");
        }
        String type = requiredString(op, "type");
        if (!Operation.isKnownType(type)) {
            throw new MalformedMessageException("operation.type must be insert, update or delete");
        }
        JsonNode deps = op.get("causalDeps");
        if (deps == null || !deps.isArray()) {
            throw new MalformedMessageException("operation.causalDeps must be an array");
        }
        List<String> causalDeps = new ArrayList<>(deps.size());
        for (JsonNode dep : deps) {
            if (!dep.isTextual()) throw new MalformedMessageException("operation.causalDeps must hold strings");
            causalDeps.add(dep.textValue());
        }
        JsonNode atomic = op.get("atomicOps");
        if (atomic != null && !atomic.isNull() && !atomic.isObject()) {
            throw new MalformedMessageException("operation.atomicOps must be an object");
        }
        long sequenceNumber = requiredLong(op, "sequenceNumber");
        long schemaVersion = requiredLong(op, "schemaVersion");
        // the reference's columns are INTEGER
        if (sequenceNumber > Integer.MAX_VALUE || schemaVersion > Integer.MAX_VALUE) {
            throw new MalformedMessageException("operation.sequenceNumber and schemaVersion must fit 32 bits");
        }
        return new Operation(
                requiredString(op, "id"),
                requiredString(op, "nodeId"),
                type,
                requiredString(op, "collection"),
                requiredString(op, "recordId"),
                jsonValue(op, "data"),
                jsonValue(op, "previousData"),
                timestamp(op.get("timestamp")),
                sequenceNumber,
                causalDeps,
                (int) schemaVersion,
                atomic != null && atomic.isObject() ? (ObjectNode) atomic : null,
                optionalString(op, "transactionId"),
                optionalString(op, "mutationName"));
    }

    private static OperationTimestamp timestamp(JsonNode ts) {
        if (ts == null || !ts.isObject()) {
            return new OperationTimestamp(Double.NaN, Double.NaN, null);
        }
        JsonNode wall = ts.get("wallTime");
        JsonNode logical = ts.get("logical");
        JsonNode node = ts.get("nodeId");
        return new OperationTimestamp(
                wall != null && wall.isNumber() ? wall.doubleValue() : Double.NaN,
                logical != null && logical.isNumber() ? logical.doubleValue() : Double.NaN,
                node != null && node.isTextual() ? node.textValue() : null);
    }

    private static JsonNode jsonValue(JsonNode parent, String name) {
        JsonNode value = parent.get(name);
        return value == null || value.isNull() ? null : value;
    }

    private static String requiredString(JsonNode parent, String name) throws MalformedMessageException {
        JsonNode value = parent.get(name);
        if (value == null || !value.isTextual()) {
            throw new MalformedMessageException(name + " must be a string");
        }
        return value.textValue();
    }

    private static String optionalString(JsonNode parent, String name) throws MalformedMessageException {
        JsonNode value = parent.get(name);
        if (value == null || value.isNull()) return null;
        if (!value.isTextual()) throw new MalformedMessageException(name + " must be a string");
        return value.textValue();
    }

    private static long requiredLong(JsonNode parent, String name) throws MalformedMessageException {
        JsonNode value = parent.get(name);
        if (value == null) throw new MalformedMessageException(name + " is required");
        return wholeNumber(value, name);
    }

    private static Long optionalLong(JsonNode parent, String name) throws MalformedMessageException {
        JsonNode value = parent.get(name);
        if (value == null || value.isNull()) return null;
        return wholeNumber(value, name);
    }

    private static long wholeNumber(JsonNode value, String name) throws MalformedMessageException {
        if (!value.isNumber()) throw new MalformedMessageException(name + " must be a number");
        double d = value.doubleValue();
        if (d != Math.rint(d) || d < 0 || d > 9.007199254740991E15) {
            throw new MalformedMessageException(name + " must be a non-negative integer");
        }
        return value.longValue();
    }

    // ---------------------------------------------------------------- encoding

    public static String encode(KoraMessage message) {
        try {
            if (message instanceof OperationBatch b) return encodeBatch(b);
            return MAPPER.writeValueAsString(toJson(message));
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode " + message.type(), e);
        }
    }

    // sized for one live push's operations: a larger cache keeps encoded texts alive into the old generation
    private static final EncodeCache<Operation, String> OPERATION_TEXT = new EncodeCache<>(512);

    /** As {@code toJson(b)} written out, each operation's text taken from the cache when it was encoded before. */
    private static String encodeBatch(OperationBatch b) throws IOException {
        StringWriter out = new StringWriter(128 + 320 * b.operations().size());
        try (JsonGenerator g = MAPPER.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("type", b.type());
            g.writeStringField("messageId", b.messageId());
            g.writeArrayFieldStart("operations");
            for (Operation op : b.operations()) {
                g.writeRawValue(OPERATION_TEXT.get(op, JsonCodec::operationText));
            }
            g.writeEndArray();
            g.writeBooleanField("isFinal", b.isFinal());
            g.writeNumberField("batchIndex", b.batchIndex());
            if (b.totalBatches() != null) g.writeNumberField("totalBatches", b.totalBatches());
            if (b.cursor() != null) g.writeStringField("cursor", b.cursor());
            if (b.baseDeliverySequence() != null) g.writeNumberField("baseDeliverySequence", b.baseDeliverySequence());
            if (b.maxDeliverySequence() != null) g.writeNumberField("maxDeliverySequence", b.maxDeliverySequence());
            g.writeEndObject();
        }
        return out.toString();
    }

    private static String operationText(Operation op) {
        try {
            return MAPPER.writeValueAsString(operation(op));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode operation " + op.id(), e);
        }
    }

    public static ObjectNode toJson(KoraMessage message) {
        if (message instanceof RelayedMessage relayed) {
            return relayed.json();
        }
        ObjectNode out = NODES.objectNode();
        out.put("type", message.type());
        out.put("messageId", message.messageId());
        if (message instanceof HandshakeResponse r) {
            out.put("nodeId", r.nodeId());
            out.set("versionVector", vector(r.versionVector()));
            out.put("schemaVersion", r.schemaVersion());
            out.put("accepted", r.accepted());
            if (r.rejectReason() != null) out.put("rejectReason", r.rejectReason());
            if (r.supportedSchemaMin() != null) out.put("supportedSchemaMin", r.supportedSchemaMin());
            if (r.supportedSchemaMax() != null) out.put("supportedSchemaMax", r.supportedSchemaMax());
            if (r.selectedWireFormat() != null) out.put("selectedWireFormat", r.selectedWireFormat());
            out.put("serverTime", r.serverTime());
            if (r.serverMaxDeliverySequence() != null)
                out.put("serverMaxDeliverySequence", r.serverMaxDeliverySequence());
            if (r.blobStorageEnabled() != null) out.put("blobStorageEnabled", r.blobStorageEnabled());
            if (r.acceptedScope() != null) out.set("acceptedScope", r.acceptedScope());
        } else if (message instanceof OperationBatch b) {
            ArrayNode ops = out.putArray("operations");
            b.operations().forEach(op -> ops.add(operation(op)));
            out.put("isFinal", b.isFinal());
            out.put("batchIndex", b.batchIndex());
            if (b.totalBatches() != null) out.put("totalBatches", b.totalBatches());
            if (b.cursor() != null) out.put("cursor", b.cursor());
            if (b.baseDeliverySequence() != null) out.put("baseDeliverySequence", b.baseDeliverySequence());
            if (b.maxDeliverySequence() != null) out.put("maxDeliverySequence", b.maxDeliverySequence());
        } else if (message instanceof Acknowledgment a) {
            out.put("acknowledgedMessageId", a.acknowledgedMessageId());
            out.put("lastSequenceNumber", a.lastSequenceNumber());
            if (a.deliverySequence() != null) out.put("deliverySequence", a.deliverySequence());
        } else if (message instanceof ErrorMessage e) {
            out.put("code", e.code());
            out.put("message", e.message());
            out.put("retriable", e.retriable());
        } else if (message instanceof OperationRejected r) {
            out.put("operationId", r.operationId());
            out.put("collection", r.collection());
            out.put("recordId", r.recordId());
            out.put("code", r.code());
            out.put("message", r.message());
            out.put("retriable", r.retriable());
        } else if (message instanceof Handshake h) {
            out.put("nodeId", h.nodeId());
            out.set("versionVector", vector(h.versionVector()));
            out.put("schemaVersion", h.schemaVersion());
            if (h.authToken() != null) out.put("authToken", h.authToken());
            if (h.supportedWireFormats() != null) {
                ArrayNode formats = out.putArray("supportedWireFormats");
                h.supportedWireFormats().forEach(formats::add);
            }
            if (h.syncScope() != null) out.set("syncScope", h.syncScope());
            if (h.syncQueries() != null) out.set("syncQueries", h.syncQueries());
            if (h.deltaCursor() != null) out.put("deltaCursor", h.deltaCursor());
            if (h.lastDeliverySequence() != null) out.put("lastDeliverySequence", h.lastDeliverySequence());
        }
        return out;
    }

    /** An operation in the wire shape of kora.md 1.1 ({@code data}/{@code previousData} always written). */
    public static ObjectNode operation(Operation op) {
        ObjectNode out = NODES.objectNode();
        out.put("id", op.id());
        out.put("nodeId", op.nodeId());
        out.put("type", op.type());
        out.put("collection", op.collection());
        out.put("recordId", op.recordId());
        out.set("data", op.data() == null ? NODES.nullNode() : op.data());
        out.set("previousData", op.previousData() == null ? NODES.nullNode() : op.previousData());
        ObjectNode ts = out.putObject("timestamp");
        ts.put("wallTime", (long) op.timestamp().wallTime());
        ts.put("logical", (long) op.timestamp().logical());
        ts.put("nodeId", op.timestamp().nodeId());
        out.put("sequenceNumber", op.sequenceNumber());
        ArrayNode deps = out.putArray("causalDeps");
        op.causalDeps().forEach(deps::add);
        out.put("schemaVersion", op.schemaVersion());
        if (op.hasAtomicOps()) out.set("atomicOps", op.atomicOps());
        if (op.transactionId() != null) out.put("transactionId", op.transactionId());
        if (op.mutationName() != null) out.put("mutationName", op.mutationName());
        return out;
    }

    public static ObjectNode vector(VersionVector vector) {
        ObjectNode out = NODES.objectNode();
        vector.asMap().forEach(out::put);
        return out;
    }
}
