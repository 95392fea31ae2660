package io.quintet.synkronus;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@QuarkusTest
class UsersTest {

    private static Map<String, Object> userEntry(String name) {
        List<Map<String, Object>> users = Api.admin()
                .get("/api/users")
                .then()
                .statusCode(200)
                .contentType(containsString("application/json"))
                .extract()
                .jsonPath()
                .getList("");
        return users.stream()
                .filter(u -> name.equals(u.get("username")))
                .findFirst()
                .orElse(null);
    }

    @Test
    @DisplayName("C29 read-only: push 403 Forbidden, attachment PUT 403, GET /api/users 403")
    void c29() {
        String token = Api.tokenFor("read-only");
        String body = Sync.push(token, List.of())
                .then()
                .statusCode(403)
                .contentType(containsString("text/plain"))
                .extract()
                .asString();
        assertEquals("Forbidden", body.trim());
        Api.as(token)
                .multiPart("file", "a.txt", "hello".getBytes(), "text/plain")
                .put("/api/attachments/ro-" + UUID.randomUUID() + ".txt")
                .then()
                .statusCode(403);
        Api.as(token).get("/api/users").then().statusCode(403);
    }

    @Test
    @DisplayName("C30 read-write: push 200, POST /api/users 403")
    void c30() {
        String token = Api.tokenFor("read-write");
        Sync.push(token, List.of(Sync.record("rw"))).then().statusCode(200);
        Api.as(token)
                .contentType(ContentType.JSON)
                .body(Map.of("username", "x", "password", "y", "role", "admin"))
                .post("/api/users")
                .then()
                .statusCode(403);
    }

    @Test
    @DisplayName("C31 admin: pull, manifest, push, export allowed")
    void c31() {
        Sync.pull("", Sync.since(0)).then().statusCode(200);
        Api.admin()
                .contentType(ContentType.JSON)
                .body(Map.of("client_id", "c", "since_version", 0))
                .post("/api/attachments/manifest")
                .then()
                .statusCode(200);
        Sync.push(Api.adminToken(), List.of()).then().statusCode(200);
        Api.admin().get("/api/dataexport/raw-json").then().statusCode(200);
    }

    @Test
    @DisplayName(
            "C32 create via /api/users and /api/users/create → 201; duplicate 409; bad role 400; missing password 400")
    void c32() {
        String a = "u-" + UUID.randomUUID().toString().substring(0, 8);
        Api.admin()
                .contentType(ContentType.JSON)
                .body(Map.of("username", a, "password", "p", "role", "read-only"))
                .post("/api/users")
                .then()
                .statusCode(201)
                .contentType(containsString("application/json"))
                .body("username", equalTo(a))
                .body("role", equalTo("read-only"));
        String b = "u-" + UUID.randomUUID().toString().substring(0, 8);
        Api.admin()
                .contentType(ContentType.JSON)
                .body(Map.of("username", b, "password", "p", "role", "admin"))
                .post("/api/users/create")
                .then()
                .statusCode(201)
                .body("username", equalTo(b))
                .body("role", equalTo("admin"));
        Api.admin()
                .contentType(ContentType.JSON)
                .body(Map.of("username", a, "password", "p", "role", "read-only"))
                .post("/api/users/create")
                .then()
                .statusCode(409)
                .body("message", equalTo("Username already exists"));
        Api.admin()
                .contentType(ContentType.JSON)
                .body(Map.of("username", "c-" + a, "password", "p", "role", "superuser"))
                .post("/api/users/create")
                .then()
                .statusCode(400);
        Api.admin()
                .contentType(ContentType.JSON)
                .body(Map.of("username", "d-" + a, "role", "admin"))
                .post("/api/users/create")
                .then()
                .statusCode(400)
                .body("message", equalTo("Missing required fields"));
    }

    @Test
    @DisplayName("C33 list: id, username, role, createdAt, updatedAt, no password; no presence without activity")
    void c33() {
        String name = Api.user("read-only");
        Map<String, Object> entry = userEntry(name);
        assertNotNull(entry);
        for (String key : List.of("id", "username", "role", "createdAt", "updatedAt")) {
            assertTrue(entry.containsKey(key), key);
        }
        assertFalse(entry.toString().toLowerCase().contains("password"));
        assertFalse(entry.containsKey("presence"));
        Instant.parse((String) entry.get("createdAt"));
    }

    @Test
    @DisplayName("C34 delete → 200, again 404; the DELETE /api/users/{name} alias → 200/404")
    void c34() {
        String name = Api.user("read-only");
        Api.admin()
                .delete("/api/users/delete/" + name)
                .then()
                .statusCode(200)
                .body("message", equalTo("User deleted successfully"));
        Api.admin().delete("/api/users/delete/" + name).then().statusCode(404);
        String other = Api.user("read-only");
        Api.admin().delete("/api/users/" + other).then().statusCode(200);
        Api.admin().delete("/api/users/" + other).then().statusCode(404);
    }

    @Test
    @DisplayName("C35 reset password → 200 and the new password logs in; unknown user 404")
    void c35() {
        String name = Api.user("read-write");
        Api.admin()
                .contentType(ContentType.JSON)
                .body(Map.of("username", name, "newPassword", "fresh"))
                .post("/api/users/reset-password")
                .then()
                .statusCode(200)
                .body("message", equalTo("Password reset successfully"));
        Api.login(name, "fresh");
        Api.admin()
                .contentType(ContentType.JSON)
                .body(Map.of("username", "ghost-" + name, "newPassword", "x"))
                .post("/api/users/reset-password")
                .then()
                .statusCode(404);
    }

    @Test
    @DisplayName("C36 change own password → 200 and the old one fails; wrong current → 401")
    void c36() {
        String name = Api.user("read-only");
        String token = Api.login(name, "pw-" + name);
        Api.as(token)
                .contentType(ContentType.JSON)
                .body(Map.of("currentPassword", "wrong", "newPassword", "n"))
                .post("/api/users/change-password")
                .then()
                .statusCode(401);
        Api.as(token)
                .contentType(ContentType.JSON)
                .body(Map.of("currentPassword", "pw-" + name, "newPassword", "n2"))
                .post("/api/users/change-password")
                .then()
                .statusCode(200)
                .body("message", equalTo("Password changed successfully"));
        Api.anonymous()
                .contentType(ContentType.JSON)
                .body(Map.of("username", name, "password", "pw-" + name))
                .post("/api/auth/login")
                .then()
                .statusCode(401);
        Api.login(name, "n2");
    }

    @Test
    @DisplayName(
            "C94 presence after pull and push: clients entry with lastDataVersion and lastOdeVersion; deleting the user removes it")
    void c94() throws Exception {
        String name = Api.user("read-write");
        String token = Api.login(name, "pw-" + name);
        String client = "device-" + UUID.randomUUID();
        Api.as(token)
                .contentType(ContentType.JSON)
                .body(Map.of("client_id", client, "since", Map.of("version", 0)))
                .post("/api/sync/pull")
                .then()
                .statusCode(200);
        long version = Api.as(token)
                .contentType(ContentType.JSON)
                .body(Map.of("transmission_id", "t", "client_id", client, "records", List.of(Sync.record("presence"))))
                .post("/api/sync/push")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getLong("current_version");
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        Map<String, Object> presence = null;
        while (Instant.now().isBefore(deadline)) {
            @SuppressWarnings("unchecked")
            Map<String, Object> p = (Map<String, Object>) userEntry(name).get("presence");
            if (p != null && p.toString().contains(client) && p.toString().contains("lastDataVersion=" + version)) {
                presence = p;
                break;
            }
            Thread.sleep(200);
        }
        assertNotNull(presence, "presence never showed the push");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> clients = (List<Map<String, Object>>) presence.get("clients");
        Map<String, Object> entry = clients.stream()
                .filter(c -> client.equals(c.get("clientId")))
                .findFirst()
                .orElseThrow();
        assertEquals(version, ((Number) entry.get("lastDataVersion")).longValue());
        assertEquals("1.0.0", entry.get("lastOdeVersion"));
        assertEquals(clients.size(), ((Number) presence.get("clientCount")).intValue());
        Api.admin().delete("/api/users/delete/" + name).then().statusCode(200);
        assertNull(userEntry(name));
    }
}
