package io.quintet.kora.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quintet.kora.codec.proto.Envelope;
import io.quintet.kora.message.Acknowledgment;
import io.quintet.kora.message.ErrorMessage;
import io.quintet.kora.message.Handshake;
import io.quintet.kora.message.HandshakeResponse;
import io.quintet.kora.message.KoraMessage;
import io.quintet.kora.message.OperationBatch;
import io.quintet.kora.operation.Operation;
import io.quintet.kora.operation.OperationTimestamp;
import io.quintet.protocol.vv.VersionVector;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ProtobufCodecTest {

    private static final HexFormat HEX = HexFormat.of();
    static final String ACK = "0a0e61636b6e6f776c6564676d656e7412026d32720262317803800207";
    static final String ERROR =
            "0a056572726f721202653182010b415554485f4641494c45448a011541757468656e7469636174696f6e206661696c6564900100";
    static final String HANDSHAKE =
            "0a0968616e647368616b65120268311a026e3122060a026e31100228013a046a736f6e3a0870726f746f627566e80100";
    static final String BATCH_INSERT =
            "0a0f6f7065726174696f6e2d6261746368120262315a590a0361626312026e311a06696e736572742205746f646f732a02723132247b227469746c65223a2278222c225f5f6b6f72615f74785f69645f5f223a22747831227d420d0880d095ffbc3110001a026e31480158016001680060016800f00100f80101";
    static final String BATCH_DELETE =
            "0a0f6f7065726174696f6e2d6261746368120262325a380a0364656612026e311a0664656c6574652205746f646f732a027231420d0881d095ffbc3110011a026e314802520361626358016000680060016800";

    private static KoraMessage decode(String hex) throws MalformedMessageException {
        return ProtobufCodec.decode(HEX.parseHex(hex)).orElseThrow();
    }

    @Test
    @DisplayName("C41 the reference's protobuf vectors decode and re-encode byte for byte")
    void c41Vectors() throws Exception {
        assertEquals(ACK, HEX.formatHex(ProtobufCodec.encode(new Acknowledgment("m2", "b1", 3, 7L))));
        assertEquals(ACK, HEX.formatHex(ProtobufCodec.encode(decode(ACK))));
        assertEquals(
                ERROR,
                HEX.formatHex(
                        ProtobufCodec.encode(new ErrorMessage("e1", "AUTH_FAILED", "Authentication failed", false))));
        assertEquals(
                ERROR, HEX.formatHex(Envelope.parseFrom(HEX.parseHex(ERROR)).toByteArray()));
        Handshake h = (Handshake) decode(HANDSHAKE);
        assertEquals("n1", h.nodeId());
        assertEquals(Map.of("n1", 2L), h.versionVector().asMap());
        assertEquals(List.of("json", "protobuf"), h.supportedWireFormats());
        assertEquals(0L, h.lastDeliverySequence());
        assertEquals(HANDSHAKE, HEX.formatHex(ProtobufCodec.encode(h)));

        Operation insert = new Operation(
                "abc",
                "n1",
                "insert",
                "todos",
                "r1",
                JsonCodec.mapper().createObjectNode().put("title", "x"),
                null,
                new OperationTimestamp(1700000000000L, 0, "n1"),
                1,
                List.of(),
                1,
                null,
                "tx1",
                null);
        assertEquals(
                BATCH_INSERT,
                HEX.formatHex(
                        ProtobufCodec.encode(new OperationBatch("b1", List.of(insert), true, 0, null, null, 0L, 1L))));
        OperationBatch decoded = (OperationBatch) decode(BATCH_INSERT);
        assertEquals(insert, decoded.operations().get(0));
        assertEquals(BATCH_INSERT, HEX.formatHex(ProtobufCodec.encode(decoded)));

        Operation delete = new Operation(
                "def",
                "n1",
                "delete",
                "todos",
                "r1",
                null,
                null,
                new OperationTimestamp(1700000000001L, 1, "n1"),
                2,
                List.of("abc"),
                1,
                null,
                null,
                null);
        assertEquals(
                BATCH_DELETE,
                HEX.formatHex(ProtobufCodec.encode(
                        new OperationBatch("b2", List.of(delete), true, 0, null, null, null, null))));
        OperationBatch legacy = (OperationBatch) decode(BATCH_DELETE);
        assertEquals(delete, legacy.operations().get(0));
        assertNull(legacy.maxDeliverySequence());
    }

    @Test
    @DisplayName("C42 zero-valued delivery fields are written: field 30 for base 0, field 33 for serverMax 0")
    void c42ExplicitZeros() throws Exception {
        Envelope batch = Envelope.parseFrom(
                ProtobufCodec.encode(new OperationBatch("b", List.of(), true, 0, null, null, 0L, 0L)));
        assertTrue(batch.hasBaseDeliverySequence()
                && batch.hasMaxDeliverySequence()
                && batch.hasIsFinal()
                && batch.hasBatchIndex());
        Envelope response = Envelope.parseFrom(ProtobufCodec.encode(new HandshakeResponse(
                "r", "srv", VersionVector.empty(), 1, true, null, null, null, "protobuf", 0L, 0L, null, null)));
        assertTrue(response.hasServerMaxDeliverySequence() && response.hasServerTime() && response.hasAccepted());
        assertEquals(0, response.getServerMaxDeliverySequence());
        Envelope legacy = Envelope.parseFrom(ProtobufCodec.encode(new HandshakeResponse(
                "r", "srv", VersionVector.empty(), 1, true, null, null, null, "json", 5L, null, null, null)));
        assertTrue(!legacy.hasServerMaxDeliverySequence() && !legacy.hasBlobStorageEnabled());
    }

    @Test
    @DisplayName(
            "C44 transactionId, mutationName and atomicOps survive protobuf both ways, deletes with a transaction id included")
    void c44MetadataSmuggling() throws Exception {
        ObjectNode atomic = (ObjectNode) JsonCodec.mapper().readTree("{\"n\":{\"type\":\"increment\",\"value\":2}}");
        Operation update = new Operation(
                "u",
                "n1",
                "update",
                "todos",
                "r1",
                JsonCodec.mapper().readTree("{\"n\":3}"),
                JsonCodec.mapper().readTree("{\"n\":1}"),
                new OperationTimestamp(5, 2, "n1"),
                3,
                List.of("a"),
                1,
                atomic,
                "tx9",
                "bump");
        Operation delete = new Operation(
                "d",
                "n1",
                "delete",
                "todos",
                "r1",
                null,
                null,
                new OperationTimestamp(6, 0, "n1"),
                4,
                List.of("u"),
                1,
                null,
                "tx9",
                null);
        OperationBatch batch = new OperationBatch("b", List.of(update, delete), true, 0, null, null, null, null);
        OperationBatch back = (OperationBatch) decode(HEX.formatHex(ProtobufCodec.encode(batch)));
        assertEquals(update, back.operations().get(0));
        assertEquals(delete, back.operations().get(1));
        io.quintet.kora.codec.proto.Operation wireDelete =
                Envelope.parseFrom(ProtobufCodec.encode(batch)).getOperations(1);
        assertEquals("{\"__kora_tx_id__\":\"tx9\"}", wireDelete.getDataJson());
        assertTrue(!wireDelete.getHasData());
    }

    @Test
    @DisplayName("C43 protobuf awareness and yjs envelopes decode to nothing; truncated frames are malformed")
    void c43IgnoredAndMalformed() {
        byte[] awareness = Envelope.newBuilder()
                .setType("awareness-update")
                .setMessageId("a")
                .build()
                .toByteArray();
        byte[] yjs = Envelope.newBuilder()
                .setType("yjs-doc-update")
                .setMessageId("y")
                .build()
                .toByteArray();
        try {
            assertTrue(ProtobufCodec.decode(awareness).isEmpty());
            assertTrue(ProtobufCodec.decode(yjs).isEmpty());
        } catch (MalformedMessageException e) {
            throw new AssertionError(e);
        }
        byte[] full = HEX.parseHex(BATCH_INSERT);
        byte[] truncated = Arrays.copyOf(full, full.length - 20);
        assertThrows(MalformedMessageException.class, () -> ProtobufCodec.decode(truncated));
        assertThrows(
                MalformedMessageException.class,
                () -> ProtobufCodec.decode(
                        Envelope.newBuilder().setType("bogus").build().toByteArray()));
        // an insert whose data was {} arrives as null (reference quirk)
        byte[] emptyInsert = ProtobufCodec.encode(new OperationBatch(
                "e",
                List.of(new Operation(
                        "i",
                        "n",
                        "insert",
                        "c",
                        "r",
                        JsonCodec.mapper().createObjectNode(),
                        null,
                        new OperationTimestamp(1, 0, "n"),
                        1,
                        List.of(),
                        1,
                        null,
                        null,
                        null)),
                true,
                0,
                null,
                null,
                null,
                null));
        try {
            assertNull(((OperationBatch) ProtobufCodec.decode(emptyInsert).orElseThrow())
                    .operations()
                    .get(0)
                    .data());
        } catch (MalformedMessageException e) {
            throw new AssertionError(e);
        }
    }
}
