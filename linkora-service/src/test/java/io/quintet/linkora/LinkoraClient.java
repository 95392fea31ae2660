package io.quintet.linkora;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import java.util.UUID;

/** Requests as the Linkora app sends them: bearer token, JSON body, under the /linkora prefix. */
public final class LinkoraClient {

    public static final String TOKEN = "test#!$%^&*token";

    private LinkoraClient() {
    }

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
