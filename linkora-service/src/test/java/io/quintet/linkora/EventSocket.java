package io.quintet.linkora;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.RestAssured;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A client of {@code /events} as the app opens it (spec 9): bearer token on the upgrade, the
 * correlation as URL-encoded JSON, over a real loopback (or TLS) connection. Collects text frames;
 * the JDK client answers server pings with pongs by itself, as the app's client does.
 */
public final class EventSocket implements AutoCloseable {

    /** How the server closed the socket. */
    public record Close(int code, String reason) {}

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private final LinkedBlockingQueue<String> frames = new LinkedBlockingQueue<>();
    private final CompletableFuture<Close> closed = new CompletableFuture<>();
    private final AtomicInteger pings = new AtomicInteger();
    private final StringBuilder partial = new StringBuilder();
    private volatile WebSocket socket;

    private EventSocket() {}

    /** {@code ws://localhost:<test port>/linkora/events?correlation=...} of the running Quarkus test. */
    public static URI testUri(String correlationJson) {
        return uri("ws://localhost:" + RestAssured.port + basePath(), correlationJson);
    }

    /** The test server's path prefix ({@code /linkora}), with its leading slash. */
    public static String basePath() {
        String base = RestAssured.basePath;
        return base.startsWith("/") ? base : "/" + base;
    }

    /** {@code <base>/events}, with {@code ?correlation=<encoded json>} unless the JSON is null. */
    public static URI uri(String base, String correlationJson) {
        String events = base.endsWith("/") ? base + "events" : base + "/events";
        return URI.create(
                correlationJson == null
                        ? events
                        : events + "?correlation=" + URLEncoder.encode(correlationJson, StandardCharsets.UTF_8));
    }

    /** Connects to the Quarkus test server with the test token. */
    public static EventSocket connect(String correlationJson) {
        return connect(HttpClient.newHttpClient(), testUri(correlationJson), LinkoraClient.TOKEN);
    }

    /** Connects and waits for the upgrade (101); a refused handshake throws. */
    public static EventSocket connect(HttpClient client, URI uri, String token) {
        EventSocket events = new EventSocket();
        WebSocket.Builder builder = client.newWebSocketBuilder().connectTimeout(TIMEOUT);
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        events.socket = builder.buildAsync(uri, events.listener())
                .orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS)
                .join();
        return events;
    }

    private WebSocket.Listener listener() {
        return new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                synchronized (partial) {
                    partial.append(data);
                    if (last) {
                        frames.add(partial.toString());
                        partial.setLength(0);
                    }
                }
                webSocket.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
                pings.incrementAndGet();
                webSocket.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                closed.complete(new Close(statusCode, reason));
                return null;
            }

            @Override
            public void onError(WebSocket webSocket, Throwable error) {
                closed.complete(new Close(-1, String.valueOf(error)));
            }
        };
    }

    /** Waits for the next {@code n} text frames, parsed. */
    public List<JsonNode> await(int n) {
        return await(n, TIMEOUT);
    }

    public List<JsonNode> await(int n, Duration timeout) {
        List<JsonNode> received = new ArrayList<>(n);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (received.size() < n) {
            String frame;
            try {
                frame = frames.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            if (frame == null) {
                throw new AssertionError("expected " + n + " event frames within " + timeout + ", got "
                        + received.size() + ": " + received);
            }
            received.add(parse(frame));
        }
        return received;
    }

    /** Waits for the next frame and returns it. */
    public JsonNode next() {
        return await(1).get(0);
    }

    /** Skips frames until one matches (others are events of earlier requests); fails after the timeout. */
    public JsonNode awaitMatching(Predicate<JsonNode> wanted) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            JsonNode frame = await(1, Duration.ofNanos(Math.max(1, deadline - System.nanoTime())))
                    .get(0);
            if (wanted.test(frame)) {
                return frame;
            }
        }
    }

    /** Frames received so far and not yet awaited, parsed, without waiting. */
    public List<JsonNode> drain() {
        List<String> raw = new ArrayList<>();
        frames.drainTo(raw);
        return raw.stream().map(EventSocket::parse).toList();
    }

    /** Asserts that no frame arrives within {@code quiet}. */
    public void assertSilentFor(Duration quiet) {
        try {
            String frame = frames.poll(quiet.toMillis(), TimeUnit.MILLISECONDS);
            if (frame != null) {
                throw new AssertionError("unexpected event frame: " + frame);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Close awaitClose() {
        return closed.orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
    }

    public boolean isOpen() {
        return !closed.isDone() && !socket.isInputClosed();
    }

    public int pings() {
        return pings.get();
    }

    /** Sends a text frame to the server (which ignores it, spec 9.3). */
    public void send(String text) {
        socket.sendText(text, true).join();
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            try {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye")
                        .orTimeout(5, TimeUnit.SECONDS)
                        .join();
            } catch (RuntimeException ignored) {
                // already closing
            }
        }
        socket.abort();
    }

    static JsonNode parse(String frame) {
        try {
            return JSON.readTree(frame);
        } catch (Exception e) {
            throw new AssertionError("event frame is not JSON: " + frame, e);
        }
    }
}
