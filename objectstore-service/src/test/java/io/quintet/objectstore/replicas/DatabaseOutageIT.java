package io.quintet.objectstore.replicas;

import static io.quintet.objectstore.osp.RawClient.NOTE;
import static io.quintet.objectstore.osp.RawClient.props;
import static io.quintet.objectstore.osp.RawClient.put;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quintet.objectstore.osp.RawClient;
import io.quintet.objectstore.wire.WireCodec;
import io.quintet.objectstore.wire.WireFormat;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL stopped under a running service and started again (issue 17's outage, objectstore's
 * side): while it is down the admin API answers 503 {@code UNAVAILABLE} in its own body (never a
 * hang, a 500 or a stack trace), an OSP client's TX gets the non-fatal {@code ERROR INTERNAL}
 * ("resend it") on a connection that stays open, and nothing is acknowledged; once the database is
 * back the same TX is applied and pushed to a subscribed client, and the admin API answers again.
 */
class DatabaseOutageIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Map<String, String> ADMIN =
            Map.of("OBJECTSTORE_ADMIN_USER", "ops", "OBJECTSTORE_ADMIN_PASSWORD", "ops-password-1");

    private static EmbeddedPostgres postgres(Path data, int port) throws Exception {
        return EmbeddedPostgres.builder()
                .setDataDirectory(data)
                .setCleanDataDirectory(false)
                .setPort(port)
                .start();
    }

    private static HttpResponse<String> get(URI base, String path, String token) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(base.resolve(path))
                        .timeout(Duration.ofSeconds(90))
                        .header("Authorization", "Bearer " + token)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @DisplayName(
            "a PostgreSQL outage: admin API 503 UNAVAILABLE, OSP ERROR INTERNAL without ACK; both serve again after it")
    void outage() throws Exception {
        Path data = Path.of("target", "it-outage", "pg").toAbsolutePath();
        Files.createDirectories(data.getParent());
        int pgPort;
        try (ServerSocket s = new ServerSocket(0)) {
            pgPort = s.getLocalPort();
        }
        EmbeddedPostgres pg = postgres(data, pgPort);
        Map<String, String> env = new java.util.HashMap<>(ADMIN);
        env.put("QUINTET_DB_URL", "postgresql://localhost:" + pgPort + "/postgres");
        try (ServiceProcess service = ServiceProcess.start("postgres", "outage", env);
                RawClient writer = RawClient.connect(service.base(), WireFormat.JSON);
                RawClient reader = RawClient.connect(service.base(), WireFormat.JSON)) {
            HttpResponse<String> login = HTTP.send(
                    HttpRequest.newBuilder(service.base().resolve("api/v2/sessions"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    "{\"username\":\"ops\",\"password\":\"ops-password-1\"}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, login.statusCode(), login.body());
            String token = WireCodec.JSON.readTree(login.body()).path("token").asText();
            assertEquals(200, get(service.base(), "api/v1/types/counts", token).statusCode());
            writer.loginOk("MANUAL");
            reader.loginOk("AUTO");
            assertEquals(
                    "APPLIED",
                    writer.apply(put(NOTE, writer.gid(1), props().put("title", "before")))
                            .path("status")
                            .asText());

            pg.close();

            HttpResponse<String> down = get(service.base(), "api/v1/types/counts", token);
            assertEquals(503, down.statusCode(), down.body());
            JsonNode body = WireCodec.JSON.readTree(down.body());
            assertEquals("UNAVAILABLE", body.path("error").asText(), down.body());
            assertFalse(down.body().contains("Exception") || down.body().contains("\tat "), down.body());

            ObjectNode tx = writer.tx(2, put(NOTE, writer.gid(2), props().put("title", "during")));
            writer.send(tx);
            ObjectNode answer = writer.expect(
                    m -> m.path("t").asText().equals("ERROR")
                            || m.path("t").asText().equals("ACK_TX"),
                    "an answer to the TX sent during the outage");
            assertEquals("ERROR", answer.path("t").asText(), answer.toString());
            assertEquals("INTERNAL", answer.path("code").asText(), answer.toString());
            assertFalse(answer.path("fatal").asBoolean(), answer.toString());
            assertFalse(writer.isClosed(), "the OSP connection stays open through the outage");

            pg = postgres(data, pgPort);

            // the client resends what was not acknowledged, as the SDK does, until it is applied
            ObjectNode ack = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (ack == null && System.nanoTime() < deadline) {
                writer.send(tx);
                ObjectNode m = writer.expect(
                        x -> x.path("t").asText().equals("ERROR")
                                || x.path("t").asText().equals("ACK_TX"),
                        "an answer to the resent TX");
                if (m.path("t").asText().equals("ACK_TX")) ack = m;
                else Thread.sleep(500);
            }
            assertTrue(ack != null, "the resent TX was applied once the database was back");
            assertEquals("2", ack.path("cseq").asText(), ack.toString());
            ObjectNode push = reader.expect(
                    m -> m.path("t").asText().equals("PUSH_DATA")
                            && m.toString().contains("during"),
                    "the push of the TX applied after the outage");
            assertTrue(push.path("txs").size() >= 1, push.toString());

            HttpResponse<String> back = null;
            deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline) {
                back = get(service.base(), "api/v1/types/counts", token);
                if (back.statusCode() == 200) break;
                Thread.sleep(500);
            }
            assertEquals(200, back.statusCode(), back.body());
        } finally {
            pg.close();
        }
    }
}
