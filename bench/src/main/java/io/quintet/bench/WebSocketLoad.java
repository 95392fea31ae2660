package io.quintet.bench;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A closed-loop WebSocket echo load: {@code connections} sockets, each sending its next text message
 * as soon as the echo of the previous one arrived, for a fixed time. Records every round trip, so
 * percentiles are exact. The server must echo each text message once.
 */
public final class WebSocketLoad {

    public record Result(long messages, long errors, double perSecond, double p50Millis, double p99Millis) {
        @Override
        public String toString() {
            return String.format(
                    "%.0f msg/s, p50 %.2f ms, p99 %.2f ms, %d errors", perSecond, p50Millis, p99Millis, errors);
        }
    }

    private WebSocketLoad() {}

    public static Result run(
            String host, int port, String uri, int connections, Duration warmup, Duration duration, String message)
            throws Exception {
        return run(host, port, uri, connections, warmup, duration, message, () -> {}, () -> {});
    }

    /**
     * As {@link #run(String, int, String, int, Duration, Duration, String)}, calling {@code measuring} when the
     * measured window opens (sockets connected, warm-up over) and {@code measured} when the last socket's loop
     * ended, before any socket closes: a proxy's CPU read at those two moments is spent on the counted messages
     * alone, not on handshakes or closing handshakes.
     */
    public static Result run(
            String host,
            int port,
            String uri,
            int connections,
            Duration warmup,
            Duration duration,
            String message,
            Runnable measuring,
            Runnable measured)
            throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            // Vert.x allows 50 sockets per address by default: a 51st connect would wait for a slot forever
            WebSocketClient client = vertx.createWebSocketClient(
                    new WebSocketClientOptions().setTcpNoDelay(true).setMaxConnections(connections + 10));
            List<Connection> sockets = new ArrayList<>();
            for (int i = 0; i < connections; i++) {
                // the connect future completes on the socket's own event loop: remember it to drive the loop there
                sockets.add(client.connect(new WebSocketConnectOptions()
                                .setHost(host)
                                .setPort(port)
                                .setURI(uri))
                        .map(ws -> new Connection(ws, Vertx.currentContext()))
                        .toCompletionStage()
                        .toCompletableFuture()
                        .get(10, TimeUnit.SECONDS));
            }
            if (!warmup.isZero()) {
                measure(sockets, warmup, message, () -> {}, () -> {});
            }
            Result result = measure(sockets, duration, message, measuring, measured);
            for (Connection connection : sockets) {
                connection
                        .socket()
                        .close()
                        .toCompletionStage()
                        .toCompletableFuture()
                        .get(10, TimeUnit.SECONDS);
            }
            return result;
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get();
        }
    }

    private record Connection(WebSocket socket, Context context) {}

    private static Result measure(
            List<Connection> sockets, Duration duration, String message, Runnable measuring, Runnable measured)
            throws Exception {
        measuring.run();
        long end = System.nanoTime() + duration.toNanos();
        List<Loop> loops = new ArrayList<>();
        long start = System.nanoTime();
        for (Connection connection : sockets) {
            Loop loop = new Loop(connection.socket(), end, message);
            loops.add(loop);
            connection.context().runOnContext(v -> loop.next());
        }
        CompletableFuture.allOf(loops.stream().map(l -> l.done).toArray(CompletableFuture[]::new))
                .get();
        double seconds = (System.nanoTime() - start) / 1e9;
        measured.run();
        long errors = loops.stream().mapToLong(l -> l.errors).sum();
        long[] all = loops.stream()
                .flatMapToLong(l -> Arrays.stream(l.latencies, 0, l.count))
                .sorted()
                .toArray();
        if (all.length == 0) {
            return new Result(0, errors, 0, 0, 0);
        }
        return new Result(
                all.length,
                errors,
                all.length / seconds,
                all[(int) (all.length * 0.50)] / 1e6,
                all[Math.min(all.length - 1, (int) (all.length * 0.99))] / 1e6);
    }

    /** One socket's send-wait-send loop, run on the socket's event loop. */
    private static final class Loop {
        final WebSocket socket;
        final long end;
        final String message;
        final CompletableFuture<Void> done = new CompletableFuture<>();
        long[] latencies = new long[4096];
        int count;
        long errors;
        long sent;

        Loop(WebSocket socket, long end, String message) {
            this.socket = socket;
            this.end = end;
            this.message = message;
            socket.textMessageHandler(echo -> {
                if (!echo.equals(message)) errors++;
                record(System.nanoTime() - sent);
                next();
            });
            socket.exceptionHandler(failure -> errors++);
            socket.closeHandler(v -> done.complete(null));
        }

        void next() {
            if (System.nanoTime() >= end) {
                done.complete(null);
                return;
            }
            sent = System.nanoTime();
            Future<Void> write = socket.writeTextMessage(message);
            write.onFailure(failure -> {
                errors++;
                done.complete(null);
            });
        }

        private void record(long nanos) {
            if (count == latencies.length) latencies = Arrays.copyOf(latencies, count * 2);
            latencies[count++] = nanos;
        }
    }
}
