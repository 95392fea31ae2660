package io.quintet.kosync;

import static io.quintet.kosync.Json.assertAnswer;
import static io.quintet.kosync.Json.assertError;
import static io.quintet.kosync.KosyncClient.JSON_TYPE;
import static io.quintet.kosync.KosyncClient.auth;
import static io.quintet.kosync.KosyncClient.md5;
import static io.quintet.kosync.KosyncClient.pull;
import static io.quintet.kosync.KosyncClient.push;
import static io.quintet.kosync.KosyncClient.pushBody;
import static io.quintet.kosync.KosyncClient.register;
import static io.quintet.kosync.KosyncClient.send;
import static io.quintet.kosync.KosyncClient.uniqueName;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.quintet.protocol.testing.RawHttp;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Spec 6.1: POST /users/create with registration open (the default). */
@QuarkusTest
class RegistrationTest {

    private static final String KEY = md5("secret");

    @Test
    @DisplayName("C14 registration answers 201 with exactly {\"username\": name}")
    void registers() {
        String name = uniqueName("u1");
        RawHttp.Reply reply = register(name, KEY);
        assertEquals(201, reply.status());
        assertEquals("application/json", reply.header("Content-Type"));
        assertEquals("{\"username\":\"" + name + "\"}", reply.text());
    }

    @Test
    @DisplayName("C15 the registered key authenticates as sent (no double hashing)")
    void keyAsRegistered() {
        String name = uniqueName("u1");
        register(name, KEY);
        assertAnswer(200, "{\"authorized\":\"OK\"}", auth(name, KEY));
    }

    @Test
    @DisplayName("C16 a second registration of a name is 402/2002 and leaves the account and its positions intact")
    void duplicate() {
        String name = uniqueName("dup");
        register(name, KEY);
        assertEquals(200, push(name, KEY, pushBody("kept", 0.5, "5", "d", null)).status());
        assertError(402, 2002, "Username is already registered.", register(name, md5("other")));
        assertError(402, 2002, "Username is already registered.", register(name, KEY));
        assertAnswer(200, "{\"authorized\":\"OK\"}", auth(name, KEY));
        Json.assertUnauthorized(auth(name, md5("other")));
        assertEquals(0.5, Json.tree(pull(name, KEY, "kept")).get("percentage").doubleValue());
    }

    @Test
    @DisplayName("C17 names are case-sensitive: U1 is another account")
    void caseSensitive() {
        String lower = uniqueName("case");
        String upper = lower.toUpperCase();
        register(lower, KEY);
        Json.assertUnauthorized(auth(upper, KEY));
        assertEquals(201, register(upper, md5("upper")).status());
        assertAnswer(200, "{\"authorized\":\"OK\"}", auth(upper, md5("upper")));
        assertAnswer(200, "{\"authorized\":\"OK\"}", auth(lower, KEY));
        Json.assertUnauthorized(auth(upper, KEY));
    }

    @Test
    @DisplayName("C18 empty, missing, numeric or colon-containing fields answer 403/2003")
    void invalidFields() {
        for (String body : new String[] {
            "{\"username\":\"\",\"password\":\"k\"}",
            "{\"username\":\"x\",\"password\":\"\"}",
            "{\"password\":\"k\"}",
            "{\"username\":\"x\"}",
            "{}",
            "{\"username\":42,\"password\":\"k\"}",
            "{\"username\":\"x\",\"password\":42}",
            "{\"username\":\"a:b\",\"password\":\"k\"}",
            "{\"username\":null,\"password\":\"k\"}",
            "{\"username\":[\"x\"],\"password\":\"k\"}"
        }) {
            assertError(403, 2003, "Invalid request", send("POST", "/users/create", List.of(JSON_TYPE), body));
        }
    }

    @Test
    @DisplayName("C20 a UTF-8 name registered through JSON authenticates through the header")
    void utf8Name() {
        String name = uniqueName("José-日本");
        assertEquals(201, register(name, KEY).status());
        assertAnswer(200, "{\"authorized\":\"OK\"}", auth(name, KEY));
        assertEquals(
                200, push(name, KEY, pushBody("utf8", 0.25, "p", "d", null)).status());
        assertEquals(0.25, Json.tree(pull(name, KEY, "utf8")).get("percentage").doubleValue());
    }

    @Test
    @DisplayName("C21 a name with leading or trailing whitespace is refused with 403/2003")
    void whitespaceNames() {
        for (String name : new String[] {" lead", "trail ", "\ttab", "nbsp\u00a0", "new\nline"}) {
            assertError(403, 2003, "Invalid request", register(name, KEY));
        }
        assertEquals(201, register(uniqueName("inner space"), KEY).status());
    }

    @Test
    @DisplayName("C22 20 concurrent registrations of one name: exactly one 201, the rest 402/2002")
    void concurrentRegistration() throws Exception {
        String name = uniqueName("race");
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            List<Callable<RawHttp.Reply>> calls = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String key = md5("race" + i);
                calls.add(() -> register(name, key));
            }
            int created = 0;
            for (Future<RawHttp.Reply> f : pool.invokeAll(calls)) {
                RawHttp.Reply r = f.get();
                if (r.status() == 201) {
                    created++;
                } else {
                    assertError(402, 2002, "Username is already registered.", r);
                }
            }
            assertEquals(1, created);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @DisplayName("C23 extra fields in the registration body are ignored")
    void extraFields() {
        String name = uniqueName("extra");
        RawHttp.Reply reply = send(
                "POST",
                "/users/create",
                List.of(JSON_TYPE),
                "{\"username\":\"" + name + "\",\"password\":\"" + KEY
                        + "\",\"email\":\"x@y\",\"nested\":{\"a\":[1]}}");
        assertAnswer(201, "{\"username\":\"" + name + "\"}", reply);
    }

    @Test
    @DisplayName("C24 a name or key longer than 255 bytes is refused with 403/2003")
    void lengthLimits() {
        assertError(403, 2003, "Invalid request", register("n".repeat(256), KEY));
        assertError(403, 2003, "Invalid request", register("é".repeat(128), KEY)); // 256 bytes
        assertError(403, 2003, "Invalid request", register(uniqueName("longkey"), "k".repeat(256)));
        String max = uniqueName("m");
        max = max + "m".repeat(255 - max.length());
        assertEquals(201, register(max, "k".repeat(255)).status());
        assertAnswer(200, "{\"authorized\":\"OK\"}", auth(max, "k".repeat(255)));
    }
}
