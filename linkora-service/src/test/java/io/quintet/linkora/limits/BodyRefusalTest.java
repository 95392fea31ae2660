package io.quintet.linkora.limits;

import static io.quintet.linkora.LinkoraClient.app;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quintet.linkora.LinkoraClient;
import io.quintet.protocol.testing.RawHttp;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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

    /** A chunked upload of up to {@code total} bytes; records what got written before the server hung up. */
    record Upload(RawHttp.Reply reply, long written, long millis) {}

    static Upload chunkedUpload(String route, List<String> headers, long total) throws Exception {
        long started = System.nanoTime();
        try (Socket socket = new Socket("127.0.0.1", RawHttp.port())) {
            socket.setSoTimeout(60_000);
            StringBuilder head = new StringBuilder("POST /linkora/" + route + " HTTP/1.1\r\nHost: localhost\r\n");
            for (String line : headers) {
                head.append(line).append("\r\n");
            }
            head.append("Transfer-Encoding: chunked\r\n\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
            AtomicLong written = new AtomicLong();
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                byte[] chunk = new byte[64 * 1024];
                java.util.Arrays.fill(chunk, (byte) 'x');
                byte[] size = (Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
                byte[] crlf = "\r\n".getBytes(StandardCharsets.US_ASCII);
                try {
                    while (written.get() < total) {
                        out.write(size);
                        out.write(chunk);
                        out.write(crlf);
                        written.addAndGet(chunk.length);
                    }
                    out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                } catch (IOException e) {
                    // the server closed the connection: what the test wants
                }
            });
            RawHttp.Reply reply = RawHttp.read(socket.getInputStream());
            long millis = (System.nanoTime() - started) / 1_000_000;
            // after its answer the server hangs up: the writer fails instead of sending all of it
            writer.get(120, TimeUnit.SECONDS);
            return new Upload(reply, written.get(), millis);
        }
    }

    @Test
    @DisplayName("an unauthenticated 200 MB chunked upload is answered 401 at once and its body is not read")
    void unauthenticatedChunked() throws Exception {
        CompletableFuture<Upload> upload = CompletableFuture.supplyAsync(() -> {
            try {
                return chunkedUpload("CREATE_FOLDER", List.of("Content-Type: application/json"), HUGE);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        List<Integer> others = servedMeanwhile(upload);
        Upload done = upload.get(180, TimeUnit.SECONDS);
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
        CompletableFuture<Upload> upload = CompletableFuture.supplyAsync(() -> {
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
        Upload done = upload.get(180, TimeUnit.SECONDS);
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
