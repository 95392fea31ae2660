package io.quintet.kosync;

import static io.quintet.kosync.Json.assertAnswer;
import static io.quintet.kosync.Json.assertError;
import static io.quintet.kosync.KosyncClient.JSON_TYPE;
import static io.quintet.kosync.KosyncClient.VENDOR;
import static io.quintet.kosync.KosyncClient.auth;
import static io.quintet.kosync.KosyncClient.md5;
import static io.quintet.kosync.KosyncClient.push;
import static io.quintet.kosync.KosyncClient.pushBody;
import static io.quintet.kosync.KosyncClient.send;
import static io.quintet.kosync.KosyncClient.uniqueName;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quintet.kosync.config.KosyncConfig;
import io.quintet.protocol.testing.RawHttp;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Strict Accept, registration off, history on: the switches an operator turns, in one boot. */
@QuarkusTest
@TestProfile(OperatorProfile.class)
class OperatorModeTest {

    @Inject
    KosyncConfig config;

    @Test
    @DisplayName("C5 strict mode: no Accept 412/100, */* 412/101, v2 412/102 on every route; the vendor type is served")
    void strictAccept() {
        for (String[] route : new String[][] {
            {"GET", "/healthcheck"},
            {"GET", "/users/auth"},
            {"POST", "/users/create"},
            {"PUT", "/syncs/progress"},
            {"GET", "/syncs/progress/doc"},
            {"GET", "/nowhere"}
        }) {
            String body = route[0].equals("GET") ? null : "{}";
            assertError(412, 100, "Accept header not set.", send(route[0], route[1], List.of(), body));
            assertError(
                    412, 101, "Invalid Accept header format.", send(route[0], route[1], List.of("Accept: */*"), body));
            assertError(
                    412,
                    101,
                    "Invalid Accept header format.",
                    send(route[0], route[1], List.of("Accept: application/json"), body));
            assertError(
                    412,
                    101,
                    "Invalid Accept header format.",
                    send(route[0], route[1], List.of("Accept: application/vnd.koreader.v1+json, */*"), body));
            assertError(
                    412,
                    102,
                    "Unsupported version specified in the Accept header.",
                    send(route[0], route[1], List.of("Accept: application/vnd.koreader.v2+json"), body));
        }
        assertAnswer(200, "{\"state\":\"OK\"}", send("GET", "/healthcheck", List.of(VENDOR), null));
        // the admin API is ours, not the protocol's: no Accept needed
        assertEquals(200, Admin.call("GET", "/users", null).status());
    }

    @Test
    @DisplayName("C19 registration disabled: any body answers 402/2005 and no account is created")
    void registrationDisabled() {
        String name = uniqueName("closed");
        for (String body :
                new String[] {"{\"username\":\"" + name + "\",\"password\":\"k\"}", "{}", "{\"username\":42}", null}) {
            assertError(
                    402,
                    2005,
                    "User registration is disabled.",
                    send("POST", "/users/create", List.of(VENDOR, JSON_TYPE), body));
        }
        Json.assertUnauthorized(auth(name, "k"));
        assertFalse(Json.tree(Admin.call("GET", "/users", null)).toString().contains(name));
    }

    @Test
    @DisplayName("C56 with registration disabled the client shows the server's message (402 + JSON message)")
    void disabledMessageShown() {
        RawHttp.Reply reply = KosyncClient.register(uniqueName("any"), md5("x"));
        assertEquals(402, reply.status()); // one of the two statuses KOReader's descriptor expects
        assertEquals(
                "User registration is disabled.",
                Json.tree(reply).get("message").asText());
    }

    @Test
    @DisplayName(
            "C64 the registration switch is read from configuration at start-up (KOsync's disable_registration here)")
    void switchFromConfiguration() {
        assertTrue(config.registration().disabled());
        assertFalse(config.registration().open());
        assertEquals(KosyncConfig.AcceptMode.strict, config.acceptMode());
        assertTrue(config.storeHistory());
    }

    @Test
    @DisplayName("C62 third-party verifier with --strict-accept and --registration-off: 0 MUST and 0 SHOULD failures")
    void verifierStrict() {
        String user = uniqueName("strict");
        String second = uniqueName("strict2");
        assertEquals(201, Admin.createUser(user, "pw").status());
        assertEquals(201, Admin.createUser(second, "pw2").status());
        ConformanceVerifier verifier = new ConformanceVerifier(
                        new ConformanceVerifier.Profile(false, true, true, user, md5("pw"), second, md5("pw2")))
                .run();
        assertEquals(List.of(), verifier.mustFailures());
        assertEquals(List.of(), verifier.shouldFailures());
    }

    @Test
    @DisplayName("store_history on: every accepted push is kept in order and readable through the admin API")
    void history() {
        String name = uniqueName("hist");
        assertEquals(201, Admin.createUser(name, "pw").status());
        String key = md5("pw");
        assertEquals(
                200, push(name, key, pushBody("book", 0.1, "10", "kobo", "K")).status());
        assertEquals(
                200,
                push(name, key, pushBody("book", 0.3, "30", "kindle", null)).status());
        assertEquals(
                200, push(name, key, pushBody("other", 0.5, "50", "kobo", "K")).status());
        assertEquals(
                403,
                push(name, key, pushBody("book", 0.4, "40", "kobo", "i".repeat(300)))
                        .status());
        JsonNode all = Json.tree(Admin.call("GET", "/users/" + name + "/history", null))
                .get("history");
        assertEquals(3, all.size());
        JsonNode book = Json.tree(Admin.call("GET", "/users/" + name + "/history?document=book", null))
                .get("history");
        assertEquals(2, book.size());
        assertEquals("10", book.get(0).get("progress").asText());
        assertEquals("30", book.get(1).get("progress").asText());
        assertEquals("K", book.get(1).get("device_id").asText(), "the history holds the stored record");
        assertTrue(book.get(1).get("timestamp").asLong()
                >= book.get(0).get("timestamp").asLong());
    }

    @Test
    @DisplayName(
            "store_history on, pushes grouped under concurrency: every acknowledged push is kept once, the last kept is the stored one")
    void historyUnderConcurrency() throws Exception {
        String name = uniqueName("histc");
        assertEquals(201, Admin.createUser(name, "pw").status());
        String key = md5("pw");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        try {
            List<Callable<Void>> work = new ArrayList<>();
            for (int w = 0; w < 8; w++) {
                int worker = w;
                work.add(() -> {
                    for (int i = 0; i < 25; i++) {
                        String progress = worker + "-" + i;
                        if (push(name, key, pushBody("doc" + (i % 5), i / 25.0, progress, "dev", "id"))
                                        .status()
                                == 200) {
                            acknowledged.add(progress);
                        }
                    }
                    return null;
                });
            }
            for (Future<Void> f : pool.invokeAll(work)) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(200, acknowledged.size());
        JsonNode all = Json.tree(Admin.call("GET", "/users/" + name + "/history", null))
                .get("history");
        Set<String> kept = new HashSet<>();
        all.forEach(h -> kept.add(h.get("progress").asText()));
        assertEquals(200, all.size());
        assertEquals(acknowledged, kept);
        for (int d = 0; d < 5; d++) {
            JsonNode book = Json.tree(Admin.call("GET", "/users/" + name + "/history?document=doc" + d, null))
                    .get("history");
            JsonNode last = book.get(book.size() - 1);
            JsonNode stored = Json.tree(KosyncClient.pull(name, key, "doc" + d));
            assertEquals(last.get("progress").asText(), stored.get("progress").asText());
            assertEquals(last.get("timestamp").asLong(), stored.get("timestamp").asLong());
        }
    }
}
