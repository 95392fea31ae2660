package io.quintet.kora.transport;

import static io.quintet.kora.testing.KoraTestClient.data;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quintet.kora.testing.KoraTestClient;
import io.quintet.kora.testing.KoraTestSupport;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketFrame;
import jakarta.inject.Inject;
import java.net.URL;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Issue 18 (5): inbound frames up to KORA_MAX_FRAME_BYTES (32 MiB) are accepted; past it, close 1009, never a silent drop. */
@QuarkusTest
class FrameLimitTest {

    @TestHTTPResource("/")
    URL base;

    @Inject
    Vertx vertx;

    private static final int LIMIT = 33_554_432;

    @Test
    @DisplayName("a batch of 100 todos in one 130 KB frame (over Netty's default 65 536) is stored and acknowledged")
    void largeFrameAccepted() {
        try (KoraTestClient c = KoraTestClient.connect(KoraTestSupport.ws(base, "/"))) {
            c.handshakeAndSync(0);
            JsonNode[] ops = new JsonNode[100];
            String padding = "x".repeat(1200);
            for (int i = 0; i < ops.length; i++)
                ops[i] = c.insert("frames", "r" + i, data("title", "todo " + i, "notes", padding));
            String frame = c.batch(ops).toString();
            assertTrue(frame.length() > 120_000, "frame of " + frame.length());
            c.sendText(frame);
            assertEquals(100, c.next("acknowledgment").get("lastSequenceNumber").asLong());
        }
    }

    private WebSocket open(HttpClient client) throws Exception {
        return client.webSocket(base.getPort(), base.getHost(), "/kora/")
                .toCompletionStage()
                .toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
    }

    @Test
    @DisplayName(
            "a message past KORA_MAX_FRAME_BYTES (32 MiB) in 1 MiB fragments ends the connection with close 1009 (message too big)")
    void oversizedMessageClosed() throws Exception {
        HttpClient client = vertx.createHttpClient(new HttpClientOptions());
        try {
            WebSocket socket = open(client);
            CompletableFuture<Short> closed = new CompletableFuture<>();
            socket.closeHandler(x -> closed.complete(socket.closeStatusCode()));
            String part = "z".repeat(1 << 20);
            socket.writeFrame(WebSocketFrame.textFrame("{\"type\":\"operation-batch\",\"pad\":\"", false));
            for (int i = 0; i <= LIMIT / part.length() && !closed.isDone(); i++) {
                socket.writeFrame(WebSocketFrame.continuationFrame(Buffer.buffer(part), false));
            }
            if (!closed.isDone()) socket.writeFrame(WebSocketFrame.continuationFrame(Buffer.buffer("\"}"), true));
            assertEquals((short) 1009, closed.get(60, TimeUnit.SECONDS));
        } finally {
            client.close();
        }
    }

    @Test
    @DisplayName(
            "one frame past KORA_MAX_FRAME_BYTES (32 MiB), as browsers and Node send it, ends the connection with close 1009")
    void oversizedSingleFrameClosed() throws Exception {
        HttpClient client = vertx.createHttpClient(
                new HttpClientOptions().setMaxWebSocketFrameSize(2 * LIMIT).setMaxWebSocketMessageSize(2 * LIMIT));
        try {
            WebSocket socket = open(client);
            CompletableFuture<Short> closed = new CompletableFuture<>();
            socket.closeHandler(x -> closed.complete(socket.closeStatusCode()));
            socket.writeFinalTextFrame("{\"type\":\"operation-batch\",\"pad\":\"" + "z".repeat(LIMIT) + "\"}");
            assertEquals((short) 1009, closed.get(60, TimeUnit.SECONDS));
        } finally {
            client.close();
        }
    }
}
