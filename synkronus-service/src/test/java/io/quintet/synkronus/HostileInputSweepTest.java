package io.quintet.synkronus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.quintet.protocol.testing.RawHttp;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Issue 17's malformed-input sweep for synkronus: every route of synkronus.md 5 (and the legacy
 * paths of the December 2025 clients) with no or a wrong token, the wrong method, broken bodies
 * (100 000-deep nesting, 2 MiB of padding, wrong types), NUL in the path and the query, a 6 000-char
 * path, a 30 KB header and lone surrogates. The answer is always one of synkronus' own envelopes
 * (synkronus.md 1.4: the JSON error, the plain-text middleware line, the 426 body) or a normal
 * answer, never a 5xx (except the 500 that synkronus.md 10.6 prescribes for changes against a
 * missing version), a stack trace or a hang (each request has a 30 s socket timeout).
 */
@QuarkusTest
class HostileInputSweepTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A route, a method it does not have, and a body it accepts (null for routes without one). */
    record Route(String method, String path, String wrongMethod, String body) {}

    private static final String NO_SUCH = "no-such-" + java.util.UUID.randomUUID();

    // never a body that a destructive route would act on: reset and import get wrong confirmations
    static final List<Route> ROUTES = List.of(
            new Route("GET", "/health", "DELETE", null),
            new Route("POST", "/api/auth/login", "GET", "{\"username\":\"nobody\",\"password\":\"wrong\"}"),
            new Route("POST", "/api/auth/refresh", "GET", "{\"refresh_token\":\"x.y.z\"}"),
            new Route("POST", "/api/sync/pull", "GET", "{\"client_id\":\"sweep\",\"since\":{\"version\":0}}"),
            new Route(
                    "POST",
                    "/api/sync/push",
                    "GET",
                    "{\"transmission_id\":\"t\",\"client_id\":\"sweep\",\"records\":[{\"observation_id\":\"sweep-1\","
                            + "\"form_type\":\"f\",\"form_version\":\"1\",\"data\":{\"a\":\"b\"},"
                            + "\"created_at\":\"2026-01-01T00:00:00Z\"}]}"),
            new Route("POST", "/api/attachments/manifest", "GET", "{\"client_id\":\"sweep\",\"since_version\":0}"),
            new Route("GET", "/api/attachments/export-zip", "POST", null),
            new Route("PUT", "/api/attachments/" + NO_SUCH + ".bin", "POST", ""),
            new Route("GET", "/api/attachments/" + NO_SUCH + ".bin", "DELETE", null),
            new Route("GET", "/api/app-bundle/manifest", "POST", null),
            new Route("GET", "/api/app-bundle/download/" + NO_SUCH + ".html", "POST", null),
            new Route("GET", "/api/app-bundle/download-zip", "POST", null),
            new Route("GET", "/api/app-bundle/versions", "POST", null),
            new Route("GET", "/api/app-bundle/changes", "POST", null),
            new Route("POST", "/api/app-bundle/push", "GET", ""),
            new Route("POST", "/api/app-bundle/switch/" + NO_SUCH, "GET", null),
            new Route("POST", "/api/users", "DELETE", "{\"username\":\"\",\"password\":\"p\",\"role\":\"read-only\"}"),
            new Route(
                    "POST",
                    "/api/users/create",
                    "GET",
                    "{\"username\":\"\",\"password\":\"p\",\"role\":\"read-only\"}"),
            new Route("GET", "/api/users", "PUT", null),
            new Route("DELETE", "/api/users/delete/" + NO_SUCH, "POST", null),
            new Route(
                    "POST",
                    "/api/users/reset-password",
                    "GET",
                    "{\"username\":\"" + NO_SUCH + "\",\"newPassword\":\"x\"}"),
            new Route(
                    "POST",
                    "/api/users/change-password",
                    "GET",
                    "{\"currentPassword\":\"wrong\",\"newPassword\":\"x\"}"),
            new Route("GET", "/api/dataexport/parquet", "POST", null),
            new Route("GET", "/api/dataexport/raw-json", "POST", null),
            new Route("GET", "/api/stats/observations", "POST", null),
            new Route("GET", "/api/version", "POST", null),
            new Route("GET", "/api/versions", "POST", null),
            new Route("POST", "/api/admin/repository/reset", "GET", "{\"confirm\":\"NOT_THE_CONFIRMATION\"}"),
            new Route("POST", "/api/admin/import", "GET", "{}"),
            // the December 2025 clients' paths without /api
            new Route("POST", "/auth/login", "GET", "{\"username\":\"nobody\",\"password\":\"wrong\"}"),
            new Route("POST", "/sync/pull", "GET", "{\"client_id\":\"sweep\",\"since\":{\"version\":0}}"),
            new Route(
                    "POST", "/sync/push", "GET", "{\"transmission_id\":\"t\",\"client_id\":\"sweep\",\"records\":[]}"),
            new Route("POST", "/attachments/manifest", "GET", "{\"client_id\":\"sweep\",\"since_version\":0}"),
            new Route("GET", "/version", "POST", null));

    private static boolean open(Route r) {
        return r.path().equals("/health") || r.path().contains("/auth/");
    }

    /**
     * The one 5xx the protocol itself prescribes for a client's input: changes against an unknown
     * version, or when no version exists, are "500 standard error" (synkronus.md 10.6).
     */
    private static boolean documented500(String what, RawHttp.Reply reply) {
        return reply.status() == 500
                && what.startsWith("GET /api/app-bundle/changes")
                && reply.text().contains("\"message\":\"Failed to compute changes\"");
    }

    /** One of synkronus' answers (synkronus.md 1.4) or a normal one; never a 5xx or a stack trace. */
    static void assertSynkronusAnswer(String what, RawHttp.Reply reply, Set<Integer> allowed) {
        if (documented500(what, reply)) {
            return;
        }
        assertTrue(reply.status() > 0 && reply.status() < 500, () -> what + " -> " + reply);
        if (!allowed.isEmpty()) {
            assertTrue(allowed.contains(reply.status()), () -> what + " -> " + reply);
        }
        String text = reply.text();
        assertFalse(text.contains("Exception") || text.contains("\tat "), () -> what + " leaked a trace: " + reply);
        if (reply.body().length == 0 || reply.status() / 100 == 2 || reply.status() / 100 == 3) {
            return;
        }
        String type = String.valueOf(reply.header("Content-Type"));
        if (type.startsWith("text/plain")) {
            // the middleware's status line: one line, newline-terminated
            assertTrue(text.endsWith("\n") && text.indexOf('\n') == text.length() - 1, () -> what + " -> " + reply);
            return;
        }
        if (type.startsWith("application/json")) {
            JsonNode body;
            try {
                body = JSON.readTree(reply.body());
            } catch (Exception e) {
                fail(what + " answered JSON that does not parse: " + reply);
                return;
            }
            boolean standard = body.path("error").isTextual();
            boolean version = reply.status() == 426
                    && body.path("message").isTextual()
                    && body.path("synkronus_version").isTextual();
            assertTrue(body.isObject() && (standard || version), () -> what + " -> " + reply);
            return;
        }
        fail(what + " answered in no synkronus shape: " + reply);
    }

    private static List<String> headers(String token, String... more) {
        List<String> lines = new ArrayList<>();
        lines.add("x-ode-version: " + Api.VERSION);
        lines.add("X-Real-IP: " + Api.freshIp());
        lines.add("Content-Type: application/json");
        if (token != null) {
            lines.add("Authorization: Bearer " + token);
        }
        lines.addAll(List.of(more));
        return lines;
    }

    private static RawHttp.Reply send(String method, String path, List<String> headers, byte[] body) {
        return RawHttp.send(method, "/synkronus" + path, headers, body);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    @DisplayName("issue 17 sweep: every route under hostile input answers in a synkronus envelope, never 5xx")
    void sweep() throws Exception {
        String admin = Api.adminToken();
        java.util.Map<String, Object> claims = new java.util.HashMap<>(Jwts.payload(admin));
        String forged = Jwts.sign("HS256", claims, "not-the-secret-of-this-service-0123456789");
        claims.put("exp", Jwts.now() - 60);
        String expired = Jwts.hs256(claims);
        String nested = "[".repeat(100_000) + "]".repeat(100_000);
        String deepObjects = "{\"a\":".repeat(5_000) + "1" + "}".repeat(5_000);
        String padded = " ".repeat(2 * 1024 * 1024) + "{}";
        List<String> broken = List.of(
                "{",
                "[]",
                "\"a string\"",
                "123",
                "null",
                "{\"client_id\":{},\"since\":[],\"records\":\"x\",\"username\":7}",
                "\u0000\u0001\u0002",
                nested,
                deepObjects,
                padded);
        int requests = 0;
        for (Route route : ROUTES) {
            String name = route.method() + " " + route.path();
            byte[] body = route.body() == null ? null : utf8(route.body());
            if (!open(route)) {
                assertSynkronusAnswer(
                        name + " no token", send(route.method(), route.path(), headers(null), body), Set.of(401));
                assertSynkronusAnswer(
                        name + " wrong token", send(route.method(), route.path(), headers("a.b.c"), body), Set.of(401));
                assertSynkronusAnswer(
                        name + " forged token", send(route.method(), route.path(), headers(forged), body), Set.of(401));
                assertSynkronusAnswer(
                        name + " expired token",
                        send(route.method(), route.path(), headers(expired), body),
                        Set.of(401));
            }
            assertSynkronusAnswer(
                    name + " wrong method " + route.wrongMethod(),
                    send(route.wrongMethod(), route.path(), headers(admin), null),
                    Set.of(404, 405));
            if (route.body() != null) {
                for (String b : broken) {
                    assertSynkronusAnswer(
                            name + " body "
                                    + b.substring(0, Math.min(24, b.length())).trim(),
                            send(route.method(), route.path(), headers(admin), utf8(b)),
                            Set.of());
                    requests++;
                }
                // a lone surrogate, escaped and as raw (invalid UTF-8) bytes, where a string goes
                String escaped = route.body().replaceFirst(":\"[^\"]*\"", ":\"a\\\\ud800b\"");
                assertSynkronusAnswer(
                        name + " escaped lone surrogate",
                        send(route.method(), route.path(), headers(admin), utf8(escaped)),
                        Set.of());
                ByteArrayOutputStream raw = new ByteArrayOutputStream();
                int quote = route.body().indexOf(":\"");
                if (quote > 0) {
                    raw.write(utf8(route.body().substring(0, quote + 2)));
                    raw.write(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80});
                    raw.write(utf8(route.body().substring(quote + 2)));
                    assertSynkronusAnswer(
                            name + " raw lone surrogate",
                            send(route.method(), route.path(), headers(admin), raw.toByteArray()),
                            Set.of());
                }
            }
            assertSynkronusAnswer(
                    name + " NUL in path",
                    send(route.method(), route.path() + "%00", headers(admin), body),
                    Set.of(301, 400, 404, 405));
            assertSynkronusAnswer(
                    name + " NUL in query",
                    send(route.method(), route.path() + "?limit=%00&original=%00&preview=a%00b", headers(admin), body),
                    Set.of());
            assertSynkronusAnswer(
                    name + " 6 000-char path",
                    send(route.method(), route.path() + "/" + "a".repeat(6_000), headers(admin), body),
                    Set.of(400, 404, 405, 414));
            assertSynkronusAnswer(
                    name + " 30 KB header",
                    send(route.method(), route.path(), headers(admin, "X-Filler: " + "f".repeat(30_000)), body),
                    Set.of());
            requests += 7;
        }
        assertTrue(requests > 300, "requests: " + requests);
        assertEquals(200, Api.admin().get("/api/versions").statusCode(), "still serving");
    }
}
