package io.quintet.objectstore.replicas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quintet.objectstore.wire.WireCodec;
import io.quintet.protocol.testing.EmbeddedPostgresServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** C81 with a real restart: the packaged service stopped and started again on the same database. */
class LogEventsRestartIT {

    static final Map<String, String> ADMIN =
            Map.of("OBJECTSTORE_ADMIN_USER", "ops", "OBJECTSTORE_ADMIN_PASSWORD", "ops-password-1");
    static final HttpClient HTTP = HttpClient.newHttpClient();

    static HttpResponse<String> post(URI base, String path, String json, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) b.header("Authorization", "Bearer " + token);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode failedLoginEvent(URI base) throws Exception {
        HttpResponse<String> login =
                post(base, "api/v2/sessions", "{\"username\":\"ops\",\"password\":\"ops-password-1\"}", null);
        assertEquals(200, login.statusCode(), login.body());
        String token = WireCodec.JSON.readTree(login.body()).path("token").asText();
        HttpResponse<String> events = HTTP.send(
                HttpRequest.newBuilder(base.resolve("api/v1/events?limit=100"))
                        .header("Authorization", "Bearer " + token)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, events.statusCode(), events.body());
        for (JsonNode e : WireCodec.JSON.readTree(events.body()).path("events"))
            if (e.path("message").asText().startsWith("admin login failed")) return e;
        throw new AssertionError("no failed-login event in " + events.body());
    }

    @Test
    @DisplayName(
            "C81 log events persist across a restart, and repeated similar events merge into one with a count (also across the restart)")
    void c81PersistAndMerge() throws Exception {
        String database = "objectstore_events";
        EmbeddedPostgresServer.createDatabase(database);
        String firstId;
        try (ServiceProcess first = ServiceProcess.start(database, "events-restart", ADMIN)) {
            for (int i = 0; i < 3; i++)
                assertEquals(
                        401,
                        post(
                                        first.base(),
                                        "api/v2/sessions",
                                        "{\"username\":\"ops\",\"password\":\"wrong-" + i + "\"}",
                                        null)
                                .statusCode());
            JsonNode merged = failedLoginEvent(first.base());
            assertEquals(3, merged.path("count").asInt(), merged.toString());
            firstId = merged.path("id").asText();
        }
        try (ServiceProcess second = ServiceProcess.start(database, "events-restart", ADMIN)) {
            JsonNode kept = failedLoginEvent(second.base());
            assertEquals(firstId, kept.path("id").asText(), "the same stored event after the restart");
            assertEquals(3, kept.path("count").asInt());
            assertEquals(
                    401,
                    post(second.base(), "api/v2/sessions", "{\"username\":\"ops\",\"password\":\"wrong-again\"}", null)
                            .statusCode());
            JsonNode again = failedLoginEvent(second.base());
            assertEquals(firstId, again.path("id").asText());
            assertEquals(4, again.path("count").asInt());
            assertTrue(Long.parseLong(again.path("lastTimestamp").asText())
                    > Long.parseLong(again.path("timestamp").asText()));
        }
    }
}
