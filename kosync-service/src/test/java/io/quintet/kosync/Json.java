package io.quintet.kosync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quintet.protocol.testing.RawHttp;

/** JSON assertions for answers: same keys and values, key order free. */
public final class Json {

    public static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {}

    public static JsonNode tree(RawHttp.Reply reply) {
        try {
            return MAPPER.readTree(reply.body());
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + reply, e);
        }
    }

    public static JsonNode tree(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    /** Status, exact {@code Content-Type: application/json} and a body equal to {@code expected}. */
    public static void assertAnswer(int status, String expected, RawHttp.Reply reply) {
        assertEquals(status, reply.status(), () -> "status of " + reply);
        assertEquals("application/json", reply.header("Content-Type"), () -> "content type of " + reply);
        assertEquals(tree(expected), tree(reply), () -> "body of " + reply);
    }

    /** The protocol's error envelope, byte for byte. */
    public static void assertError(int status, int code, String message, RawHttp.Reply reply) {
        assertEquals(status, reply.status(), () -> "status of " + reply);
        assertEquals("application/json", reply.header("Content-Type"), () -> "content type of " + reply);
        assertEquals("{\"code\":" + code + ",\"message\":\"" + message.replace("'", "'") + "\"}", reply.text());
    }

    public static void assertUnauthorized(RawHttp.Reply reply) {
        assertError(401, 2001, "Unauthorized", reply);
    }

    public static void assertJsonObject(RawHttp.Reply reply) {
        assertTrue(tree(reply).isObject(), () -> "not a JSON object: " + reply);
    }
}
