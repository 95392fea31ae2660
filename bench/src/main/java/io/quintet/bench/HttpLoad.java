package io.quintet.bench;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * A closed-loop HTTP load generator: {@code connections} keep-alive connections, each sending its
 * next request as soon as the previous answer arrived, for a fixed time. Records every latency,
 * so percentiles are exact. Runs in the benchmark's own JVM, on loopback only.
 */
public final class HttpLoad {

    /** One request to send; {@code body} may be null. */
    public record Request(HttpMethod method, String uri, Map<String, String> headers, Buffer body) {
        public static Request get(String uri, Map<String, String> headers) {
            return new Request(HttpMethod.GET, uri, headers, null);
        }
    }

    public record Result(long requests, long errors, double perSecond, double p50Millis, double p99Millis) {
        @Override
        public String toString() {
            return String.format(
                    "%.0f req/s, p50 %.2f ms, p99 %.2f ms, %d errors", perSecond, p50Millis, p99Millis, errors);
        }
    }

    /** How long a request may wait for a pooled connection or go without a byte of its answer. */
    static final long ANSWER_TIMEOUT_MS = 30_000;

    private HttpLoad() {}

    /**
     * @param requestFor the request to send for a given sequence number (any status is counted as
     *                   an answer; a non-2xx status or a transport failure also counts as an error)
     */
    public static Result run(
            String host, int port, int connections, Duration warmup, Duration duration, IntFunction<Request> requestFor)
            throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            HttpClient client = vertx.createHttpClient(
                    new HttpClientOptions()
                            .setDefaultHost(host)
                            .setDefaultPort(port)
                            .setKeepAlive(true)
                            .setTcpNoDelay(true),
                    new PoolOptions().setHttp1MaxSize(connections));
            if (!warmup.isZero()) {
                measure(client, connections, warmup, requestFor);
            }
            Result result = measure(client, connections, duration, requestFor);
            client.close().toCompletionStage().toCompletableFuture().get();
            return result;
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get();
        }
    }

    private static Result measure(
            HttpClient client, int connections, Duration duration, IntFunction<Request> requestFor) throws Exception {
        long end = System.nanoTime() + duration.toNanos();
        AtomicLong sequence = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        long[][] latencies = new long[connections][];
        CompletableFuture<?>[] loops = new CompletableFuture<?>[connections];
        long start = System.nanoTime();
        for (int c = 0; c < connections; c++) {
            Loop loop = new Loop(client, end, sequence, errors, requestFor);
            int index = c;
            // wait for the copy, not only for the loop: allOf could otherwise see a loop done before its latencies
            loops[c] = loop.done.thenRun(() -> latencies[index] = Arrays.copyOf(loop.latencies, loop.count));
            loop.next();
        }
        CompletableFuture.allOf(loops).get();
        double seconds = (System.nanoTime() - start) / 1e9;
        long[] all =
                Arrays.stream(latencies).flatMapToLong(Arrays::stream).sorted().toArray();
        if (all.length == 0) {
            return new Result(0, errors.get(), 0, 0, 0);
        }
        return new Result(
                all.length,
                errors.get(),
                all.length / seconds,
                all[(int) (all.length * 0.50)] / 1e6,
                all[Math.min(all.length - 1, (int) (all.length * 0.99))] / 1e6);
    }

    /** One connection's request loop. */
    private static final class Loop {
        final HttpClient client;
        final long end;
        final AtomicLong sequence;
        final AtomicLong errors;
        final IntFunction<Request> requestFor;
        final CompletableFuture<Void> done = new CompletableFuture<>();
        long[] latencies = new long[4096];
        int count;

        Loop(HttpClient client, long end, AtomicLong sequence, AtomicLong errors, IntFunction<Request> requestFor) {
            this.client = client;
            this.end = end;
            this.sequence = sequence;
            this.errors = errors;
            this.requestFor = requestFor;
        }

        void next() {
            if (System.nanoTime() >= end) {
                done.complete(null);
                return;
            }
            Request r = requestFor.apply((int) sequence.getAndIncrement());
            // an answer that never comes is an error after ANSWER_TIMEOUT_MS, not a benchmark that never ends
            RequestOptions options = new RequestOptions()
                    .setMethod(r.method())
                    .setURI(r.uri())
                    .setConnectTimeout(ANSWER_TIMEOUT_MS)
                    .setIdleTimeout(ANSWER_TIMEOUT_MS);
            r.headers().forEach(options::addHeader);
            long sent = System.nanoTime();
            client.request(options)
                    .compose(req -> r.body() == null ? req.send() : req.send(r.body()))
                    .compose(resp -> {
                        if (resp.statusCode() / 100 != 2) errors.incrementAndGet();
                        return resp.body();
                    })
                    .onComplete(ar -> {
                        if (ar.failed()) errors.incrementAndGet();
                        record(System.nanoTime() - sent);
                        next();
                    });
        }

        private void record(long nanos) {
            if (count == latencies.length) latencies = Arrays.copyOf(latencies, count * 2);
            latencies[count++] = nanos;
        }
    }
}
