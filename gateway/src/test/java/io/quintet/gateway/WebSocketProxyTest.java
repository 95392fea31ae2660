package io.quintet.gateway;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(TestUpstreams.class)
class WebSocketProxyTest {

    /** Collects what arrives on a client WebSocket. */
    static final class Recorder implements WebSocket.Listener {
        final BlockingQueue<Object> messages = new LinkedBlockingQueue<>();
        final CompletableFuture<String> closed = new CompletableFuture<>();
        private StringBuilder text = new StringBuilder();
        private java.io.ByteArrayOutputStream binary = new java.io.ByteArrayOutputStream();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                messages.add(text.toString());
                text = new StringBuilder();
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            binary.writeBytes(bytes);
            if (last) {
                messages.add(binary.toByteArray());
                binary = new java.io.ByteArrayOutputStream();
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closed.complete(statusCode + " " + reason);
            return null;
        }

        Object next() throws InterruptedException {
            Object message = messages.poll(10, TimeUnit.SECONDS);
            assertNotNull(message, "no message within 10 s");
            return message;
        }
    }

    static WebSocket open(URI uri, Recorder recorder) throws Exception {
        return Gateway.CLIENT
                .newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .buildAsync(uri, recorder)
                .get(10, TimeUnit.SECONDS);
    }

    @Test
    void framesPassBothWaysAndTheUpstreamsCloseCodeReachesTheClient() throws Exception {
        for (URI uri : new URI[] {
            URI.create("ws://localhost:" + Gateway.httpPort() + "/kosync/ws?token=abc"),
            URI.create("wss://localhost:" + Gateway.httpsPort() + "/kosync/ws")
        }) {
            Recorder recorder = new Recorder();
            WebSocket ws = open(uri, recorder);
            ws.sendText("hello", true).get(5, TimeUnit.SECONDS);
            assertEquals("hello", recorder.next());
            byte[] payload = new byte[200_000];
            new java.util.Random(7).nextBytes(payload);
            ws.sendBinary(ByteBuffer.wrap(payload), true).get(5, TimeUnit.SECONDS);
            assertArrayEquals(payload, (byte[]) recorder.next());
            ws.sendText("close", true).get(5, TimeUnit.SECONDS);
            assertEquals("4001 bye", recorder.closed.get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void theClientsCloseCodeReachesTheUpstream() throws Exception {
        Recorder recorder = new Recorder();
        WebSocket ws = open(URI.create("ws://localhost:" + Gateway.httpPort() + "/kosync/ws"), recorder);
        ws.sendText("ping", true).get(5, TimeUnit.SECONDS);
        assertEquals("ping", recorder.next());
        TestUpstreams.primary.lastClientCloseCode.set(null);
        ws.sendClose(4002, "done").get(5, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (TestUpstreams.primary.lastClientCloseCode.get() == null && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals((short) 4002, TestUpstreams.primary.lastClientCloseCode.get());
    }

    @Test
    void openWebSocketsAreCounted() throws Exception {
        Recorder recorder = new Recorder();
        WebSocket ws = open(URI.create("ws://localhost:" + Gateway.httpPort() + "/kosync/ws"), recorder);
        ws.sendText("x", true).get(5, TimeUnit.SECONDS);
        recorder.next();
        assertTrue(metrics().contains("quintet_gateway_websockets_open{route=\"kosync\"} 1.0"), "one open WebSocket");
        ws.sendText("close", true);
        recorder.closed.get(10, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!metrics().contains("quintet_gateway_websockets_open{route=\"kosync\"} 0.0")
                && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(metrics().contains("quintet_gateway_websockets_open{route=\"kosync\"} 0.0"));
    }

    @Test
    void handshakeToAServiceThatIsNotRunningIsRefusedWith503() {
        ExecutionException failure = assertThrows(
                ExecutionException.class,
                () -> Gateway.CLIENT
                        .newWebSocketBuilder()
                        .buildAsync(URI.create("ws://localhost:" + Gateway.httpPort() + "/kora/ws"), new Recorder())
                        .get(10, TimeUnit.SECONDS));
        Throwable cause = failure.getCause() instanceof CompletionException c ? c.getCause() : failure.getCause();
        WebSocketHandshakeException handshake = assertInstanceOf(WebSocketHandshakeException.class, cause);
        assertEquals(503, handshake.getResponse().statusCode());
    }

    private static String metrics() throws Exception {
        HttpResponse<String> response = HttpProxyTest.send(HttpProxyTest.get(Gateway.management("/q/metrics")));
        assertEquals(200, response.statusCode());
        return response.body();
    }
}
