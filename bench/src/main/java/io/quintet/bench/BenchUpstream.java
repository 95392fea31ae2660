package io.quintet.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerResponse;
import java.util.concurrent.TimeUnit;

/**
 * The service behind the proxies in the gateway benchmark, under {@code /kosync} like the real one:
 * {@code /kosync/echo} (a 68-byte JSON answer; a POST body is read first), {@code /kosync/upload} (reads
 * any body), {@code /kosync/download?bytes=N} (streams N bytes), WebSocket echo at {@code /kosync/ws},
 * and {@code /kosync/q/health/ready}. It answers at once, so what a proxy adds is all that differs.
 * {@code main} runs it as its own process (the idle-connections run, whose sockets would not fit in one
 * process's descriptor limit together with the clients').
 */
final class BenchUpstream {

    static final String HOST = "127.0.0.1";
    private static final Buffer SMALL =
            Buffer.buffer("{\"document\":\"0b229176d4e8db7f6d2b5a4952368d7a\",\"progress\":\"0.42\"}");
    private static final Buffer CHUNK = Buffer.buffer(new byte[64 * 1024]);

    private BenchUpstream() {}

    static HttpServer start(Vertx vertx, int port) throws Exception {
        return vertx.createHttpServer(
                        new HttpServerOptions().setTcpNoDelay(true).setMaxChunkSize(64 * 1024))
                .requestHandler(request -> {
                    String path = request.path();
                    switch (path) {
                        case "/kosync/ws" ->
                            request.toWebSocket().onSuccess(ws -> {
                                ws.textMessageHandler(ws::writeTextMessage);
                                ws.binaryMessageHandler(ws::writeBinaryMessage);
                            });
                        case "/kosync/download" ->
                            download(request.response(), Long.parseLong(request.getParam("bytes")));
                        case "/kosync/q/health/ready" -> request.response().end("{\"status\":\"UP\"}");
                        case "/kosync/upload" -> {
                            long[] count = {0};
                            request.handler(b -> count[0] += b.length());
                            request.endHandler(v -> request.response()
                                    .putHeader("content-type", "application/json")
                                    .end("{\"bytes\":" + count[0] + "}"));
                        }
                        default ->
                            request.body()
                                    .onSuccess(body -> request.response()
                                            .putHeader("content-type", "application/json")
                                            .end(SMALL));
                    }
                })
                .listen(port, HOST)
                .toCompletionStage()
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
    }

    private static void download(HttpServerResponse response, long total) {
        response.putHeader("content-length", Long.toString(total))
                .putHeader("content-type", "application/octet-stream");
        long[] sent = {0};
        Runnable[] pump = new Runnable[1];
        pump[0] = () -> {
            while (sent[0] < total) {
                int n = (int) Math.min(CHUNK.length(), total - sent[0]);
                response.write(n == CHUNK.length() ? CHUNK : CHUNK.getBuffer(0, n));
                sent[0] += n;
                if (response.writeQueueFull()) {
                    response.drainHandler(v -> pump[0].run());
                    return;
                }
            }
            response.end();
        };
        pump[0].run();
    }

    /** {@code java -cp quintet-bench.jar io.quintet.bench.BenchUpstream <port>}: runs until killed. */
    public static void main(String[] args) throws Exception {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        HttpServer server = start(vertx, Integer.parseInt(args[0]));
        System.out.println("listening on " + server.actualPort());
        Thread.currentThread().join();
    }
}
