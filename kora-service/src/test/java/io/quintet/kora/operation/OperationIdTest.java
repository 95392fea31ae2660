package io.quintet.kora.operation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.quintet.kora.codec.JsonCodec;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class OperationIdTest {

    private static JsonNode json(String text) throws Exception {
        return JsonCodec.mapper().readTree(text);
    }

    @Test
    @DisplayName("C1 V1: insert id and canonical text match the reference byte for byte")
    void c1VectorV1() throws Exception {
        String text = OperationId.canonicalText(
                "insert",
                "todos",
                "rec-1",
                json("{\"title\":\"Ship it\",\"n\":1,\"done\":false}"),
                "001700000000000:00000:node-a",
                "node-a",
                null);
        assertEquals(
                "{\"collection\":\"todos\",\"data\":{\"done\":false,\"n\":1,\"title\":\"Ship it\"},\"nodeId\":\"node-a\","
                        + "\"recordId\":\"rec-1\",\"timestamp\":\"001700000000000:00000:node-a\",\"type\":\"insert\"}",
                text);
        assertEquals("6571484db5a371d2c3e701743562fe2c8157df58fdc8fd4d8525918f41f412c7", OperationId.sha256Hex(text));
    }

    @Test
    @DisplayName("C1 V2: update with atomicOps, nested object, escapes and non-ASCII")
    void c1VectorV2() throws Exception {
        String id = OperationId.compute(
                "update",
                "todos",
                "rec-1",
                json("{\"tags\":[\"b\",\"a\"],\"n\":2.5,\"meta\":{\"z\":null,\"a\":\"\u00e9\\n\\\"\"}}"),
                "001700000000001:00007:node-a",
                "node-a",
                json("{\"n\":{\"value\":1.5,\"type\":\"increment\"}}"));
        assertEquals("7d2516416a3c600b3a691ffa6fd965652f373d3acb7064f45b618303ca86ff02", id);
    }

    @Test
    @DisplayName("C1 V3: delete with null data; an Operation record hashes the same way")
    void c1VectorV3() {
        Operation op = new Operation(
                "x",
                "node-b",
                "delete",
                "todos",
                "rec-1",
                null,
                null,
                new OperationTimestamp(1700000000002L, 0, "node-b"),
                3,
                List.of(),
                1,
                null,
                "tx",
                "m");
        assertEquals("63764232c31244081a7eea62c529e5b94a610a8d701388855dbb6b6f78d8eac0", OperationId.of(op));
    }

    @Test
    @DisplayName("C1 empty atomicOps are not hashed")
    void emptyAtomicOpsIgnored() throws Exception {
        assertEquals(
                OperationId.compute("delete", "todos", "rec-1", null, "001700000000002:00000:node-b", "node-b", null),
                OperationId.compute(
                        "delete", "todos", "rec-1", null, "001700000000002:00000:node-b", "node-b", json("{}")));
    }

    @Test
    @DisplayName("C2 canonical numbers render as JavaScript's Number-to-String")
    void c2Numbers() throws Exception {
        assertEquals("1", JsNumber.format(1));
        assertEquals("1.5", JsNumber.format(1.5));
        assertEquals("1e+21", JsNumber.format(1e21));
        assertEquals("1e-7", JsNumber.format(1e-7));
        assertEquals("0", JsNumber.format(-0.0));
        assertEquals("0.30000000000000004", JsNumber.format(0.1 + 0.2));
        assertEquals("100000000000000000000", JsNumber.format(1e20));
        assertEquals("0.000001", JsNumber.format(1e-6));
        assertEquals("1.2345e-7", JsNumber.format(1.2345e-7));
        assertEquals("-2.5", JsNumber.format(-2.5));
        assertEquals("123456789012345680000", JsNumber.format(123456789012345678901.0));
        assertEquals("1.7976931348623157e+308", JsNumber.format(Double.MAX_VALUE));
        assertEquals("5e-324", JsNumber.format(Double.MIN_VALUE));
        assertEquals("null", JsNumber.format(Double.NaN));
        assertEquals("null", JsNumber.format(Double.POSITIVE_INFINITY));
        // JSON spellings that JavaScript reads as the same number hash the same
        assertEquals(
                "{\"a\":5,\"b\":1e+21,\"c\":0.1}", CanonicalJson.write(json("{\"c\":1.0e-1,\"b\":1E21,\"a\":5.0}")));
    }

    @Test
    @DisplayName("C2 strings: short escapes, lowercase \\u escapes, lone surrogates, literal non-ASCII")
    void c2Strings() {
        StringBuilder out = new StringBuilder();
        CanonicalJson.appendString(out, "a\"\\\b\f\n\r\t\u0001\u001f/\u2028\u00e9\ud83d\ude00\ud800x\udc00");
        assertEquals(
                "\"a\\\"\\\\\\b\\f\\n\\r\\t\\u0001\\u001f/\u2028\u00e9\ud83d\ude00\\ud800x\\udc00\"", out.toString());
    }
}
