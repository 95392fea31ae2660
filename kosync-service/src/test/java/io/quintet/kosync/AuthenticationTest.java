package io.quintet.kosync;

import static io.quintet.kosync.Json.assertAnswer;
import static io.quintet.kosync.Json.assertUnauthorized;
import static io.quintet.kosync.KosyncClient.VENDOR;
import static io.quintet.kosync.KosyncClient.auth;
import static io.quintet.kosync.KosyncClient.md5;
import static io.quintet.kosync.KosyncClient.pull;
import static io.quintet.kosync.KosyncClient.push;
import static io.quintet.kosync.KosyncClient.pushBody;
import static io.quintet.kosync.KosyncClient.registered;
import static io.quintet.kosync.KosyncClient.send;

import io.quarkus.test.junit.QuarkusTest;
import io.quintet.protocol.testing.RawHttp;
import java.util.List;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Spec 6.2 and 8: every credential failure is the same 401/2001. */
@QuarkusTest
class AuthenticationTest {

    private static final String KEY = md5("auth-password");

    @Test
    @DisplayName("C25 valid credentials answer 200 with exactly {\"authorized\":\"OK\"}")
    void valid() {
        String user = registered("auth", KEY);
        RawHttp.Reply reply = auth(user, KEY);
        assertAnswer(200, "{\"authorized\":\"OK\"}", reply);
        Assertions.assertEquals("{\"authorized\":\"OK\"}", reply.text());
        // twice: the second answer comes from the verification cache
        assertAnswer(200, "{\"authorized\":\"OK\"}", auth(user, KEY));
    }

    @Test
    @DisplayName("C26 a wrong key answers 401/2001")
    void wrongKey() {
        String user = registered("auth", KEY);
        assertUnauthorized(auth(user, md5("nope")));
        auth(user, KEY); // cached now
        assertUnauthorized(auth(user, md5("nope")));
    }

    @Test
    @DisplayName("C27 an unknown user answers 401 with the same body")
    void unknownUser() {
        assertUnauthorized(auth(KosyncClient.uniqueName("ghost"), KEY));
    }

    @Test
    @DisplayName("C28 no headers, only x-auth-user, only x-auth-key, or an empty key answer 401/2001")
    void missingHeaders() {
        String user = registered("auth", KEY);
        assertUnauthorized(send("GET", "/users/auth", List.of(VENDOR), null));
        assertUnauthorized(send("GET", "/users/auth", List.of(VENDOR, "x-auth-user: " + user), null));
        assertUnauthorized(send("GET", "/users/auth", List.of(VENDOR, "x-auth-key: " + KEY), null));
        assertUnauthorized(send("GET", "/users/auth", List.of(VENDOR, "x-auth-user: " + user, "x-auth-key: "), null));
        assertUnauthorized(send("GET", "/users/auth", List.of(VENDOR, "x-auth-user: ", "x-auth-key: " + KEY), null));
    }

    @Test
    @DisplayName("C29 a key that differs only in hex case answers 401")
    void hexCase() {
        String user = registered("auth", KEY);
        assertUnauthorized(auth(user, KEY.toUpperCase()));
    }

    @Test
    @DisplayName("C30 any non-empty non-hex key registered verbatim is accepted")
    void nonHexKey() {
        String key = "not an md5 – ключ ✓";
        String user = registered("auth", key);
        assertAnswer(200, "{\"authorized\":\"OK\"}", auth(user, key));
    }

    @Test
    @DisplayName("C31 bad credentials on GET and PUT progress answer 401/2001, even with an invalid PUT body")
    void badCredentialsOnProgress() {
        String user = registered("auth", KEY);
        assertUnauthorized(pull(user, "wrong", "doc"));
        assertUnauthorized(pull(KosyncClient.uniqueName("ghost"), KEY, "doc"));
        assertUnauthorized(pull(user, "wrong", "bad%3Adoc"));
        assertUnauthorized(push(user, "wrong", pushBody("doc", 0.1, "1", "d", null)));
        assertUnauthorized(push(user, "wrong", "{}"));
        assertUnauthorized(push(user, "wrong", "{\"document\":\"a:b\",\"percentage\":\"x\"}"));
        assertUnauthorized(send("PUT", "/syncs/progress", List.of(VENDOR), "{}"));
    }

    @Test
    @DisplayName("C32 a repeated x-auth-user or x-auth-key header answers 401")
    void duplicateHeaders() {
        String user = registered("auth", KEY);
        assertUnauthorized(send(
                "GET",
                "/users/auth",
                List.of(VENDOR, "x-auth-user: " + user, "x-auth-user: " + user, "x-auth-key: " + KEY),
                null));
        assertUnauthorized(send(
                "GET",
                "/users/auth",
                List.of(VENDOR, "x-auth-user: " + user, "x-auth-key: " + KEY, "X-Auth-Key: " + KEY),
                null));
    }

    @Test
    @DisplayName("header names are case-insensitive")
    void headerForms() {
        String user = registered("auth", KEY);
        assertAnswer(
                200,
                "{\"authorized\":\"OK\"}",
                send("GET", "/users/auth", List.of("X-AUTH-USER: " + user, "X-Auth-Key: " + KEY), null));
    }
}
