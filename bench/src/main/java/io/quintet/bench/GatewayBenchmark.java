package io.quintet.bench;

import io.quintet.deploy.ChildProcess;
import io.quintet.deploy.LauncherSettings;
import io.quintet.deploy.ServiceCatalog;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.RequestOptions;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Throughput and latency directly against an upstream and through the real gateway (its fast-jar,
 * started like the launcher starts it) in the same run: plain HTTP GET and POST against an upstream that
 * answers at once (pure proxy cost), GET against one that takes 5 ms (a service with a database),
 * WebSocket echo, and one large streamed download. The upstream is an in-process Vert.x service under /kosync.
 *
 * <p>{@code java -jar bench/target/quintet-bench.jar gateway [--seconds 10] [--warmup 3] [--connections 32]
 * [--rounds 2] [--cases get,post,work,ws,download] [--gateway-java-opts "..."]} from the repository root, after {@code ./mvnw package -pl gateway,bench}.
 */
final class GatewayBenchmark {

    private static final String HOST = "127.0.0.1";
    private static final Buffer SMALL = Buffer.buffer("{\"document\":\"0b229176d4e8db7f6d2b5a4952368d7a\",\"progress\":\"0.42\"}");
    private static final Buffer POST_BODY = Buffer.buffer(new byte[16 * 1024]);
    private static final long DOWNLOAD_BYTES = 512L * 1024 * 1024;
    private static final long SERVICE_MILLIS = 5;

    /** Direct and gateway runs alternate this many times; the best of each is shown (the machine is shared). */
    private static int rounds;
    /** The upstream's only event loop thread, and the gateway's process: whose CPU time a request costs. */
    private static Thread upstreamThread;
    private static long gatewayPid;

    private GatewayBenchmark() {
    }

    static void main(String[] args) throws Exception {
        Duration seconds = Duration.ofSeconds(intArg(args, "--seconds", 10));
        Duration warmup = Duration.ofSeconds(intArg(args, "--warmup", 3));
        int connections = intArg(args, "--connections", 32);
        rounds = intArg(args, "--rounds", 2);
        // e.g. "--cases get" to measure one change quickly; default: all of them
        java.util.Set<String> cases = java.util.Set.of(stringArg(args, "--cases", "get,post,work,ws,download").split(","));
        String javaOptions = stringArg(args, "--gateway-java-opts", LauncherSettings.DEFAULT_JAVA_OPTIONS);
        Path jar = ServiceCatalog.GATEWAY.runner(Path.of(stringArg(args, "--root", ".")).toAbsolutePath().normalize());
        if (!Files.isRegularFile(jar)) {
            System.err.println("gateway is not built: " + jar + " (./mvnw -DskipTests package -pl gateway)");
            System.exit(2);
        }

        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        HttpServer upstream = startUpstream(vertx);
        java.util.concurrent.CompletableFuture<Thread> loop = new java.util.concurrent.CompletableFuture<>();
        vertx.runOnContext(v -> loop.complete(Thread.currentThread()));
        upstreamThread = loop.get(10, TimeUnit.SECONDS);
        Path data = Files.createTempDirectory("quintet-gateway-bench");
        int gatewayPort = freePort();
        ChildProcess gateway = ChildProcess.start(ServiceCatalog.GATEWAY, gatewayPort, jar, javaOptions, Map.of(
                "QUINTET_UPSTREAM_KOSYNC", "http://" + HOST + ":" + upstream.actualPort(),
                "QUINTET_DATA_DIR", data.toString(),
                "QUINTET_GATEWAY_HTTPS_PORT", Integer.toString(freePort()),
                "QUARKUS_LOG_LEVEL", "WARN"), new PrintStream(OutputStream.nullOutputStream()));
        try {
            if (!gateway.awaitReady(Duration.ofSeconds(120))) {
                throw new IllegalStateException("the gateway did not become ready");
            }
            gatewayPid = gateway.pid();
            int direct = upstream.actualPort();
            System.out.printf("Gateway benchmark: %d connections, %d s per case after %d s warm-up, best of %d alternating rounds, %d cores;%n"
                            + "load generator and upstream (1 event loop) in this JVM, gateway in its own JVM (%s)%n",
                    connections, seconds.toSeconds(), warmup.toSeconds(), rounds, Runtime.getRuntime().availableProcessors(), javaOptions);
            System.out.printf("load average at start: %s%n", loadAverage());
            System.out.printf("%-24s %34s   %34s %7s %10s%n", "case", "direct", "through gateway", "ratio", "added p50");

            if (cases.contains("get")) {
                compareHttp("HTTP GET (68 B answer)", direct, gatewayPort, connections, warmup, seconds,
                        i -> HttpLoad.Request.get("/kosync/echo", Map.of()));
            }
            if (cases.contains("post")) {
                compareHttp("HTTP POST 16 KiB", direct, gatewayPort, connections, warmup, seconds,
                        i -> new HttpLoad.Request(HttpMethod.POST, "/kosync/echo", Map.of("content-type", "application/octet-stream"), POST_BODY));
            }
            if (cases.contains("work")) {
                compareHttp("HTTP GET, 5 ms service", direct, gatewayPort, connections, warmup, seconds,
                        i -> HttpLoad.Request.get("/kosync/work", Map.of()));
            }
            if (cases.contains("ws")) compareWebSocket(direct, gatewayPort, connections, warmup, seconds);
            if (cases.contains("download")) compareDownload(direct, gatewayPort);
            gateway.residentKb().ifPresent(kb -> System.out.printf("gateway RSS after the run: %d MB%n", kb / 1024));
            // the machine is shared: ratios measured while others build are lower than on a quiet machine
            System.out.printf("load average at the end: %s%n", loadAverage());
        } finally {
            gateway.stop(Duration.ofSeconds(10));
            upstream.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            try (Stream<Path> files = Files.walk(data)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Echo service: small JSON answers, POST bodies drained, WebSocket echo, a large download, readiness. */
    private static HttpServer startUpstream(Vertx vertx) throws Exception {
        return vertx.createHttpServer(new HttpServerOptions().setTcpNoDelay(true))
                .requestHandler(request -> {
                    String path = request.path();
                    if (path.equals("/kosync/ws")) {
                        request.toWebSocket().onSuccess(ws -> ws.textMessageHandler(ws::writeTextMessage));
                    } else if (path.equals("/kosync/download")) {
                        download(request.response());
                    } else if (path.equals("/kosync/work")) {
                        // a service that spends a few milliseconds per request, as one with a database does
                        vertx.setTimer(SERVICE_MILLIS, id -> request.response().putHeader("content-type", "application/json").end(SMALL));
                    } else if (path.equals("/kosync/q/health/ready")) {
                        request.response().end("{\"status\":\"UP\"}");
                    } else {
                        request.body().onSuccess(body -> request.response().putHeader("content-type", "application/json").end(SMALL));
                    }
                })
                .listen(0, HOST).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static void download(io.vertx.core.http.HttpServerResponse response) {
        Buffer chunk = Buffer.buffer(new byte[256 * 1024]);
        response.putHeader("content-length", Long.toString(DOWNLOAD_BYTES));
        long[] sent = {0};
        Runnable[] pump = new Runnable[1];
        pump[0] = () -> {
            while (sent[0] < DOWNLOAD_BYTES) {
                response.write(chunk);
                sent[0] += chunk.length();
                if (response.writeQueueFull()) {
                    response.drainHandler(v -> pump[0].run());
                    return;
                }
            }
            response.end();
        };
        pump[0].run();
    }

    private static void compareHttp(String name, int direct, int gateway, int connections, Duration warmup, Duration duration,
                                    java.util.function.IntFunction<HttpLoad.Request> request) throws Exception {
        HttpLoad.Result d = null;
        HttpLoad.Result g = null;
        double upstreamCpu = Double.MAX_VALUE;
        double gatewayCpu = Double.MAX_VALUE;
        for (int round = 0; round < rounds; round++) {
            HttpLoad.run(HOST, direct, connections, Duration.ZERO, warmup, request);
            long u0 = upstreamCpuNanos();
            HttpLoad.Result rd = HttpLoad.run(HOST, direct, connections, Duration.ZERO, duration, request);
            upstreamCpu = Math.min(upstreamCpu, (upstreamCpuNanos() - u0) / 1e3 / rd.requests());
            HttpLoad.run(HOST, gateway, connections, Duration.ZERO, warmup, request);
            long g0 = gatewayCpuNanos();
            HttpLoad.Result rg = HttpLoad.run(HOST, gateway, connections, Duration.ZERO, duration, request);
            gatewayCpu = Math.min(gatewayCpu, (gatewayCpuNanos() - g0) / 1e3 / rg.requests());
            if (d == null || rd.perSecond() > d.perSecond()) d = rd;
            if (g == null || rg.perSecond() > g.perSecond()) g = rg;
        }
        print(name, d.perSecond(), d.p50Millis(), d.p99Millis(), d.errors(), g.perSecond(), g.p50Millis(), g.p99Millis(), g.errors(), "req/s");
        // the gateway's whole process (utime + stime from /proc/<pid>/stat over the measured run) ÷ its requests
        System.out.printf("%-24s CPU per request: upstream %.1f µs, gateway %.1f µs (load average now %s)%n", "", upstreamCpu, gatewayCpu,
                loadAverage());
    }

    private static void compareWebSocket(int direct, int gateway, int connections, Duration warmup, Duration duration) throws Exception {
        String message = "{\"type\":\"operation\",\"id\":\"0b229176\",\"seq\":42}";
        WebSocketLoad.Result d = null;
        WebSocketLoad.Result g = null;
        for (int round = 0; round < rounds; round++) {
            WebSocketLoad.Result rd = WebSocketLoad.run(HOST, direct, "/kosync/ws", connections, warmup, duration, message);
            WebSocketLoad.Result rg = WebSocketLoad.run(HOST, gateway, "/kosync/ws", connections, warmup, duration, message);
            if (d == null || rd.perSecond() > d.perSecond()) d = rd;
            if (g == null || rg.perSecond() > g.perSecond()) g = rg;
        }
        print("WebSocket echo (45 B)", d.perSecond(), d.p50Millis(), d.p99Millis(), d.errors(), g.perSecond(), g.p50Millis(), g.p99Millis(),
                g.errors(), "msg/s");
    }

    private static void print(String name, double dRate, double dP50, double dP99, long dErrors,
                              double gRate, double gP50, double gP99, long gErrors, String unit) {
        System.out.printf("%-24s %9.0f %-5s p50 %5.2f p99 %6.2f ms   %9.0f %-5s p50 %5.2f p99 %6.2f ms %7.2f %7.2f ms%s%n",
                name, dRate, unit, dP50, dP99, gRate, unit, gP50, gP99, gRate / dRate, gP50 - dP50,
                dErrors + gErrors == 0 ? "" : "  (errors: direct " + dErrors + ", gateway " + gErrors + ")");
    }

    /** One large download through each path: throughput in MB/s (the gateway streams, it does not buffer). */
    private static void compareDownload(int direct, int gateway) throws Exception {
        double d = 0;
        double g = 0;
        for (int round = 0; round < rounds; round++) {
            d = Math.max(d, download(direct));
            g = Math.max(g, download(gateway));
        }
        System.out.printf("%-24s %9.0f MB/s %46.0f MB/s %28.2f%n", "download 512 MiB", d, g, g / d);
    }

    private static double download(int port) throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            HttpClient client = vertx.createHttpClient(new HttpClientOptions().setDefaultHost(HOST).setDefaultPort(port));
            AtomicLong received = new AtomicLong();
            long start = System.nanoTime();
            client.request(new RequestOptions().setURI("/kosync/download"))
                    .compose(r -> r.send())
                    .compose(response -> {
                        response.handler(b -> received.addAndGet(b.length()));
                        return response.end();
                    }).toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
            double seconds = (System.nanoTime() - start) / 1e9;
            if (received.get() != DOWNLOAD_BYTES) throw new IllegalStateException("received " + received.get() + " bytes");
            return DOWNLOAD_BYTES / 1e6 / seconds;
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get();
        }
    }

    private static long upstreamCpuNanos() {
        return java.lang.management.ManagementFactory.getThreadMXBean().getThreadCpuTime(upstreamThread.getId());
    }

    /** User plus system time of the gateway process, from /proc (clock ticks of 10 ms). */
    private static long gatewayCpuNanos() {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(gatewayPid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10_000_000L;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** The 1, 5 and 15 minute load averages, as uptime shows them. */
    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return fields[0] + ", " + fields[1] + ", " + fields[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static int intArg(String[] args, String name, int fallback) {
        return Integer.parseInt(stringArg(args, name, Integer.toString(fallback)));
    }

    private static String stringArg(String[] args, String name, String fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) return args[i + 1];
        }
        return fallback;
    }
}
