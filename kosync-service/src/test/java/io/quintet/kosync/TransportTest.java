package io.quintet.kosync;

import static io.quintet.kosync.Json.assertAnswer;
import static io.quintet.kosync.Json.assertError;
import static io.quintet.kosync.KosyncClient.JSON_TYPE;
import static io.quintet.kosync.KosyncClient.VENDOR;
import static io.quintet.kosync.KosyncClient.credentials;
import static io.quintet.kosync.KosyncClient.pushBody;
import static io.quintet.kosync.KosyncClient.registered;
import static io.quintet.kosync.KosyncClient.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quintet.protocol.testing.RawHttp;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Spec 2–5: paths, headers, content types and framing, in the default (relaxed) mode. */
@QuarkusTest
class TransportTest {

    private static final String KEY = KosyncClient.md5("transport");

    @Test
    @DisplayName("C1 GET /healthcheck answers 200 {\"state\":\"OK\"} as application/json without credentials")
    void healthcheck() {
        RawHttp.Reply reply = send("GET", "/healthcheck", List.of(VENDOR), null);
        assertEquals(200, reply.status());
        assertEquals("application/json", reply.header("Content-Type"));
        assertEquals("{\"state\":\"OK\"}", reply.text());
    }

    @Test
    @DisplayName("C2 every route labels success and error answers exactly application/json")
    void contentTypeEverywhere() {
        String user = registered("ct", KEY);
        List<RawHttp.Reply> replies = new ArrayList<>();
        replies.add(send("GET", "/healthcheck", List.of(VENDOR), null));
        replies.add(KosyncClient.register(user, KEY)); // 402
        replies.add(KosyncClient.register(KosyncClient.uniqueName("ct"), KEY)); // 201
        replies.add(KosyncClient.register("", KEY)); // 403
        replies.add(KosyncClient.auth(user, KEY)); // 200
        replies.add(KosyncClient.auth(user, "wrong")); // 401
        replies.add(KosyncClient.push(user, KEY, pushBody("ctdoc", 0.5, "1", "dev", null))); // 200
        replies.add(KosyncClient.push(user, KEY, "{\"document\":\"ctdoc\"}")); // 403
        replies.add(KosyncClient.push(user, KEY, "{nope")); // 400
        replies.add(KosyncClient.pull(user, KEY, "ctdoc")); // 200
        replies.add(KosyncClient.pull(user, KEY, "never")); // 200 {}
        replies.add(KosyncClient.pull(user, "wrong", "ctdoc")); // 401
        for (RawHttp.Reply reply : replies) {
            assertEquals(List.of("application/json"), reply.headerValues("Content-Type"), reply::toString);
            Json.assertJsonObject(reply);
        }
    }

    @Test
    @DisplayName("C3 the vendor Accept type is served on every route, never 406")
    void vendorAccept() {
        String user = registered("accept", KEY);
        assertEquals(200, send("GET", "/healthcheck", List.of(VENDOR), null).status());
        assertEquals(
                201,
                send(
                                "POST",
                                "/users/create",
                                List.of(VENDOR),
                                "{\"username\":\"" + KosyncClient.uniqueName("acc") + "\",\"password\":\"k\"}")
                        .status());
        assertEquals(200, KosyncClient.auth(user, KEY).status());
        assertEquals(
                200,
                KosyncClient.push(user, KEY, pushBody("accdoc", 0.1, "2", "d", null))
                        .status());
        assertEquals(200, KosyncClient.pull(user, KEY, "accdoc").status());
    }

    @Test
    @DisplayName("C4 relaxed mode serves Accept */*, application/json and no Accept at all")
    void relaxedAccept() {
        String user = registered("relaxed", KEY);
        for (String accept : new String[] {
            "Accept: */*",
            "Accept: application/json",
            null,
            "Accept: application/vnd.koreader.v2+json",
            "Accept: text/html"
        }) {
            List<String> headers = new ArrayList<>();
            if (accept != null) headers.add(accept);
            headers.add("x-auth-user: " + user);
            headers.add("x-auth-key: " + KEY);
            RawHttp.Reply auth = send("GET", "/users/auth", headers, null);
            assertAnswer(200, "{\"authorized\":\"OK\"}", auth);
            RawHttp.Reply health = send("GET", "/healthcheck", accept == null ? List.of() : List.of(accept), null);
            assertAnswer(200, "{\"state\":\"OK\"}", health);
        }
    }

    @Test
    @DisplayName("C6 a PUT with Content-Type text/plain, or none, is processed")
    void noContentTypeGate() {
        String user = registered("ctype", KEY);
        List<String> plain = credentials(user, KEY);
        plain.add("Content-Type: text/plain");
        assertEquals(
                200,
                send("PUT", "/syncs/progress", plain, pushBody("plain", 0.2, "3", "d", null))
                        .status());
        List<String> none = credentials(user, KEY);
        assertEquals(
                200,
                send("PUT", "/syncs/progress", none, pushBody("none", 0.2, "3", "d", null))
                        .status());
        assertEquals(
                201,
                send(
                                "POST",
                                "/users/create",
                                List.of(),
                                "{\"username\":\"" + KosyncClient.uniqueName("nct") + "\",\"password\":\"k\"}")
                        .status());
        assertEquals(
                201,
                send(
                                "POST",
                                "/users/create",
                                List.of("Content-Type: application/x-www-form-urlencoded"),
                                "{\"username\":\"" + KosyncClient.uniqueName("form") + "\",\"password\":\"k\"}")
                        .status());
    }

    @Test
    @DisplayName("C7 invalid JSON answers 400/103 on PUT and on POST /users/create")
    void invalidJson() {
        String user = registered("badjson", KEY);
        assertError(400, 103, "Could not parse JSON in body.", KosyncClient.push(user, KEY, "{\"document\":"));
        assertError(
                400,
                103,
                "Could not parse JSON in body.",
                send("POST", "/users/create", List.of(JSON_TYPE), "{username"));
        assertError(
                400, 103, "Could not parse JSON in body.", send("POST", "/users/create", List.of(JSON_TYPE), "{} {}"));
    }

    @Test
    @DisplayName("C8 a JSON array body answers 400/104")
    void arrayBody() {
        String user = registered("array", KEY);
        assertError(400, 104, "Body should be a JSON hash.", KosyncClient.push(user, KEY, "[1,2]"));
        assertError(400, 104, "Body should be a JSON hash.", send("POST", "/users/create", List.of(JSON_TYPE), "[]"));
    }

    @Test
    @DisplayName(
            "C9 null/number/string/boolean bodies answer 400/104; empty create 403/2003; empty PUT 403/2004 after auth")
    void scalarAndEmptyBodies() {
        String user = registered("scalar", KEY);
        for (String body : new String[] {"null", "42", "\"text\"", "true"}) {
            assertError(400, 104, "Body should be a JSON hash.", KosyncClient.push(user, KEY, body));
            assertError(
                    400, 104, "Body should be a JSON hash.", send("POST", "/users/create", List.of(JSON_TYPE), body));
        }
        assertError(403, 2003, "Invalid request", send("POST", "/users/create", List.of(JSON_TYPE), null));
        assertError(403, 2003, "Invalid request", send("POST", "/users/create", List.of(JSON_TYPE), ""));
        assertError(
                403,
                2004,
                "Field 'document' not provided.",
                send("PUT", "/syncs/progress", credentials(user, KEY), null));
        Json.assertUnauthorized(send("PUT", "/syncs/progress", credentials(user, "wrong"), null));
    }

    @Test
    @DisplayName("C10 GET /syncs/progress without a segment is 404 or 405; an unknown path is 404")
    void unknownPaths() {
        String user = registered("paths", KEY);
        RawHttp.Reply bare = send("GET", "/syncs/progress", credentials(user, KEY), null);
        assertTrue(bare.status() == 404 || bare.status() == 405, bare::toString);
        RawHttp.Reply unknown = send("GET", "/no/such/route", List.of(VENDOR), null);
        assertEquals(404, unknown.status());
        Json.assertJsonObject(unknown);
        assertEquals("application/json", unknown.header("Content-Type"));
        RawHttp.Reply wrongMethod = send("DELETE", "/users/auth", List.of(VENDOR), null);
        assertTrue(wrongMethod.status() == 404 || wrongMethod.status() == 405, wrongMethod::toString);
        Json.assertJsonObject(wrongMethod);
    }

    @Test
    @DisplayName("C11 a trailing slash is served like the path without it")
    void trailingSlash() {
        String user = registered("slash", KEY);
        assertAnswer(200, "{\"authorized\":\"OK\"}", send("GET", "/users/auth/", credentials(user, KEY), null));
        assertAnswer(200, "{\"state\":\"OK\"}", send("GET", "/healthcheck/", List.of(VENDOR), null));
        assertEquals(
                200,
                send("PUT", "/syncs/progress/", credentials(user, KEY), pushBody("sl", 0.3, "4", "d", null))
                        .status());
        assertEquals(
                200,
                send("GET", "/syncs/progress/sl/", credentials(user, KEY), null).status());
        assertEquals(
                201,
                send(
                                "POST",
                                "/users/create/",
                                List.of(VENDOR),
                                "{\"username\":\"" + KosyncClient.uniqueName("sl") + "\",\"password\":\"k\"}")
                        .status());
    }

    @Test
    @DisplayName("C12 no route answers 202, and no 200 has an empty or non-JSON body")
    void never202() {
        String user = registered("n202", KEY);
        List<RawHttp.Reply> replies = List.of(
                send("GET", "/healthcheck", List.of(VENDOR), null),
                KosyncClient.auth(user, KEY),
                KosyncClient.push(user, KEY, pushBody("d202", 0.9, "9", "d", "id")),
                KosyncClient.push(user, KEY, pushBody("d202", 0.1, "1", "d", "id")),
                KosyncClient.pull(user, KEY, "d202"),
                KosyncClient.pull(user, KEY, "unknown202"));
        for (RawHttp.Reply reply : replies) {
            assertNotEquals(202, reply.status());
            assertEquals(200, reply.status(), reply::toString);
            assertTrue(reply.body().length > 0);
            Json.assertJsonObject(reply);
        }
    }

    @Test
    @DisplayName("C13 a body over 64 KiB answers 413 and the service keeps serving")
    void bodyLimit() {
        String user = registered("big", KEY);
        byte[] big = ("{\"document\":\"big\",\"progress\":\"" + "x".repeat(70 * 1024) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        RawHttp.Reply tooBig =
                RawHttp.send("PUT", KosyncClient.PREFIX + "/syncs/progress", credentials(user, KEY), big);
        assertEquals(413, tooBig.status());
        RawHttp.Reply tooBigCreate =
                RawHttp.send("POST", KosyncClient.PREFIX + "/users/create", List.of(JSON_TYPE), big);
        assertEquals(413, tooBigCreate.status());
        assertAnswer(200, "{\"authorized\":\"OK\"}", KosyncClient.auth(user, KEY));
        // just under the limit is still parsed (and refused for its oversized progress, spec 10)
        byte[] under = ("{\"document\":\"big\",\"percentage\":0.1,\"device\":\"d\",\"progress\":\""
                        + "x".repeat(60 * 1024) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        assertError(
                403,
                2003,
                "Invalid request",
                RawHttp.send("PUT", KosyncClient.PREFIX + "/syncs/progress", credentials(user, KEY), under));
    }
}
