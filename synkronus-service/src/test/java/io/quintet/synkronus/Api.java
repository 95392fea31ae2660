package io.quintet.synkronus;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test client for the API: a valid x-ode-version on every request, and a fresh X-Real-IP per helper
 * login (the test profile trusts loopback as a proxy), so the per-IP auth budget of one test never
 * spends another's.
 */
public final class Api {

    public static final String VERSION = "1.0.0";
    private static final AtomicInteger IPS = new AtomicInteger(1);
    private static final Map<String, String> TOKENS = new ConcurrentHashMap<>();

    private Api() {}

    public static String freshIp() {
        int n = IPS.getAndIncrement();
        return "10." + ((n >> 16) & 255) + "." + ((n >> 8) & 255) + "." + (n & 255);
    }

    /** A request with the version header and no token. */
    public static RequestSpecification anonymous() {
        return RestAssured.given().header("x-ode-version", VERSION).header("X-Real-IP", freshIp());
    }

    public static RequestSpecification as(String token) {
        return anonymous().header("Authorization", "Bearer " + token);
    }

    public static RequestSpecification admin() {
        return as(adminToken());
    }

    public static String adminToken() {
        return TOKENS.computeIfAbsent("admin", k -> login("admin", "admin"));
    }

    public static String login(String username, String password) {
        return anonymous()
                .contentType(ContentType.JSON)
                .body(Map.of("username", username, "password", password))
                .post("/api/auth/login")
                .then()
                .statusCode(200)
                .extract()
                .path("token");
    }

    /** Creates a user with a unique name and the role; answers its name (password "pw-" + name). */
    public static String user(String role) {
        String name = role + "-" + UUID.randomUUID().toString().substring(0, 8);
        admin().contentType(ContentType.JSON)
                .body(Map.of("username", name, "password", "pw-" + name, "role", role))
                .post("/api/users/create")
                .then()
                .statusCode(201);
        return name;
    }

    /** A token for a new user of the role (cached per role). */
    public static String tokenFor(String role) {
        return TOKENS.computeIfAbsent(role, r -> {
            String name = user(r);
            return login(name, "pw-" + name);
        });
    }
}
