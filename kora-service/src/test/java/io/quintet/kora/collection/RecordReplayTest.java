package io.quintet.kora.collection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quintet.kora.codec.JsonCodec;
import io.quintet.kora.operation.Operation;
import io.quintet.kora.operation.OperationTimestamp;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RecordReplayTest {

    private static ObjectNode json(String text) {
        try {
            return (ObjectNode) JsonCodec.mapper().readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Operation op(String type, String data, long wall, String node, String atomic) {
        return new Operation(
                type + wall + node,
                node,
                type,
                "t",
                "r1",
                data == null ? null : json(data),
                null,
                new OperationTimestamp(wall, 0, node),
                1,
                List.of(),
                1,
                atomic == null ? null : json(atomic),
                null,
                null);
    }

    @Test
    @DisplayName(
            "C62 concurrent updates to different fields both survive; same field → highest HLC wins, whatever the arrival order")
    void c62PerFieldLww() {
        Operation insert = op("insert", "{\"a\":1,\"b\":1}", 100, "n1", null);
        Operation a = op("update", "{\"a\":2}", 200, "n1", null);
        Operation b = op("update", "{\"b\":3}", 200, "n2", null);
        Operation late = op("update", "{\"a\":9}", 300, "n2", null);
        RecordReplay.State state = RecordReplay.replay(List.of(late, b, insert, a));
        assertEquals(json("{\"a\":9,\"b\":3}"), state.fields());
        assertEquals(100, state.createdAt());
        assertEquals(300, state.updatedAt());
        // equal wall time and logical: node id decides (code-unit order)
        RecordReplay.State tie = RecordReplay.replay(List.of(
                op("update", "{\"a\":\"n2\"}", 200, "n2", null),
                insert,
                op("update", "{\"a\":\"n1\"}", 200, "n1", null)));
        assertEquals("n2", tie.fields().get("a").asText());
    }

    @Test
    @DisplayName(
            "C62 two offline increments compose; max/min/append/remove compose per 1.4; a plain write breaks the chain")
    void c62AtomicComposition() {
        Operation insert = op("insert", "{\"n\":5,\"tags\":[\"x\"]}", 100, "n1", null);
        Operation inc1 = op("update", "{\"n\":6}", 200, "n1", "{\"n\":{\"type\":\"increment\",\"value\":1}}");
        Operation inc2 = op("update", "{\"n\":6}", 201, "n2", "{\"n\":{\"type\":\"increment\",\"value\":1}}");
        assertEquals(
                7,
                RecordReplay.replay(List.of(insert, inc2, inc1))
                        .fields()
                        .get("n")
                        .asInt());
        Operation plain = op("update", "{\"n\":100}", 202, "n3", null);
        Operation inc3 = op("update", "{\"n\":101}", 203, "n1", "{\"n\":{\"type\":\"increment\",\"value\":1}}");
        assertEquals(
                101,
                RecordReplay.replay(List.of(insert, inc1, inc2, plain, inc3))
                        .fields()
                        .get("n")
                        .asInt());
        assertEquals(
                json("{\"v\":[\"x\",\"y\",\"z\"]}").get("v"),
                RecordReplay.compose(
                        "append",
                        RecordReplay.compose(
                                "append",
                                json("{\"v\":[\"x\"]}").get("v"),
                                json("{\"v\":\"y\"}").get("v")),
                        json("{\"v\":\"z\"}").get("v")));
        assertEquals(
                json("{\"v\":[1,3]}").get("v"),
                RecordReplay.compose(
                        "remove",
                        json("{\"v\":[1,2,3,2]}").get("v"),
                        json("{\"v\":2}").get("v")));
        assertEquals(
                8,
                RecordReplay.compose(
                                "max",
                                json("{\"v\":8}").get("v"),
                                json("{\"v\":3}").get("v"))
                        .asInt());
        assertEquals(
                3,
                RecordReplay.compose(
                                "min",
                                json("{\"v\":\"x\"}").get("v"),
                                json("{\"v\":3}").get("v"))
                        .asInt());
        JsonNode fromNothing =
                RecordReplay.compose("increment", null, json("{\"v\":2.5}").get("v"));
        assertEquals(2.5, fromNothing.asDouble());
    }

    @Test
    @DisplayName("C62 delete then a later update resurrects with old + new fields; insert after delete replaces")
    void c62DeleteResurrect() {
        Operation insert = op("insert", "{\"a\":1,\"b\":1}", 100, "n1", null);
        Operation delete = op("delete", null, 200, "n1", null);
        RecordReplay.State deleted = RecordReplay.replay(List.of(insert, delete));
        assertTrue(deleted.deleted());
        RecordReplay.State resurrected =
                RecordReplay.replay(List.of(insert, delete, op("update", "{\"b\":2}", 300, "n2", null)));
        assertFalse(resurrected.deleted());
        assertEquals(json("{\"a\":1,\"b\":2}"), resurrected.fields());
        RecordReplay.State replaced =
                RecordReplay.replay(List.of(insert, delete, op("insert", "{\"c\":3}", 300, "n2", null)));
        assertFalse(replaced.deleted());
        assertEquals(json("{\"c\":3}"), replaced.fields());
    }

    @Test
    @DisplayName(
            "C61 schema JSON: kinds, defaults, enum values, relations are checked; bad names and reserved tables refused")
    void c61SchemaParsing() {
        AppSchema schema = AppSchema.parse(
                "{\"collections\":{\"todos\":{\"fields\":{\"title\":\"string\","
                        + "\"state\":{\"kind\":\"enum\",\"enumValues\":[\"a\",\"b\"],\"defaultValue\":\"a\"}},\"indexes\":[\"title\"]},"
                        + "\"lists\":{\"fields\":{\"name\":{\"kind\":\"string\"}}}},"
                        + "\"relations\":{\"todoList\":{\"from\":\"todos\",\"to\":\"lists\",\"field\":\"title\",\"onDelete\":\"cascade\"}}}");
        assertEquals(1, schema.version());
        assertEquals(FieldKind.ENUM, schema.collection("todos").field("state").kind());
        assertEquals(
                List.of("a", "b"), schema.collection("todos").field("state").enumValues());
        assertEquals(1, schema.relationsTo("lists").size());
        for (String bad : List.of(
                "[]",
                "{\"collections\":{\"1x\":{\"fields\":{}}}}",
                "{\"collections\":{\"operations\":{\"fields\":{}}}}",
                "{\"collections\":{\"t\":{\"fields\":{\"a\":\"nope\"}}}}",
                "{\"collections\":{\"t\":{\"fields\":{\"id\":\"string\"}}}}",
                "{\"collections\":{\"t\":{\"fields\":{\"a\":{\"kind\":\"number\",\"default\":\"x\"}}}}}",
                "{\"collections\":{\"t\":{\"fields\":{\"a\":\"string\"},\"indexes\":[\"b\"]}}}",
                "{\"collections\":{\"t\":{\"fields\":{\"a\":\"string\"}}},\"relations\":{\"r\":{\"from\":\"t\",\"to\":\"u\",\"field\":\"a\"}}}",
                "not json")) {
            assertThrows(SchemaException.class, () -> AppSchema.parse(bad), bad);
        }
    }
}
