package io.quintet.gateway;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A plain Vert.x service started by the tests on a free port, answering under any prefix:
 * {@code <prefix>/echo} (what it received, as JSON), {@code /slow}, {@code /upload} (counts a streamed
 * body), {@code /download?bytes=N} (streams N bytes), {@code /early413} (413 at once, then closes), {@code /who} (its name), {@code /q/health/ready},
 * and WebSocket echo on {@code /ws} and {@code /events} (text "close" makes it close with 4001 "bye"). Quarkus disables
 * Vert.x' own WebSocket handling in this JVM, hence {@code toWebSocket()}.
 */
public final class TestUpstream {

    public final String name;
    public final AtomicLong uploadReceived = new AtomicLong();
    public final AtomicLong downloadSent = new AtomicLong();
    public final AtomicReference<Short> lastClientCloseCode = new AtomicReference<>();
    public final AtomicLong requests = new AtomicLong();
    public final AtomicLong drops = new AtomicLong();
    public final AtomicReference<String> lastWebSocketUri = new AtomicReference<>();
    private final Vertx vertx;
    private final HttpServer server;

    private TestUpstream(String name, Vertx vertx, HttpServer server) {
        this.name = name;
        this.vertx = vertx;
        this.server = server;
    }

    public static TestUpstream start(Vertx vertx, String name, int port) throws Exception {
        return start(vertx, name, port, new io.vertx.core.http.HttpServerOptions());
    }

    /** As {@link #start(Vertx, String, int)} with the given server options (TLS, for instance). */
    public static TestUpstream start(Vertx vertx, String name, int port, io.vertx.core.http.HttpServerOptions options)
            throws Exception {
        TestUpstream[] holder = new TestUpstream[1];
        HttpServer server = vertx.createHttpServer(
                        options.setMaxWebSocketFrameSize(1 << 20).setMaxWebSocketMessageSize(1 << 22))
                .requestHandler(request -> holder[0].handle(request));
        TestUpstream upstream = new TestUpstream(name, vertx, server);
        holder[0] = upstream;
        server.listen(port, "127.0.0.1")
                .toCompletionStage()
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        return upstream;
    }

    public int port() {
        return server.actualPort();
    }

    public void stop() throws Exception {
        server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private void handle(HttpServerRequest request) {
        requests.incrementAndGet();
        String path = request.path();
        String last = path.substring(path.lastIndexOf('/') + 1);
        HttpServerResponse response = request.response();
        if (path.endsWith("/ws") || path.endsWith("/events")) {
            lastWebSocketUri.set(request.uri());
            request.toWebSocket().onSuccess(this::echo);
            return;
        }
        switch (last) {
            case "ready" ->
                response.putHeader("content-type", "application/json").end("{\"status\":\"UP\"}");
            case "who" -> response.end(name);
            case "drop" -> {
                drops.incrementAndGet();
                request.connection().close();
            }
            case "close-after" ->
                response.end("closing").onComplete(done -> request.connection().close());
            case "conn-close" -> response.putHeader("connection", "close").end("closed after this");
            case "hints" ->
                response.writeEarlyHints(io.vertx.core.MultiMap.caseInsensitiveMultiMap()
                                .add("link", "</style.css>; rel=preload"))
                        .onComplete(sent ->
                                response.putHeader("content-type", "text/plain").end("after hints"));
            case "slow" -> request.body().onSuccess(b -> vertx.setTimer(5_000, id -> response.end("finally")));
            case "upload" -> {
                long[] count = {0};
                request.handler(buffer -> {
                    count[0] += buffer.length();
                    uploadReceived.addAndGet(buffer.length());
                });
                request.endHandler(v -> response.putHeader("content-type", "application/json")
                        .end(new JsonObject().put("bytes", count[0]).encode()));
            }
            case "download" -> download(request, Long.parseLong(request.getParam("bytes")));
            // a body of declared length that leaves in two writes, 50 ms apart
            case "sized" -> {
                response.putHeader("content-type", "text/plain").putHeader("content-length", "200000");
                if (request.method() == HttpMethod.HEAD) {
                    response.end();
                    return;
                }
                response.write(Buffer.buffer("a".repeat(100_000)));
                vertx.setTimer(50, id -> response.end(Buffer.buffer("b".repeat(100_000))));
            }
            // as a service with a body limit does: refuse before reading the body, then close the connection
            case "early413" ->
                response.setStatusCode(413)
                        .putHeader("content-type", "application/json")
                        .putHeader("connection", "close")
                        .end("{\"error\":\"too big for " + name + "\"}")
                        .onComplete(done -> request.connection().close());
            default ->
                request.body().onSuccess(body -> {
                    JsonObject headers = new JsonObject();
                    request.headers()
                            .forEach(h -> headers.put(
                                    h.getKey().toLowerCase(),
                                    headers.containsKey(h.getKey().toLowerCase())
                                            ? headers.getString(h.getKey().toLowerCase()) + "|" + h.getValue()
                                            : h.getValue()));
                    response.putHeader("content-type", "application/json")
                            .putHeader("x-upstream", name)
                            .end(new JsonObject()
                                    .put("upstream", name)
                                    .put("method", request.method().name())
                                    .put("uri", request.uri())
                                    .put("connection", System.identityHashCode(request.connection()))
                                    .put("headers", headers)
                                    .put("bodyLength", body.length())
                                    .encode());
                });
        }
    }

    private void download(HttpServerRequest request, long total) {
        HttpServerResponse response = request.response()
                .putHeader("content-type", "application/octet-stream")
                .setChunked(true);
        Buffer chunk = Buffer.buffer(new byte[64 * 1024]);
        Runnable[] pump = new Runnable[1];
        pump[0] = () -> {
            while (downloadSent.get() < total) {
                int n = (int) Math.min(chunk.length(), total - downloadSent.get());
                response.write(n == chunk.length() ? chunk : chunk.getBuffer(0, n));
                downloadSent.addAndGet(n);
                if (response.writeQueueFull()) {
                    response.drainHandler(v -> pump[0].run());
                    return;
                }
            }
            response.end();
        };
        downloadSent.set(0);
        pump[0].run();
    }

    private void echo(ServerWebSocket ws) {
        ws.textMessageHandler(text -> {
            if (text.equals("close")) {
                ws.close((short) 4001, "bye");
            } else {
                ws.writeTextMessage(text);
            }
        });
        ws.binaryMessageHandler(ws::writeBinaryMessage);
        ws.closeHandler(v -> lastClientCloseCode.set(ws.closeStatusCode()));
    }
}
