package io.quintet.linkora;

import io.quintet.protocol.testing.RawHttp;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Requests as the Linkora app sends them: bearer token, JSON body, under the /linkora prefix. */
public final class LinkoraClient {

    public static final String TOKEN = "test#!$%^&*token";

    private LinkoraClient() {}

    public static RequestSpecification app() {
        return RestAssured.given().header("Authorization", "Bearer " + TOKEN);
    }

    public static Response post(String route, String json) {
        return app().contentType(ContentType.JSON).body(json).post("/" + route);
    }

    public static Response get(String route) {
        return app().get("/" + route);
    }

    /** A correlation object as JSON, with a fresh id. */
    /** POST with exactly the given content type ({@code null}: no Content-Type header), byte-exact. */
    public static RawHttp.Reply postRaw(String route, String contentType, byte[] body) {
        List<String> headers = new ArrayList<>();
        headers.add("Authorization: Bearer " + TOKEN);
        if (contentType != null) {
            headers.add("Content-Type: " + contentType);
        }
        return RawHttp.send("POST", "/linkora/" + route, headers, body);
    }

    /**
     * Announces a JSON body of {@code declaredLength} bytes, sends only its first bytes and reads
     * the status line: the server must refuse on the declared length alone.
     */
    public static int declareOversized(String route, long declaredLength) {
        return RawHttp.statusBeforeBody(
                "POST",
                "/linkora/" + route,
                List.of(
                        "Authorization: Bearer " + TOKEN,
                        "Content-Type: application/json",
                        "Content-Length: " + declaredLength),
                "{\"name\":\"".getBytes(StandardCharsets.UTF_8));
    }

    public static String correlation(String clientName) {
        return "{\"id\":\"" + UUID.randomUUID() + "\",\"clientName\":\"" + clientName + "\"}";
    }

    public static long now() {
        return System.currentTimeMillis() / 1000;
    }

    /**
     * Waits for the next wall-clock second. Mutations are stamped with the server second, so a
     * request made right after this is the only one whose tombstones carry its stamp (an earlier
     * test's deletes may otherwise share it).
     */
    public static void awaitNextSecond() {
        long second = now();
        while (now() == second) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
