package io.quintet.objectstore.admin;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.Map;

/** Admin API helpers for tests: log in (the test profile's first admin is root), bearer requests. */
public final class Admin {

    public static final String ROOT = "root";
    public static final String ROOT_PASSWORD = "root-password-for-tests";

    private Admin() {}

    public static String login(String user, String password) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("username", user, "password", password))
                .post("/api/v2/sessions")
                .then()
                .statusCode(200)
                .extract()
                .path("token");
    }

    public static String root() {
        return login(ROOT, ROOT_PASSWORD);
    }

    public static RequestSpecification as(String token) {
        return given().header("Authorization", "Bearer " + token);
    }

    /** Creates a user with the given roles (as root) unless it exists; answers a session token of it. */
    public static String user(String name, String password, String roles) {
        as(root())
                .contentType(ContentType.JSON)
                .body(Map.of("name", name, "password", password, "roles", roles))
                .post("/api/v1/users");
        return login(name, password);
    }
}
