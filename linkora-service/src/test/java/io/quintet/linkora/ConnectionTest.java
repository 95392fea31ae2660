package io.quintet.linkora;

import static io.quintet.linkora.LinkoraClient.app;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Spec 2.3, 2.4, 3.2 and 7.1: the connection test, the start-up probe and the auth messages. */
@QuarkusTest
class ConnectionTest {

    private static void assertEmpty200(Response response) {
        assertEquals(200, response.statusCode());
        assertEquals("", response.body().asString());
        assertNull(response.header("Content-Type"));
    }

    private static void assert401(Response response, String message) {
        assertEquals(401, response.statusCode());
        assertEquals("text/plain; charset=UTF-8", response.header("Content-Type"));
        assertEquals(message, response.body().asString());
        assertNull(response.header("WWW-Authenticate"));
    }

    @Test
    @DisplayName("C1 GET / with a valid token answers 200 with an empty body")
    void root() {
        assertEmpty200(app().get("/"));
    }

    @Test
    @DisplayName("C2 GET /TEST_BEARER with a valid token answers 200 with an empty body")
    void testBearer() {
        assertEmpty200(app().get("/TEST_BEARER"));
    }

    @Test
    @DisplayName("C3 no Authorization header: 401 Missing Authorization header")
    void missingHeader() {
        assert401(RestAssured.given().get("/TEST_BEARER"), "Missing Authorization header");
    }

    @Test
    @DisplayName("C4 Basic scheme: 401 with the format message")
    void basicScheme() {
        assert401(
                RestAssured.given().header("Authorization", "Basic x").get("/TEST_BEARER"),
                "Invalid Authorization header format. Expected 'Bearer <token>'.");
    }

    @Test
    @DisplayName("C5 Bearer with nothing after it: 401 with the format message")
    void bareBearer() {
        assert401(
                RestAssured.given().header("Authorization", "Bearer").get("/TEST_BEARER"),
                "Invalid Authorization header format. Expected 'Bearer <token>'.");
    }

    @Test
    @DisplayName("C6 wrong token: 401 Invalid token.")
    void wrongToken() {
        assert401(RestAssured.given().header("Authorization", "Bearer nope").get("/TEST_BEARER"), "Invalid token.");
    }

    @Test
    @DisplayName("C7 a token with #!$%^&* sent verbatim is accepted")
    void specialCharacters() {
        assertEquals(
                200,
                RestAssured.given()
                        .header("Authorization", "Bearer test#!$%^&*token")
                        .get("/TEST_BEARER")
                        .statusCode());
    }

    @Test
    @DisplayName(
            "C8 paths are case-sensitive (404), a wrong method is 405, an unknown path is 404 without a token, all empty")
    void routingErrors() {
        Response lower = app().get("/test_bearer");
        assertEquals(404, lower.statusCode());
        assertEquals("", lower.body().asString());
        Response post = app().post("/TEST_BEARER");
        assertEquals(405, post.statusCode());
        assertEquals("", post.body().asString());
        Response unknown = RestAssured.given().get("/NOPE");
        assertEquals(404, unknown.statusCode());
        assertEquals("", unknown.body().asString());
    }

    @Test
    @DisplayName("C9 GET_LINKS and GET_LINKS_FROM_A_FOLDER have no handler: 404")
    void unservedNames() {
        assertEquals(404, app().get("/GET_LINKS").statusCode());
        assertEquals(404, app().get("/GET_LINKS_FROM_A_FOLDER").statusCode());
    }

    @Test
    @DisplayName("trailing slash and doubled slashes are accepted (spec 2.3 decisions)")
    void slashes() {
        assertEquals(200, app().get("/TEST_BEARER/").statusCode());
        assertEquals(200, app().urlEncodingEnabled(false).get("//TEST_BEARER").statusCode());
    }
}
