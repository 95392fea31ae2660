package io.quintet.kosync;

import static io.quintet.kosync.Json.assertAnswer;
import static io.quintet.kosync.Json.assertUnauthorized;
import static io.quintet.kosync.Json.tree;
import static io.quintet.kosync.KosyncClient.auth;
import static io.quintet.kosync.KosyncClient.md5;
import static io.quintet.kosync.KosyncClient.pull;
import static io.quintet.kosync.KosyncClient.push;
import static io.quintet.kosync.KosyncClient.pushBody;
import static io.quintet.kosync.KosyncClient.registered;
import static io.quintet.kosync.KosyncClient.send;
import static io.quintet.kosync.KosyncClient.uniqueName;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quintet.kosync.auth.KeyHasher;
import io.quintet.protocol.oplog.NewOperation;
import io.quintet.protocol.oplog.OperationLog;
import io.quintet.protocol.testing.RawHttp;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The admin surface, the protocol's key change and deletion, and cross-replica cache invalidation. */
@QuarkusTest
class AdminApiTest {

    private static final String KEY = md5("admin-test");

    @Inject
    Pool pool;

    @Inject
    OperationLog log;

    @Inject
    KeyHasher hasher;

    @Test
    @DisplayName("every admin route refuses a missing, wrong or non-bearer token with 401/2001")
    void tokenMatrix() {
        String[][] routes = {
            {"GET", "/admin/users"},
            {"POST", "/admin/users"},
            {"DELETE", "/admin/users/x"},
            {"PUT", "/admin/users/x/key"},
            {"GET", "/admin/users/x/history"},
            {"POST", "/admin/import"},
            {"GET", "/admin/nothing-here"}
        };
        List<List<String>> badHeaders = List.of(
                List.of(),
                List.of("Authorization: Bearer wrong"),
                List.of("Authorization: Bearer " + Admin.TOKEN + "x"),
                List.of("Authorization: Basic " + Admin.TOKEN),
                List.of("Authorization: " + Admin.TOKEN),
                List.of("Authorization: Bearer "));
        for (String[] route : routes) {
            for (List<String> headers : badHeaders) {
                assertUnauthorized(send(
                        route[0],
                        route[1],
                        headers,
                        route[0].equals("GET") || route[0].equals("DELETE") ? null : "{}"));
            }
        }
        assertEquals(
                200,
                send("GET", "/admin/users", List.of("authorization: bearer " + Admin.TOKEN), null)
                        .status());
    }

    @Test
    @DisplayName("create (password or key), list, reset the key and delete accounts")
    void lifecycle() {
        String name = uniqueName("adm");
        RawHttp.Reply created = Admin.createUser(name, "typed password");
        assertAnswer(201, "{\"username\":\"" + name + "\"}", created);
        // "password" is what the user types in KOReader; KOReader sends its MD5
        assertAnswer(200, "{\"authorized\":\"OK\"}", auth(name, md5("typed password")));
        assertEquals(409, Admin.createUser(name, "again").status());

        String byKey = uniqueName("adm");
        assertEquals(
                201,
                Admin.call("POST", "/users", "{\"username\":\"" + byKey + "\",\"key\":\"raw-key\"}")
                        .status());
        assertAnswer(200, "{\"authorized\":\"OK\"}", auth(byKey, "raw-key"));
        assertEquals(
                400,
                Admin.call("POST", "/users", "{\"username\":\"" + byKey + "x\"}")
                        .status());
        assertEquals(
                400,
                Admin.call("POST", "/users", "{\"username\":\"" + byKey + "y\",\"key\":\"a\",\"password\":\"b\"}")
                        .status());
        assertEquals(
                400,
                Admin.call("POST", "/users", "{\"username\":\" bad\",\"key\":\"a\"}")
                        .status());

        push(name, md5("typed password"), pushBody("doc", 0.5, "5", "d", null));
        JsonNode users = tree(Admin.call("GET", "/users", null)).get("users");
        boolean listed = false;
        for (JsonNode u : users) {
            if (u.get("username").asText().equals(name)) {
                listed = true;
                assertEquals(1, u.get("documents").asInt());
                assertTrue(u.get("created_at").asText().endsWith("Z"));
            }
        }
        assertTrue(listed);

        assertAnswer(
                200, "{\"updated\":true}", Admin.call("PUT", "/users/" + name + "/key", "{\"password\":\"new one\"}"));
        assertUnauthorized(auth(name, md5("typed password")));
        assertAnswer(200, "{\"authorized\":\"OK\"}", auth(name, md5("new one")));
        assertEquals(
                404,
                Admin.call("PUT", "/users/" + uniqueName("ghost") + "/key", "{\"key\":\"k\"}")
                        .status());

        assertAnswer(200, "{\"deleted\":true}", Admin.call("DELETE", "/users/" + name, null));
        assertUnauthorized(auth(name, md5("new one")));
        Json.assertError(404, 2006, "Account not found.", Admin.call("DELETE", "/users/" + name, null));
        assertEquals(201, KosyncClient.register(name, KEY).status());
        assertEquals("{}", pull(name, KEY, "doc").text());
    }

    @Test
    @DisplayName("admin paths accept names that need escaping")
    void escapedNames() {
        String name = uniqueName("José & co");
        assertEquals(201, Admin.createUser(name, "pw").status());
        String path = URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
        assertAnswer(200, "{\"deleted\":true}", Admin.call("DELETE", "/users/" + path, null));
    }

    @Test
    @DisplayName("PUT /users/password changes the key at once; the current key again is a no-op")
    void protocolPasswordChange() {
        String user = registered("pw", KEY);
        assertAnswer(200, "{\"authorized\":\"OK\"}", auth(user, KEY));
        assertAnswer(
                200,
                "{\"updated\":true}",
                KosyncClient.send(
                        "PUT",
                        "/users/password",
                        KosyncClient.credentials(user, KEY),
                        "{\"password\":\"" + KEY + "\"}"));
        assertAnswer(200, "{\"authorized\":\"OK\"}", auth(user, KEY));
        String next = md5("next");
        assertAnswer(
                200,
                "{\"updated\":true}",
                KosyncClient.send(
                        "PUT",
                        "/users/password",
                        KosyncClient.credentials(user, KEY),
                        "{\"password\":\"" + next + "\"}"));
        assertUnauthorized(auth(user, KEY));
        assertAnswer(200, "{\"authorized\":\"OK\"}", auth(user, next));
        Json.assertError(
                403,
                2003,
                "Invalid request",
                KosyncClient.send("PUT", "/users/password", KosyncClient.credentials(user, next), "{}"));
        Json.assertError(
                403,
                2003,
                "Invalid request",
                KosyncClient.send(
                        "PUT", "/users/password", KosyncClient.credentials(user, next), "{\"password\":\"\"}"));
        assertUnauthorized(KosyncClient.send(
                "PUT", "/users/password", KosyncClient.credentials(user, KEY), "{\"password\":\"x\"}"));
    }

    @Test
    @DisplayName("DELETE /users/me removes the account and its positions; wrong keys and unknown names get 401")
    void protocolDelete() {
        String user = registered("del", KEY);
        push(user, KEY, pushBody("gone", 0.5, "5", "d", null));
        assertUnauthorized(KosyncClient.send("DELETE", "/users/me", KosyncClient.credentials(user, "wrong"), null));
        assertAnswer(
                200,
                "{\"deleted\":true}",
                KosyncClient.send("DELETE", "/users/me", KosyncClient.credentials(user, KEY), null));
        assertUnauthorized(auth(user, KEY));
        assertUnauthorized(KosyncClient.send("DELETE", "/users/me", KosyncClient.credentials(user, KEY), null));
        assertUnauthorized(push(user, KEY, pushBody("gone", 0.5, "5", "d", null)));
        assertEquals(
                0L,
                pool.preparedQuery(
                                "SELECT count(*) FROM kosync.progress p JOIN kosync.users u ON u.id = p.user_id WHERE u.username = $1")
                        .execute(Tuple.of(user))
                        .await()
                        .indefinitely()
                        .iterator()
                        .next()
                        .getLong(0));
    }

    @Test
    @DisplayName("a key change made by another replica reaches this replica's cache through the change feed")
    void invalidationFromAnotherReplica() throws Exception {
        String user = registered("replica", KEY);
        assertAnswer(200, "{\"authorized\":\"OK\"}", auth(user, KEY)); // now cached here
        String newKey = md5("changed elsewhere");
        String hash = hasher.hashNow(newKey);
        // what another replica's AccountService commits: the new hash and the invalidation, together
        log.inTransaction(tx -> tx.connection()
                        .preparedQuery("UPDATE kosync.users SET key_hash = $2 WHERE username = $1")
                        .execute(Tuple.of(user, hash))
                        .chain(() -> tx.append(
                                "auth-invalidations",
                                List.of(new NewOperation(
                                        UUID.randomUUID().toString(), "{\"user\":" + KosyncClient.quote(user) + "}")))))
                .await()
                .atMost(Duration.ofSeconds(10));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (auth(user, KEY).status() == 200 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertUnauthorized(auth(user, KEY));
        assertAnswer(200, "{\"authorized\":\"OK\"}", auth(user, newKey));
    }

    @Test
    @DisplayName("history is kept only when store_history is on (off by default)")
    void historyOffByDefault() {
        String name = uniqueName("hist");
        Admin.createUser(name, "pw");
        push(name, md5("pw"), pushBody("h", 0.1, "1", "d", null));
        assertAnswer(
                200,
                "{\"username\":\"" + name + "\",\"history\":[]}",
                Admin.call("GET", "/users/" + name + "/history", null));
        assertEquals(
                404,
                Admin.call("GET", "/users/" + uniqueName("ghost") + "/history", null)
                        .status());
    }
}
