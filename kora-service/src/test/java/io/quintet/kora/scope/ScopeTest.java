package io.quintet.kora.scope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quintet.kora.codec.JsonCodec;
import io.quintet.kora.operation.Operation;
import io.quintet.kora.operation.OperationTimestamp;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ScopeTest {

    private static ObjectNode json(String text) {
        try {
            return (ObjectNode) JsonCodec.mapper().readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static Operation op(String type, String collection, String data, String previous) {
        return new Operation(
                "id",
                "n",
                type,
                collection,
                "r",
                data == null ? null : json(data),
                previous == null ? null : json(previous),
                new OperationTimestamp(1, 0, "n"),
                1,
                List.of(),
                1,
                null,
                null,
                null);
    }

    @Test
    @DisplayName(
            "C57 scope resolution table: requested only, auth only, auth wins per field, client-added collection, strict mode")
    void c57Resolution() {
        assertNull(ScopeResolver.resolve(null, null, false));
        assertNull(ScopeResolver.resolve(json("{}"), null, false));
        assertEquals(
                json("{\"todos\":{\"list\":\"a\"}}"),
                ScopeResolver.resolve(json("{\"todos\":{\"list\":\"a\"}}"), null, false));
        assertEquals(
                json("{\"todos\":{\"owner\":\"u1\"}}"),
                ScopeResolver.resolve(null, json("{\"todos\":{\"owner\":\"u1\"}}"), false));
        // the auth value of a field wins; other requested fields stay
        assertEquals(
                json("{\"todos\":{\"owner\":\"u1\",\"list\":\"a\"}}"),
                ScopeResolver.resolve(
                        json("{\"todos\":{\"owner\":\"u2\",\"list\":\"a\"}}"),
                        json("{\"todos\":{\"owner\":\"u1\"}}"),
                        false));
        // a requested collection the auth scopes do not mention is added (reference) ...
        ObjectNode added = ScopeResolver.resolve(json("{\"notes\":{}}"), json("{\"todos\":{\"owner\":\"u1\"}}"), false);
        assertEquals(json("{\"notes\":{},\"todos\":{\"owner\":\"u1\"}}"), added);
        // ... and stays invisible in strict mode
        assertEquals(
                json("{\"todos\":{\"owner\":\"u1\"}}"),
                ScopeResolver.resolve(json("{\"notes\":{}}"), json("{\"todos\":{\"owner\":\"u1\"}}"), true));
        // strict mode changes nothing without auth scopes
        assertEquals(json("{\"notes\":{}}"), ScopeResolver.resolve(json("{\"notes\":{}}"), null, true));
    }

    @Test
    @DisplayName(
            "C24a visibility: empty filter admits deletes; field filters match the op snapshot with strict scalar equality")
    void visibility() {
        Visibility scoped = new Visibility(json("{\"todos\":{},\"tasks\":{\"owner\":\"u1\"}}"), List.of());
        assertTrue(scoped.isVisible(op("delete", "todos", null, null)));
        assertFalse(scoped.isVisible(op("insert", "notes", "{\"a\":1}", null)));
        assertTrue(scoped.isVisible(op("insert", "tasks", "{\"owner\":\"u1\",\"t\":1}", null)));
        assertFalse(scoped.isVisible(op("insert", "tasks", "{\"owner\":\"u2\"}", null)));
        assertTrue(scoped.isVisible(op("update", "tasks", "{\"t\":2}", "{\"owner\":\"u1\"}")));
        assertFalse(scoped.isVisible(op("update", "tasks", "{\"owner\":\"u2\"}", "{\"owner\":\"u1\"}")));
        assertFalse(scoped.isVisible(op("delete", "tasks", null, null)), "no snapshot without a schema");
        Visibility numbers = new Visibility(json("{\"c\":{\"n\":1}}"), List.of());
        assertTrue(numbers.isVisible(op("insert", "c", "{\"n\":1.0}", null)));
        assertFalse(numbers.isVisible(op("insert", "c", "{\"n\":\"1\"}", null)));
        Visibility objects = new Visibility(json("{\"c\":{\"o\":{}}}"), List.of());
        assertFalse(objects.isVisible(op("insert", "c", "{\"o\":{}}", null)), "objects never match");
    }

    @Test
    @DisplayName("C58 query subsets narrow their collection; other collections unaffected; duplicates collapse")
    void c58Subsets() {
        ArrayNode queries = (ArrayNode) JsonCodec.mapper()
                .createArrayNode()
                .add(json("{\"collection\":\"todos\",\"where\":{\"list\":\"a\"}}"))
                .add(json("{\"collection\":\"todos\",\"where\":{\"list\":\"a\"}}"))
                .add(json("{\"collection\":\"todos\",\"where\":{\"list\":\"b\"}}"));
        List<QuerySubset> subsets = QuerySubset.fromHandshake(queries);
        assertEquals(2, subsets.size());
        Visibility v = new Visibility(null, subsets);
        assertTrue(v.isVisible(op("insert", "todos", "{\"list\":\"a\"}", null)));
        assertTrue(v.isVisible(op("insert", "todos", "{\"list\":\"b\"}", null)));
        assertFalse(v.isVisible(op("insert", "todos", "{\"list\":\"c\"}", null)));
        assertTrue(v.isVisible(op("insert", "notes", "{\"list\":\"c\"}", null)));
    }
}
