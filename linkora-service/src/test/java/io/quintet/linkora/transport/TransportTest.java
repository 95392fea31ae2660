package io.quintet.linkora.transport;

import static io.quintet.linkora.LinkoraClient.app;
import static io.quintet.linkora.LinkoraClient.correlation;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Spec 2.5 (CORS), 7.8.1 (certificate page) and Q16 (the app's request headers): C11–C15. */
@QuarkusTest
class TransportTest {

    private static final String ORIGIN = "chrome-extension://x";

    @Test
    @DisplayName(
            "C11 CORS preflight for POST from an extension origin: 200, origin echoed, credentials, Authorization and Content-Type allowed")
    void preflight() {
        Response response = RestAssured.given()
                .header("Origin", ORIGIN)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type")
                .options("/CREATE_A_NEW_LINK");
        assertEquals(200, response.statusCode());
        assertEquals(ORIGIN, response.header("Access-Control-Allow-Origin"));
        assertEquals("true", response.header("Access-Control-Allow-Credentials"));
        String allowed = response.header("Access-Control-Allow-Headers").toLowerCase();
        assertTrue(allowed.contains("authorization") && allowed.contains("content-type"), allowed);
        assertEquals("86400", response.header("Access-Control-Max-Age"));
        assertTrue(response.headers().getValues("Vary").stream().anyMatch(v -> v.contains("Origin")));
    }

    @Test
    @DisplayName("C12 a simple GET with Origin gets Access-Control-Allow-Origin echoing it")
    void simpleRequest() {
        Response response = app().header("Origin", "https://linkora.example").get("/TEST_BEARER");
        assertEquals(200, response.statusCode());
        assertEquals("https://linkora.example", response.header("Access-Control-Allow-Origin"));
        assertEquals("true", response.header("Access-Control-Allow-Credentials"));
        assertTrue(response.headers().getValues("Vary").stream().anyMatch(v -> v.contains("Origin")));
    }

    @Test
    @DisplayName("C13 a preflight for PUT is refused with 403 and no CORS allow headers")
    void preflightPut() {
        Response response = RestAssured.given()
                .header("Origin", ORIGIN)
                .header("Access-Control-Request-Method", "PUT")
                .options("/CREATE_FOLDER");
        assertEquals(403, response.statusCode());
        assertNull(response.header("Access-Control-Allow-Methods"));
        assertNull(response.header("Access-Control-Allow-Headers"));
    }

    @Test
    @DisplayName(
            "C14 GET /generate/certs-and-keystore without a token: 200 HTML with authToken, generate-btn, download-btn; "
                    + "a POST reaching the service says the gateway manages certificates")
    void certificatePage() {
        Response page = RestAssured.given().get("/generate/certs-and-keystore");
        assertEquals(200, page.statusCode());
        assertEquals("text/html; charset=UTF-8", page.header("Content-Type"));
        String html = page.body().asString();
        for (String id : new String[] {"id=\"authToken\"", "id=\"generate-btn\"", "id=\"download-btn\""}) {
            assertTrue(html.contains(id), id);
        }
        assertEquals(
                401, RestAssured.given().post("/generate/certs-and-keystore").statusCode(), "POST needs the token");
        Response post = app().post("/generate/certs-and-keystore?download=true");
        assertEquals(503, post.statusCode());
        assertEquals(
                "Certificates are managed by the Quintet gateway; open this page through the gateway.",
                post.body().asString());
    }

    @Test
    @DisplayName(
            "C15 GETs carrying Content-Type: application/json, Accept: application/json and Accept-Charset: UTF-8 succeed")
    void appHeadersOnGets() {
        Response probe = app().header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .header("Accept-Charset", "UTF-8")
                .get("/TEST_BEARER");
        assertEquals(200, probe.statusCode());
        Response root = app().header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .get("/");
        assertEquals(200, root.statusCode());
        Response page = app().header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .get("/browser-extension");
        assertEquals(200, page.statusCode());
        assertTrue(correlation("x").contains("clientName"));
    }
}
