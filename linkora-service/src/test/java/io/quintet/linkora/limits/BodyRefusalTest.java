package io.quintet.linkora.limits;

import static io.quintet.linkora.LinkoraClient.app;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quintet.linkora.LinkoraClient;
import io.quintet.protocol.testing.RawHttp;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Issue 17 item 4: what can be refused on the request head is refused before the body is read
 * (the token first, then a declared length over {@code linkora.max-body-size}), a chunked body is
 * read only up to the limit, and the connection is closed after such an answer instead of being
 * drained. Raw sockets: the client keeps writing until the server hangs up.
 */
@QuarkusTest
class BodyRefusalTest {

    static final long HUGE = 200L * 1024 * 1024;
    static final long LIMIT = 16L * 1024 * 1024;

    static RawHttp.Upload chunkedUpload(String route, List<String> headers, long total) throws Exception {
        return RawHttp.chunkedUpload("POST", "/linkora/" + route, headers, total);
    }

    @Test
    @DisplayName("an unauthenticated 200 MB chunked upload is answered 401 at once and its body is not read")
    void unauthenticatedChunked() throws Exception {
        CompletableFuture<RawHttp.Upload> upload = CompletableFuture.supplyAsync(() -> {
            try {
                return chunkedUpload("CREATE_FOLDER", List.of("Content-Type: application/json"), HUGE);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        List<Integer> others = servedMeanwhile(upload);
        RawHttp.Upload done = upload.get(180, TimeUnit.SECONDS);
        assertEquals(401, done.reply().status());
        assertEquals("close", done.reply().header("Connection"));
        assertTrue(done.written() < HUGE, "the server read the whole body: " + done.written());
        others.forEach(status -> assertEquals(200, status));
        System.out.printf(
                "unauthenticated 200 MB chunked: 401 after %d ms, %d KiB written before the server hung up%n",
                done.millis(), done.written() / 1024);
    }

    @Test
    @DisplayName("an authenticated chunked body is read only up to the limit, then 413 and the connection closed")
    void authenticatedChunkedOverLimit() throws Exception {
        CompletableFuture<RawHttp.Upload> upload = CompletableFuture.supplyAsync(() -> {
            try {
                return chunkedUpload(
                        "CREATE_FOLDER",
                        List.of("Content-Type: application/json", "Authorization: Bearer " + LinkoraClient.TOKEN),
                        HUGE);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        List<Integer> others = servedMeanwhile(upload);
        RawHttp.Upload done = upload.get(180, TimeUnit.SECONDS);
        assertEquals(413, done.reply().status());
        assertEquals(0, done.reply().body().length);
        assertTrue(done.written() < HUGE, "the server read the whole body: " + done.written());
        others.forEach(status -> assertEquals(200, status));
        System.out.printf(
                "authenticated 200 MB chunked: 413 after %d ms, %d KiB written before the server hung up%n",
                done.millis(), done.written() / 1024);
    }

    @Test
    @DisplayName("a declared length over the limit is refused before any of the body is sent, with or without a token")
    void declaredOverLimit() {
        String length = "Content-Length: " + HUGE;
        assertEquals(
                413,
                RawHttp.statusBeforeBody(
                        "POST",
                        "/linkora/CREATE_FOLDER",
                        List.of(
                                "Content-Type: application/json",
                                "Authorization: Bearer " + LinkoraClient.TOKEN,
                                length),
                        new byte[0]));
        assertEquals(
                401,
                RawHttp.statusBeforeBody(
                        "POST",
                        "/linkora/CREATE_FOLDER",
                        List.of("Content-Type: application/json", length),
                        new byte[0]));
        // just over the documented 16M (not Quarkus' 10 MiB default) is what is refused
        assertEquals(
                413,
                RawHttp.statusBeforeBody(
                        "POST",
                        "/linkora/SEARCH_FOR_FOLDERS",
                        List.of("Authorization: Bearer " + LinkoraClient.TOKEN, "Content-Length: " + (LIMIT + 1)),
                        new byte[0]));
    }

    /** Plain requests from other clients while {@code busy} runs: each must be answered. */
    static List<Integer> servedMeanwhile(CompletableFuture<?> busy) {
        List<Integer> statuses = new ArrayList<>();
        do {
            statuses.add(app().get("/TEST_BEARER").statusCode());
        } while (!busy.isDone() && statuses.size() < 200);
        return statuses;
    }
}
