package io.quintet.kora.transport;

import static io.quintet.kora.testing.KoraTestClient.data;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quintet.kora.testing.KoraTestClient;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Issue 18 (1): an HTTP polling client keyed by its bearer token reconnects while its old poll loop still runs. */
@QuarkusTest
class HttpRestartTest {

    private static Response post(String token, String body) {
        return RestAssured.given()
                .header("Authorization", "Bearer " + token)
                .contentType("application/json")
                .body(body)
                .post("/");
    }

    private static Response get(String token) {
        return RestAssured.given().header("Authorization", "Bearer " + token).get("/");
    }

    private static JsonNode next(String token) throws Exception {
        Response response = get(token);
        response.then().statusCode(200);
        return KoraTestClient.JSON.readTree(response.asString());
    }

    /** The handshake response and the initial stream up to its final batch, acknowledged. */
    private static void syncUp(String token, KoraTestClient client) throws Exception {
        JsonNode response = next(token);
        assertEquals("handshake-response", response.get("type").asText(), response.toString());
        assertTrue(response.get("accepted").asBoolean());
        JsonNode batch;
        do {
            batch = next(token);
            assertEquals("operation-batch", batch.get("type").asText(), batch.toString());
        } while (!batch.get("isFinal").asBoolean());
        ObjectNode ack = KoraTestClient.JSON.createObjectNode();
        ack.put("type", "acknowledgment")
                .put("messageId", "a-" + System.nanoTime())
                .put("acknowledgedMessageId", batch.get("messageId").asText())
                .put("lastSequenceNumber", 0)
                .put("deliverySequence", batch.get("maxDeliverySequence").asLong());
        post(token, ack.toString()).then().statusCode(202);
    }

    /**
     * Polls until nothing waits (204), as the abandoned poll loop does; a resend of the last batch
     * on a tick (an acknowledgment slower than the tick on a loaded machine) is taken too.
     */
    private static void drain(String token) throws Exception {
        for (int i = 0; i < 20; i++) {
            Response response = get(token);
            if (response.statusCode() == 204) return;
            response.then().statusCode(200);
            JsonNode message = KoraTestClient.JSON.readTree(response.asString());
            assertEquals("operation-batch", message.get("type").asText(), message.toString());
        }
        throw new AssertionError("the session kept sending");
    }

    @Test
    @DisplayName(
            "POST handshake on a live token-keyed session (old poll still open) → the old session ends, a new one starts: handshake-response, not DUPLICATE_HANDSHAKE")
    void reconnectWithSameToken() throws Exception {
        String token = "restart-" + System.nanoTime();
        KoraTestClient client = KoraTestClient.builder("node-" + token);
        post(token, client.handshake(0L).toString()).then().statusCode(202);
        syncUp(token, client);
        // the client restarts; its abandoned poll loop keeps polling the same key meanwhile
        drain(token);
        post(token, client.handshake(0L).toString()).then().statusCode(202);
        syncUp(token, client);
        drain(token);
        // the new session works: an operation is acknowledged
        ObjectNode batch = client.batch(client.insert("restart", "r1", data("title", "after restart")));
        post(token, batch.toString()).then().statusCode(202);
        JsonNode ack = next(token);
        while (ack.get("type").asText().equals("operation-batch")) ack = next(token); // a tick's resend
        assertEquals("acknowledgment", ack.get("type").asText(), ack.toString());
        assertEquals(
                batch.get("messageId").asText(),
                ack.get("acknowledgedMessageId").asText());
        // a third restart, with the old loop polling in between, still gets a fresh session
        post(token, client.handshake(0L).toString()).then().statusCode(202);
        syncUp(token, client);
    }
}
