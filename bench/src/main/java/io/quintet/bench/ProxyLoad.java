package io.quintet.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Closed-loop HTTP load for the proxy comparison: {@code connections} keep-alive connections (plain or
 * TLS, certificates not checked), each sending its next request when the previous answer has been read
 * to the end. Bodies are streamed in 64 KiB pieces with back-pressure, answers are counted, not kept,
 * so a 10 MiB transfer costs the generator no more memory than a small one. Every latency is recorded.
 */
final class ProxyLoad {

    /** What one request sends: method, path, and a body of {@code bodyBytes} zero bytes (0: none). */
    record Shape(HttpMethod method, String uri, long bodyBytes) {}

    record Result(long requests, long errors, long bytesReceived, double seconds, double p50Millis, double p99Millis) {
        double perSecond() {
            return requests / seconds;
        }
    }

    private static final Buffer PIECE = Buffer.buffer(new byte[64 * 1024]);

    private ProxyLoad() {}

    /**
     * Warms up on the same connections (so TLS handshakes and connection set-up stay out of the measured
     * time), calls {@code afterWarmup} (where the caller reads its CPU meters), then measures.
     */
    static Result run(
            String host,
            int port,
            boolean tls,
            int connections,
            Duration warmup,
            Duration duration,
            Shape shape,
            Runnable afterWarmup)
            throws Exception {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        try {
            HttpClient client = vertx.createHttpClient(
                    new HttpClientOptions()
                            .setDefaultHost(host)
                            .setDefaultPort(port)
                            .setKeepAlive(true)
                            .setTcpNoDelay(true)
                            .setSsl(tls)
                            .setTrustAll(true)
                            .setVerifyHost(false)
                            .setMaxChunkSize(64 * 1024)
                            .setConnectTimeout(30_000),
                    new PoolOptions().setHttp1MaxSize(connections).setMaxWaitQueueSize(-1));
            if (!warmup.isZero()) measure(client, connections, warmup, shape);
            afterWarmup.run();
            return measure(client, connections, duration, shape);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    private static Result measure(HttpClient client, int connections, Duration duration, Shape shape) throws Exception {
        long end = System.nanoTime() + duration.toNanos();
        AtomicLong errors = new AtomicLong();
        AtomicLong received = new AtomicLong();
        Loop[] loops = new Loop[connections];
        long start = System.nanoTime();
        for (int c = 0; c < connections; c++) {
            loops[c] = new Loop(client, end, errors, received, shape);
            loops[c].next();
        }
        CompletableFuture.allOf(Arrays.stream(loops).map(l -> l.done).toArray(CompletableFuture[]::new))
                .get(duration.toSeconds() + 120, TimeUnit.SECONDS);
        double seconds = (System.nanoTime() - start) / 1e9;
        long[] all = Arrays.stream(loops)
                .flatMapToLong(l -> Arrays.stream(l.latencies, 0, l.count))
                .sorted()
                .toArray();
        if (all.length == 0) return new Result(0, errors.get(), received.get(), seconds, 0, 0);
        return new Result(
                all.length,
                errors.get(),
                received.get(),
                seconds,
                all[(int) (all.length * 0.50)] / 1e6,
                all[Math.min(all.length - 1, (int) (all.length * 0.99))] / 1e6);
    }

    private static final class Loop {
        final HttpClient client;
        final long end;
        final AtomicLong errors;
        final AtomicLong received;
        final Shape shape;
        final CompletableFuture<Void> done = new CompletableFuture<>();
        long[] latencies = new long[1024];
        int count;

        Loop(HttpClient client, long end, AtomicLong errors, AtomicLong received, Shape shape) {
            this.client = client;
            this.end = end;
            this.errors = errors;
            this.received = received;
            this.shape = shape;
        }

        void next() {
            if (System.nanoTime() >= end) {
                done.complete(null);
                return;
            }
            long sent = System.nanoTime();
            client.request(new RequestOptions().setMethod(shape.method()).setURI(shape.uri()))
                    .compose(this::send)
                    .compose(response -> {
                        if (response.statusCode() / 100 != 2) errors.incrementAndGet();
                        response.handler(b -> received.addAndGet(b.length()));
                        return response.end();
                    })
                    .onComplete(ar -> {
                        if (ar.failed()) errors.incrementAndGet();
                        if (count == latencies.length) latencies = Arrays.copyOf(latencies, count * 2);
                        latencies[count++] = System.nanoTime() - sent;
                        next();
                    });
        }

        private Future<HttpClientResponse> send(HttpClientRequest request) {
            if (shape.bodyBytes() == 0) return request.send();
            if (shape.bodyBytes() <= PIECE.length()) return request.send(PIECE.getBuffer(0, (int) shape.bodyBytes()));
            request.putHeader("content-length", Long.toString(shape.bodyBytes()));
            pump(request, shape.bodyBytes());
            return request.response();
        }

        /** Writes the body piece by piece, waiting whenever the connection's queue is full. */
        private static void pump(HttpClientRequest request, long left) {
            long remaining = left;
            while (remaining > 0) {
                int n = (int) Math.min(PIECE.length(), remaining);
                request.write(n == PIECE.length() ? PIECE : PIECE.getBuffer(0, n));
                remaining -= n;
                if (remaining > 0 && request.writeQueueFull()) {
                    long rest = remaining;
                    request.drainHandler(v -> pump(request, rest));
                    return;
                }
            }
            request.end();
        }
    }
}
