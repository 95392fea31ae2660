package io.quintet.synkronus;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quintet.protocol.testing.RawHttp;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AuthTest {

    private static Response login(String ip, String username, String password) {
        return io.restassured.RestAssured.given()
                .header("x-ode-version", "1.0.0")
                .header("X-Real-IP", ip)
                .contentType(ContentType.JSON)
                .body(Map.of("username", username, "password", password))
                .post("/api/auth/login");
    }

    private static Response refresh(String token) {
        return Api.anonymous()
                .contentType(ContentType.JSON)
                .body(Map.of("refreshToken", token))
                .post("/api/auth/refresh");
    }

    private static int pullStatus(String token) {
        return Api.as(token)
                .contentType(ContentType.JSON)
                .body(Map.of("client_id", "c"))
                .post("/api/sync/pull")
                .statusCode();
    }

    @Test
    @DisplayName("C14 login → token, refreshToken, expiresAt ≈ now + 86400")
    void c14() {
        JsonPath answer = login(Api.freshIp(), "admin", "admin")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertTrue(answer.getString("token").length() > 20);
        assertTrue(answer.getString("refreshToken").length() > 20);
        long expected = Jwts.now() + 86_400;
        assertTrue(Math.abs(answer.getLong("expiresAt") - expected) < 60);
    }

    @Test
    @DisplayName("C15 access token: exactly username, role, token_use, iss, sub, iat, exp; 24 h; HS256")
    void c15() {
        String name = Api.user("read-write");
        String token = Api.login(name, "pw-" + name);
        Map<String, Object> claims = Jwts.payload(token);
        assertEquals(java.util.Set.of("username", "role", "token_use", "iss", "sub", "iat", "exp"), claims.keySet());
        assertEquals(name, claims.get("username"));
        assertEquals("read-write", claims.get("role"));
        assertEquals("access", claims.get("token_use"));
        assertEquals("synkronus", claims.get("iss"));
        assertTrue(
                ((String) claims.get("sub")).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}"));
        assertEquals(86_400L, ((Number) claims.get("exp")).longValue() - ((Number) claims.get("iat")).longValue());
        assertEquals("HS256", Jwts.header(token).get("alg"));
        String id = Api.admin().get("/api/users").jsonPath().getString("find { it.username == '" + name + "' }.id");
        assertEquals(id, claims.get("sub"));
    }

    @Test
    @DisplayName("C16 refresh token: token_use refresh, 7 days")
    void c16() {
        String refresh = login(Api.freshIp(), "admin", "admin").jsonPath().getString("refreshToken");
        Map<String, Object> claims = Jwts.payload(refresh);
        assertEquals("refresh", claims.get("token_use"));
        assertEquals(604_800L, ((Number) claims.get("exp")).longValue() - ((Number) claims.get("iat")).longValue());
    }

    @Test
    @DisplayName("C17 login: missing username 400, missing password 400, wrong password 401, unknown user 401")
    void c17() {
        Api.anonymous()
                .contentType(ContentType.JSON)
                .body(Map.of("password", "x"))
                .post("/api/auth/login")
                .then()
                .statusCode(400)
                .body("message", equalTo("Username is required"));
        Api.anonymous()
                .contentType(ContentType.JSON)
                .body(Map.of("username", "admin"))
                .post("/api/auth/login")
                .then()
                .statusCode(400)
                .body("message", equalTo("Password is required"));
        login(Api.freshIp(), "admin", "wrong").then().statusCode(401).body("error", equalTo("invalid credentials"));
        login(Api.freshIp(), "nobody-at-all", "x").then().statusCode(401);
        Api.anonymous()
                .contentType(ContentType.JSON)
                .body("{nope")
                .post("/api/auth/login")
                .then()
                .statusCode(400)
                .body("message", equalTo("Invalid request format"));
    }

    @Test
    @DisplayName("C18 refresh → new pair; the old refresh token still works")
    void c18() {
        String refresh = login(Api.freshIp(), "admin", "admin").jsonPath().getString("refreshToken");
        JsonPath first = refresh(refresh).then().statusCode(200).extract().jsonPath();
        assertEquals(200, pullStatus(first.getString("token")));
        refresh(first.getString("refreshToken")).then().statusCode(200);
        refresh(refresh).then().statusCode(200);
    }

    @Test
    @DisplayName("C19 refresh with an access token → 401; bearer with a refresh token → 401")
    void c19() {
        JsonPath pair = login(Api.freshIp(), "admin", "admin").jsonPath();
        refresh(pair.getString("token")).then().statusCode(401);
        assertEquals(401, pullStatus(pair.getString("refreshToken")));
        Api.anonymous()
                .contentType(ContentType.JSON)
                .body(Map.of("refreshToken", ""))
                .post("/api/auth/refresh")
                .then()
                .statusCode(400);
    }

    @Test
    @DisplayName("C20 legacy token without token_use is accepted as bearer and for refresh (acceptance on)")
    void c20() {
        Map<String, Object> claims = new HashMap<>();
        claims.put("username", "admin");
        claims.put("role", "admin");
        claims.put("iat", Jwts.now());
        claims.put("exp", Jwts.now() + 3600);
        String legacy = Jwts.hs256(claims);
        assertEquals(200, pullStatus(legacy));
        refresh(legacy).then().statusCode(200);
    }

    @Test
    @DisplayName("C21 HS512, alg none, expired, without exp, wrong secret → 401")
    void c21() {
        Map<String, Object> claims = new HashMap<>();
        claims.put("username", "admin");
        claims.put("role", "admin");
        claims.put("token_use", "access");
        claims.put("iss", "synkronus");
        claims.put("iat", Jwts.now());
        claims.put("exp", Jwts.now() + 3600);
        assertEquals(200, pullStatus(Jwts.hs256(claims)));
        assertEquals(401, pullStatus(Jwts.sign("HS512", claims, Jwts.SECRET)));
        assertEquals(401, pullStatus(Jwts.sign("none", claims, Jwts.SECRET)));
        assertEquals(401, pullStatus(Jwts.sign("HS256", claims, "another-secret-another-secret-another")));
        Map<String, Object> expired = new HashMap<>(claims);
        expired.put("exp", Jwts.now() - 10);
        assertEquals(401, pullStatus(Jwts.hs256(expired)));
        Map<String, Object> noExp = new HashMap<>(claims);
        noExp.remove("exp");
        assertEquals(401, pullStatus(Jwts.hs256(noExp)));
        Map<String, Object> wrongIssuer = new HashMap<>(claims);
        wrongIssuer.put("iss", "someone-else");
        assertEquals(401, pullStatus(Jwts.hs256(wrongIssuer)));
        assertEquals(401, pullStatus("not.a.token"));
    }

    @Test
    @DisplayName("C22 refresh after the user was deleted → 401")
    void c22() {
        String name = Api.user("read-only");
        String refresh = login(Api.freshIp(), name, "pw-" + name).jsonPath().getString("refreshToken");
        Api.admin().delete("/api/users/delete/" + name).then().statusCode(200);
        refresh(refresh).then().statusCode(401);
    }

    @Test
    @DisplayName(
            "C23 11th failed login of one (IP, user) in 300 s → 429 rate_limited with Retry-After; right password refused too")
    void c23() {
        String name = Api.user("read-only");
        String ip = Api.freshIp();
        for (int i = 0; i < 10; i++) {
            login(ip, name, "wrong").then().statusCode(401);
        }
        Response blocked = login(ip, name, "wrong");
        blocked.then().statusCode(429).body("error", equalTo("rate_limited"));
        assertTrue(Integer.parseInt(blocked.header("Retry-After")) >= 1);
        login(ip, name, "pw-" + name).then().statusCode(429);
        login(Api.freshIp(), name, "pw-" + name).then().statusCode(200);
    }

    @Test
    @DisplayName("C24 61 auth requests from one IP within 60 s → 429")
    void c24() {
        String ip = Api.freshIp();
        for (int i = 0; i < 60; i++) {
            io.restassured.RestAssured.given()
                    .header("x-ode-version", "1.0.0")
                    .header("X-Real-IP", ip)
                    .contentType(ContentType.JSON)
                    .body(Map.of("refreshToken", "x"))
                    .post("/api/auth/refresh")
                    .then()
                    .statusCode(401);
        }
        io.restassured.RestAssured.given()
                .header("x-ode-version", "1.0.0")
                .header("X-Real-IP", ip)
                .contentType(ContentType.JSON)
                .body(Map.of("refreshToken", "x"))
                .post("/api/auth/refresh")
                .then()
                .statusCode(429)
                .body("error", equalTo("rate_limited"));
    }

    @Test
    @DisplayName("C25 login body of 20 KiB → 413 request_too_large; 256-byte username → 400 invalid_request")
    void c25() {
        Api.anonymous()
                .contentType(ContentType.JSON)
                .body(Map.of("username", "a".repeat(20 * 1024), "password", "x"))
                .post("/api/auth/login")
                .then()
                .statusCode(413)
                .body("error", equalTo("request_too_large"));
        Api.anonymous()
                .contentType(ContentType.JSON)
                .body(Map.of("username", "a".repeat(256), "password", "x"))
                .post("/api/auth/login")
                .then()
                .statusCode(400)
                .body("error", equalTo("invalid_request"));
    }

    @Test
    @DisplayName("C25 over raw sockets: a declared length over 16 KiB is refused before the body is sent; a chunked"
            + " body is cut at the cap; a chunked body under it logs in")
    void c25BeforeTheBody() throws Exception {
        for (String path : List.of("/synkronus/api/auth/login", "/synkronus/auth/refresh")) {
            try (Socket socket = new Socket("127.0.0.1", RawHttp.port())) {
                socket.setSoTimeout(30_000);
                OutputStream out = socket.getOutputStream();
                // 10 MB announced, 100 bytes sent: the answer must not wait for the rest
                out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nx-ode-version: 1.0.0\r\n"
                                + "X-Real-IP: " + Api.freshIp() + "\r\nContent-Type: application/json\r\n"
                                + "Content-Length: 10000000\r\n\r\n" + "{\"username\":\"" + "a".repeat(80))
                        .getBytes(StandardCharsets.UTF_8));
                out.flush();
                RawHttp.Reply reply = RawHttp.read(socket.getInputStream());
                assertEquals(413, reply.status(), path);
                assertTrue(reply.header("Content-Type").startsWith("application/json"), path);
                assertEquals("request_too_large", new JsonPath(reply.text()).getString("error"), path);
            }
        }
        try (Socket socket = new Socket("127.0.0.1", RawHttp.port())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /synkronus/api/auth/login HTTP/1.1\r\nHost: localhost\r\nx-ode-version: 1.0.0\r\n"
                            + "X-Real-IP: " + Api.freshIp() + "\r\nContent-Type: application/json\r\n"
                            + "Transfer-Encoding: chunked\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            // 20 chunks of 1 KiB and no last chunk: the server has to stop reading at 16 KiB by itself
            String kib = "a".repeat(1024);
            for (int i = 0; i < 20; i++) {
                out.write(("400\r\n" + kib + "\r\n").getBytes(StandardCharsets.UTF_8));
            }
            out.flush();
            RawHttp.Reply reply = RawHttp.read(socket.getInputStream());
            assertEquals(413, reply.status());
            assertEquals("request_too_large", new JsonPath(reply.text()).getString("error"));
        }
        try (Socket socket = new Socket("127.0.0.1", RawHttp.port())) {
            socket.setSoTimeout(30_000);
            String body = "{\"username\":\"admin\",\"password\":\"admin\"}";
            OutputStream out = socket.getOutputStream();
            out.write(("POST /synkronus/api/auth/login HTTP/1.1\r\nHost: localhost\r\nx-ode-version: 1.0.0\r\n"
                            + "X-Real-IP: " + Api.freshIp() + "\r\nContent-Type: application/json\r\n"
                            + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                            + Integer.toHexString(body.length()) + "\r\n" + body + "\r\n0\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            out.flush();
            RawHttp.Reply reply = RawHttp.read(socket.getInputStream());
            assertEquals(200, reply.status(), reply.text());
            assertTrue(new JsonPath(reply.text()).getString("token").length() > 20);
        }
    }

    @Test
    @DisplayName("C26 X-Real-IP from a trusted peer names the client (each IP its own budget)")
    void c26() {
        String name = Api.user("read-only");
        String ip = Api.freshIp();
        for (int i = 0; i < 10; i++) {
            login(ip, name, "wrong").then().statusCode(401);
        }
        login(ip, name, "wrong").then().statusCode(429);
        // another X-Real-IP from the same (trusted) peer is another client
        login(Api.freshIp(), name, "wrong").then().statusCode(401);
    }
}
