package io.quintet.kosync;

import static io.quintet.kosync.KosyncClient.md5;
import static io.quintet.kosync.KosyncClient.registered;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quintet.protocol.testing.RawHttp;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Issue 17: a chunked body is read only up to the protocol's 64 KiB (spec 10) on every route with
 * a body, the REST resources included (they used to read up to the admin import's 8M first), then
 * 413 in kosync's envelope and the connection closed. Uploads that never end, over raw sockets.
 */
@QuarkusTest
class BodyRefusalTest {

    /** Far below the 8M the REST layer used to read first: the 64 KiB read plus what the socket buffers hold. */
    static final long READ_AT_MOST = 2L * 1024 * 1024;

    @Test
    @DisplayName(
            "C13 a chunked body that never ends gets 413 at the 64 KiB limit and the connection closed, on every body route")
    void neverEndingChunkedBodies() throws Exception {
        String key = md5("refusal");
        String user = registered("refusal", key);
        List<String> credentials = new ArrayList<>(KosyncClient.credentials(user, key));
        credentials.add("Content-Type: application/json");
        for (String[] route :
                new String[][] {{"POST", "/users/create"}, {"PUT", "/users/password"}, {"PUT", "/syncs/progress"}}) {
            RawHttp.Upload upload =
                    RawHttp.chunkedUpload(route[0], KosyncClient.PREFIX + route[1], credentials, Long.MAX_VALUE);
            String what = route[0] + " " + route[1] + ": " + upload;
            Json.assertError(413, 413, "Request body too large.", upload.reply());
            assertEquals("close", upload.reply().header("Connection"), what);
            assertTrue(upload.writtenBeforeReply() < READ_AT_MOST, what);
            System.out.printf(
                    "%s %s never-ending chunked body: 413 after %d ms, %d KiB written before the answer%n",
                    route[0], route[1], upload.millis(), upload.writtenBeforeReply() / 1024);
        }
        // without credentials, registration alike: it needs none
        RawHttp.Upload anonymous = RawHttp.chunkedUpload(
                "POST",
                KosyncClient.PREFIX + "/users/create",
                List.of("Content-Type: application/json"),
                Long.MAX_VALUE);
        Json.assertError(413, 413, "Request body too large.", anonymous.reply());
        // an h2c upgrade is not taken: the body is read within the same 64 KiB (issue 17)
        RawHttp.Upload upgrading = RawHttp.chunkedUpload(
                "POST",
                KosyncClient.PREFIX + "/users/create",
                List.of(
                        "Content-Type: application/json",
                        "Connection: Upgrade, HTTP2-Settings",
                        "Upgrade: h2c",
                        "HTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA"),
                Long.MAX_VALUE);
        Json.assertError(413, 413, "Request body too large.", upgrading.reply());
        assertTrue(upgrading.writtenBeforeReply() < READ_AT_MOST, "h2c upgrade");
        assertEquals(200, KosyncClient.auth(user, key).status(), "still serving");
    }

    @Test
    @DisplayName("a chunked body under the limit still reaches the REST resources")
    void chunkedBodiesUnderTheLimit() throws Exception {
        byte[] body = "{\"username\":\"chunky\",\"password\":\"5f4dcc3b5aa765d61d8327deb882cf99\"}"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        RawHttp.Reply created = Chunked.send("POST", KosyncClient.PREFIX + "/users/create", List.of(), body);
        Json.assertAnswer(201, "{\"username\":\"chunky\"}", created);
        assertEquals(
                200,
                KosyncClient.auth("chunky", "5f4dcc3b5aa765d61d8327deb882cf99").status());
    }

    @Test
    @DisplayName(
            "a registration from a client offering an h2c upgrade (the JDK client's default) is served over HTTP/1.1")
    void registrationOverH2c() throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        for (int i = 0; i < 2; i++) {
            java.net.http.HttpResponse<String> created = http.send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                                    "http://127.0.0.1:" + RawHttp.port() + KosyncClient.PREFIX + "/users/create"))
                            .header("Content-Type", "application/json")
                            .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"username\":\"h2c" + i
                                    + "\",\"password\":\"5f4dcc3b5aa765d61d8327deb882cf99\"}"))
                            .build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(201, created.statusCode(), created.body());
        }
    }
}
