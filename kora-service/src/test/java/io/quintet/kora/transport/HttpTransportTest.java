package io.quintet.kora.transport;

import static io.quintet.kora.testing.KoraTestClient.data;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quintet.kora.codec.JsonCodec;
import io.quintet.kora.codec.ProtobufCodec;
import io.quintet.kora.codec.WireFrames;
import io.quintet.kora.message.Acknowledgment;
import io.quintet.kora.testing.KoraTestClient;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The HTTP polling transport (kora.md 2.2). */
@QuarkusTest
class HttpTransportTest {

    private static Response post(String clientId, String body) {
        return RestAssured.given()
                .header("X-Kora-Client-Id", clientId)
                .contentType("application/json")
                .body(body)
                .post("/");
    }

    private static Response get(String clientId) {
        return RestAssured.given().header("X-Kora-Client-Id", clientId).get("/");
    }

    private static JsonNode json(Response response) throws Exception {
        return KoraTestClient.JSON.readTree(response.asString());
    }

    @Test
    @DisplayName(
            "C50 POST handshake → 202; GET → 200 handshake-response with etag W/\"1\"; next GET the first batch; then 204")
    void c50HandshakeOverHttp() throws Exception {
        String id = "http-c50-" + System.nanoTime();
        ObjectNode handshake = KoraTestClient.JSON.createObjectNode();
        handshake
                .put("type", "handshake")
                .put("messageId", "h1")
                .put("nodeId", id)
                .put("schemaVersion", 1)
                .put("lastDeliverySequence", 0)
                .putObject("versionVector");
        post(id, handshake.toString()).then().statusCode(202);
        Response first = get(id);
        first.then().statusCode(200).header("etag", "W/\"1\"").contentType("application/json");
        assertEquals("handshake-response", json(first).get("type").asText());
        Response batch;
        JsonNode last;
        int n = 2;
        do {
            batch = get(id);
            batch.then().statusCode(200).header("etag", "W/\"" + n++ + "\"");
            last = json(batch);
            assertEquals("operation-batch", last.get("type").asText());
        } while (!last.get("isFinal").asBoolean());
        get(id).then().statusCode(204);
        // acknowledged as the real client does, so a slow run is not re-sent the stream on the tick
        ObjectNode delivered = KoraTestClient.JSON.createObjectNode();
        delivered
                .put("type", "acknowledgment")
                .put("messageId", "a1")
                .put("acknowledgedMessageId", last.get("messageId").asText())
                .put("lastSequenceNumber", 0)
                .put("deliverySequence", last.get("maxDeliverySequence").asLong());
        post(id, delivered.toString()).then().statusCode(202);

        // an operation posted over HTTP is acknowledged on the next GET
        KoraTestClient ops = KoraTestClient.builder(id);
        ObjectNode op = ops.insert("http", "r1", data("via", "http"));
        ObjectNode upload = ops.batch(op);
        post(id, upload.toString()).then().statusCode(202);
        JsonNode ack = json(get(id));
        assertEquals("acknowledgment", ack.get("type").asText());
        assertEquals(
                upload.get("messageId").asText(),
                ack.get("acknowledgedMessageId").asText());
    }

    @Test
    @DisplayName(
            "C51 If-None-Match of the head etag → 304 and the message is kept; no client id → 400; PUT → 405 with allow")
    void c51StatusCodes() throws Exception {
        String id = "http-c51-" + System.nanoTime();
        ObjectNode handshake = KoraTestClient.JSON.createObjectNode();
        handshake
                .put("type", "handshake")
                .put("messageId", "h1")
                .put("nodeId", id)
                .put("schemaVersion", 1)
                .putObject("versionVector");
        post(id, handshake.toString()).then().statusCode(202);
        RestAssured.given()
                .header("X-Kora-Client-Id", id)
                .header("If-None-Match", "W/\"1\"")
                .get("/")
                .then()
                .statusCode(304)
                .header("etag", "W/\"1\"");
        assertEquals("handshake-response", json(get(id)).get("type").asText());
        RestAssured.given().get("/").then().statusCode(400);
        RestAssured.given()
                .contentType("application/json")
                .body("{}")
                .post("/")
                .then()
                .statusCode(400);
        RestAssured.given()
                .header("X-Kora-Client-Id", id)
                .contentType("application/json")
                .post("/")
                .then()
                .statusCode(400);
        RestAssured.given()
                .header("X-Kora-Client-Id", id)
                .body("x")
                .put("/")
                .then()
                .statusCode(405)
                .header("allow", "GET, POST");
        // a bearer token keys the session when there is no client id
        String token = "tok-" + System.nanoTime();
        RestAssured.given()
                .header("Authorization", "Bearer " + token)
                .get("/")
                .then()
                .statusCode(204);
    }

    @Test
    @DisplayName("protobuf over HTTP: a binary POST is answered with application/x-protobuf bodies")
    void protobufOverHttp() {
        String id = "http-pb-" + System.nanoTime();
        KoraTestClient ops = KoraTestClient.builder(id);
        byte[] handshake;
        try {
            handshake = ProtobufCodec.encode(JsonCodec.decode(ops.handshake(0L).toString()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        RestAssured.given()
                .header("X-Kora-Client-Id", id)
                .contentType("application/x-protobuf")
                .body(handshake)
                .post("/")
                .then()
                .statusCode(202);
        Response response = get(id);
        response.then().statusCode(200).contentType("application/x-protobuf");
        assertEquals(
                "handshake-response",
                WireFrames.toJson(response.asByteArray()).get("type").asText());
        RestAssured.given()
                .header("X-Kora-Client-Id", id)
                .contentType("application/x-protobuf")
                .body(ProtobufCodec.encode(new Acknowledgment("a", "none", 0, null)))
                .post("/")
                .then()
                .statusCode(202);
    }
}
