package io.quintet.bench;

import io.quintet.deploy.ChildProcess;
import io.quintet.deploy.LauncherSettings;
import io.quintet.deploy.ServiceCatalog;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The gateway beside nginx in front of the same upstream, with the same load, in alternating rounds of
 * one run (issue 19): per case requests/s, p50/p99, and the proxy's CPU per request (its process' user
 * plus system time, nginx' master and workers together) for direct, gateway and nginx, and the ratios
 * gateway ÷ nginx. nginx runs when it is installed ({@code apt-get install nginx-light}): the benchmark
 * writes its configuration into a temporary folder, starts it on loopback and stops it by its PID.
 * The upstream is an in-process Vert.x service on one event loop ({@link BenchUpstream}).
 *
 * <p>{@code java -jar bench/target/quintet-bench.jar gateway [--seconds 5] [--warmup 2] [--rounds 2]
 * [--cases get,https,post,download,upload,ws,many] [--jit-warmup 60] [--gateway-jar path] [--gateway-java-opts "..."]};
 * {@code gateway idle [--connections 5000]} is the idle-connections run ({@link GatewayIdleBenchmark}).
 * From the repository root, after {@code ./mvnw package -DskipTests -pl gateway,bench -am}.
 */
final class GatewayBenchmark {

    private static final String HOST = BenchUpstream.HOST;
    private static final long TEN_MIB = 10L * 1024 * 1024;
    private static final String WS_MESSAGE = "{\"type\":\"operation\",\"id\":\"0b229176\",\"seq\":42}";
    private static final HttpClient PROBE =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    /** One proxied or direct endpoint and whose CPU it spends. */
    record Target(String name, int httpPort, int httpsPort, CpuMeter cpu) {}

    interface CpuMeter {
        long nanos();
    }

    record Measured(
            String target, double rate, double p50, double p99, double cpuMicros, long errors, double mbPerSecond) {}

    private GatewayBenchmark() {}

    static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("idle")) {
            GatewayIdleBenchmark.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        Duration seconds = Duration.ofSeconds(intArg(args, "--seconds", 5));
        Duration warmup = Duration.ofSeconds(intArg(args, "--warmup", 3));
        int rounds = intArg(args, "--rounds", 2);
        Duration jitWarmup = Duration.ofSeconds(intArg(args, "--jit-warmup", 60));
        Set<String> cases = Set.of(stringArg(args, "--cases", "get,https,post,download,upload,ws,many")
                .split(","));
        String javaOptions = stringArg(args, "--gateway-java-opts", LauncherSettings.DEFAULT_JAVA_OPTIONS);
        Path root = Path.of(stringArg(args, "--root", ".")).toAbsolutePath().normalize();
        Path jar = Path.of(stringArg(
                args, "--gateway-jar", ServiceCatalog.GATEWAY.runner(root).toString()));
        if (!Files.isRegularFile(jar)) {
            System.err.println("gateway is not built: " + jar + " (./mvnw -DskipTests package -pl gateway -am)");
            System.exit(2);
        }

        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        HttpServer upstream = BenchUpstream.start(vertx, 0);
        CompletableFuture<Thread> loop = new CompletableFuture<>();
        vertx.runOnContext(v -> loop.complete(Thread.currentThread()));
        Thread upstreamThread = loop.get(10, TimeUnit.SECONDS);
        Path work = Files.createTempDirectory("quintet-gateway-bench");
        ChildProcess gateway = null;
        Nginx nginx = null;
        try {
            gateway = startGateway(jar, javaOptions, upstream.actualPort(), work.resolve("gateway"));
            long gatewayPid = gateway.pid();
            List<Target> targets = new ArrayList<>();
            targets.add(new Target(
                    "direct",
                    upstream.actualPort(),
                    -1,
                    () -> java.lang.management.ManagementFactory.getThreadMXBean()
                            .getThreadCpuTime(upstreamThread.getId())));
            targets.add(new Target("gateway", gateway.port, gatewayHttpsPort, () -> processTreeCpuNanos(gatewayPid)));
            nginx = Nginx.start(work.resolve("nginx"), upstream.actualPort());
            // a benchmark stopped with Ctrl-C or SIGTERM skips the finally below: stop the proxies by their PIDs anyway
            ChildProcess startedGateway = gateway;
            Nginx startedNginx = nginx;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                if (startedNginx != null && startedNginx.process.isAlive()) {
                    startedNginx.process.descendants().forEach(ProcessHandle::destroy);
                    startedNginx.process.destroy();
                }
                startedGateway.stop(Duration.ofSeconds(5));
            }));
            if (nginx != null) {
                Nginx n = nginx;
                targets.add(new Target("nginx", n.httpPort, n.httpsPort, () -> processTreeCpuNanos(n.pid())));
            } else {
                System.out.println("nginx is not installed (apt-get install -y nginx-light): gateway and direct only");
            }
            System.out.printf(
                    "Gateway ÷ nginx: %d s per measurement after %d s warm-up, %d alternating rounds (best shown), %d cores;%n"
                            + "load generator and upstream (1 event loop) in this JVM; gateway (%s) and nginx%s in their own processes%n",
                    seconds.toSeconds(),
                    warmup.toSeconds(),
                    rounds,
                    Runtime.getRuntime().availableProcessors(),
                    javaOptions,
                    nginx == null
                            ? ""
                            : " " + nginx.version + " (worker_processes auto, upstream keepalive 64, X-Forwarded-*)");
            System.out.printf("load average at start: %s%n", loadAverage());
            System.out.printf(
                    "%-34s %-8s %10s %9s %9s %12s %8s%n",
                    "case", "target", "per second", "p50 ms", "p99 ms", "CPU µs/req", "errors");

            Runner runner = new Runner(targets, rounds, warmup, seconds);
            // JIT warm-up of every proxy on the paths all cases use, outside any measurement: a JVM that is still
            // compiling spends several times its settled CPU per request (on a loaded machine for over a minute)
            for (Target target : targets) {
                ProxyLoad.run(
                        HOST,
                        target.httpPort(),
                        false,
                        64,
                        Duration.ZERO,
                        target.name().equals("gateway") ? jitWarmup : Duration.ofSeconds(5),
                        new ProxyLoad.Shape(HttpMethod.GET, "/kosync/echo", 0),
                        () -> {});
                ProxyLoad.run(
                        HOST,
                        target.httpPort(),
                        false,
                        64,
                        Duration.ZERO,
                        Duration.ofSeconds(5),
                        new ProxyLoad.Shape(HttpMethod.POST, "/kosync/echo", 16 * 1024),
                        () -> {});
                if (cases.contains("ws")) {
                    // the WebSocket handshake and relay paths: otherwise the JIT compiles them during the echo rounds
                    WebSocketLoad.run(
                            HOST,
                            target.httpPort(),
                            "/kosync/ws",
                            64,
                            Duration.ZERO,
                            target.name().equals("gateway") ? Duration.ofSeconds(10) : Duration.ofSeconds(3),
                            WS_MESSAGE);
                }
                if (target.httpsPort() > 0) {
                    ProxyLoad.run(
                            HOST,
                            target.httpsPort(),
                            true,
                            64,
                            Duration.ZERO,
                            Duration.ofSeconds(5),
                            new ProxyLoad.Shape(HttpMethod.GET, "/kosync/echo", 0),
                            () -> {});
                }
            }
            if (cases.contains("get"))
                runner.http(
                        "small GET, HTTP, 64 connections",
                        false,
                        64,
                        new ProxyLoad.Shape(HttpMethod.GET, "/kosync/echo", 0));
            if (cases.contains("https"))
                runner.http(
                        "small GET, HTTPS keep-alive, 64 conn.",
                        true,
                        64,
                        new ProxyLoad.Shape(HttpMethod.GET, "/kosync/echo", 0));
            if (cases.contains("post"))
                runner.http(
                        "16 KiB POST, 64 connections",
                        false,
                        64,
                        new ProxyLoad.Shape(HttpMethod.POST, "/kosync/echo", 16 * 1024));
            if (cases.contains("download"))
                runner.http(
                        "10 MiB download, 4 connections",
                        false,
                        4,
                        new ProxyLoad.Shape(HttpMethod.GET, "/kosync/download?bytes=" + TEN_MIB, 0));
            if (cases.contains("upload"))
                runner.http(
                        "10 MiB upload, 4 connections",
                        false,
                        4,
                        new ProxyLoad.Shape(HttpMethod.POST, "/kosync/upload", TEN_MIB));
            if (cases.contains("ws")) runner.webSocket("WebSocket echo, 64 sockets", 64);
            if (cases.contains("many"))
                runner.http(
                        "small GET, 1 000 keep-alive clients",
                        false,
                        1000,
                        new ProxyLoad.Shape(HttpMethod.GET, "/kosync/echo", 0));
            gateway.residentKb().ifPresent(kb -> System.out.printf("gateway RSS after the run: %d MB%n", kb / 1024));
            // the machine is shared: absolute figures are contended; the ratios come from alternating rounds
            System.out.printf("load average at the end: %s%n", loadAverage());
        } finally {
            if (nginx != null) nginx.stop();
            if (gateway != null) gateway.stop(Duration.ofSeconds(10));
            upstream.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            deleteTree(work);
        }
    }

    private static int gatewayHttpsPort;

    /**
     * The gateway's fast-jar as the launcher starts it; ready once its health answers on the management
     * port (or, for a gateway from before the management interface, on its public port).
     */
    static ChildProcess startGateway(Path jar, String javaOptions, int upstreamPort, Path data) throws Exception {
        return startGateway(jar, javaOptions, upstreamPort, data, Map.of());
    }

    static ChildProcess startGateway(
            Path jar, String javaOptions, int upstreamPort, Path data, Map<String, String> extraEnv) throws Exception {
        Files.createDirectories(data);
        int port = freePort();
        gatewayHttpsPort = freePort();
        int management = freePort();
        Map<String, String> env = new java.util.HashMap<>(Map.of(
                "QUINTET_UPSTREAM_KOSYNC",
                "http://" + HOST + ":" + upstreamPort,
                "QUINTET_DATA_DIR",
                data.toString(),
                "QUINTET_GATEWAY_HTTPS_PORT",
                Integer.toString(gatewayHttpsPort),
                "QUARKUS_LOG_LEVEL",
                "WARN"));
        env.putAll(extraEnv);
        ChildProcess gateway = ChildProcess.start(
                ServiceCatalog.GATEWAY,
                port,
                management,
                jar,
                javaOptions,
                env,
                new PrintStream(OutputStream.nullOutputStream()));
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        while (System.nanoTime() < deadline) {
            if (!gateway.isAlive()) throw new IllegalStateException("the gateway exited during start");
            for (int p : new int[] {management, port}) {
                try {
                    HttpResponse<Void> r = PROBE.send(
                            HttpRequest.newBuilder(URI.create("http://" + HOST + ":" + p + "/q/health/ready"))
                                    .timeout(Duration.ofSeconds(2))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding());
                    if (r.statusCode() == 200) return gateway;
                } catch (IOException notYet) {
                    // not listening yet
                }
            }
            Thread.sleep(250);
        }
        gateway.stop(Duration.ofSeconds(5));
        throw new IllegalStateException("the gateway did not become ready");
    }

    /** Runs each case against every target in turn, {@code rounds} times, and prints the best round of each. */
    private static final class Runner {
        final List<Target> targets;
        final int rounds;
        final Duration warmup;
        final Duration seconds;

        Runner(List<Target> targets, int rounds, Duration warmup, Duration seconds) {
            this.targets = targets;
            this.rounds = rounds;
            this.warmup = warmup;
            this.seconds = seconds;
        }

        void http(String name, boolean tls, int connections, ProxyLoad.Shape shape) throws Exception {
            Measured[] best = new Measured[targets.size()];
            for (int round = 0; round < rounds; round++) {
                for (int t = 0; t < targets.size(); t++) {
                    Target target = targets.get(t);
                    // the upstream has no TLS: "direct" is its plain port, the proxies terminate TLS
                    int port = tls && target.httpsPort() > 0 ? target.httpsPort() : target.httpPort();
                    boolean useTls = tls && target.httpsPort() > 0;
                    long[] cpu0 = {0};
                    ProxyLoad.Result r = ProxyLoad.run(
                            HOST,
                            port,
                            useTls,
                            connections,
                            warmup,
                            seconds,
                            shape,
                            () -> cpu0[0] = target.cpu().nanos());
                    double cpu = r.requests() == 0 ? 0 : (target.cpu().nanos() - cpu0[0]) / 1e3 / r.requests();
                    Measured m = new Measured(
                            target.name(),
                            r.perSecond(),
                            r.p50Millis(),
                            r.p99Millis(),
                            cpu,
                            r.errors(),
                            r.bytesReceived() / 1e6 / r.seconds());
                    if (best[t] == null || m.rate() > best[t].rate()) best[t] = m;
                }
            }
            print(name, best, shape.bodyBytes() >= TEN_MIB || shape.uri().contains("download"));
        }

        void webSocket(String name, int sockets) throws Exception {
            String message = WS_MESSAGE;
            Measured[] best = new Measured[targets.size()];
            for (int round = 0; round < rounds; round++) {
                for (int t = 0; t < targets.size(); t++) {
                    Target target = targets.get(t);
                    WebSocketLoad.Result r;
                    // CPU is read over the echo loop alone, the window the message rate is counted in: not over
                    // the 64 handshakes and closes around it
                    long[] cpu = {0, 0};
                    try {
                        r = WebSocketLoad.run(
                                HOST,
                                target.httpPort(),
                                "/kosync/ws",
                                sockets,
                                warmup,
                                seconds,
                                message,
                                () -> cpu[0] = target.cpu().nanos(),
                                () -> cpu[1] = target.cpu().nanos());
                    } catch (Exception failed) {
                        // on a loaded machine a handshake can outlast the load generator's 10 s: count it, go on
                        System.out.printf(
                                "%-34s %-8s could not open %d sockets: %s%n", "", target.name(), sockets, failed);
                        r = new WebSocketLoad.Result(0, sockets, 0, 0, 0);
                    }
                    double perMessage = r.messages() == 0 ? 0 : (cpu[1] - cpu[0]) / 1e3 / r.messages();
                    Measured m = new Measured(
                            target.name(), r.perSecond(), r.p50Millis(), r.p99Millis(), perMessage, r.errors(), 0);
                    if (best[t] == null || m.rate() > best[t].rate()) best[t] = m;
                }
            }
            print(name, best, false);
        }

        private void print(String name, Measured[] best, boolean bulk) {
            for (int t = 0; t < best.length; t++) {
                Measured m = best[t];
                System.out.printf(
                        "%-34s %-8s %10.0f %9.2f %9.2f %12.1f %8d%s%n",
                        t == 0 ? name : "",
                        m.target(),
                        m.rate(),
                        m.p50(),
                        m.p99(),
                        m.cpuMicros(),
                        m.errors(),
                        bulk ? String.format("   %.0f MB/s", m.mbPerSecond()) : "");
            }
            Measured direct = best[0];
            Measured gw = best[1];
            if (best.length > 2) {
                Measured ng = best[2];
                System.out.printf(
                        "%-34s gateway ÷ nginx: throughput %.2f×, CPU per request %.2f×; added p50 over direct: gateway %.2f ms, "
                                + "nginx %.2f ms (load %s)%n",
                        "",
                        gw.rate() / ng.rate(),
                        gw.cpuMicros() / ng.cpuMicros(),
                        gw.p50() - direct.p50(),
                        ng.p50() - direct.p50(),
                        loadAverage());
            } else {
                System.out.printf(
                        "%-34s gateway ÷ direct: throughput %.2f×; added p50 %.2f ms (load %s)%n",
                        "", gw.rate() / direct.rate(), gw.p50() - direct.p50(), loadAverage());
            }
        }
    }

    /** nginx from the system, configured like the gateway: one server, both listeners, WebSocket upgrades, X-Forwarded-*. */
    static final class Nginx {
        final Process process;
        final int httpPort;
        final int httpsPort;
        final String version;

        private Nginx(Process process, int httpPort, int httpsPort, String version) {
            this.process = process;
            this.httpPort = httpPort;
            this.httpsPort = httpsPort;
            this.version = version;
        }

        long pid() {
            return process.pid();
        }

        static Nginx start(Path dir, int upstreamPort) throws Exception {
            Path binary = Stream.of("/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/bin/nginx")
                    .map(Path::of)
                    .filter(Files::isExecutable)
                    .findFirst()
                    .orElse(null);
            if (binary == null) return null;
            Files.createDirectories(dir.resolve("logs"));
            Process key = new ProcessBuilder(
                            "openssl",
                            "req",
                            "-x509",
                            "-newkey",
                            "rsa:2048",
                            "-nodes",
                            "-days",
                            "2",
                            "-subj",
                            "/CN=localhost",
                            "-keyout",
                            dir.resolve("key.pem").toString(),
                            "-out",
                            dir.resolve("cert.pem").toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!key.waitFor(60, TimeUnit.SECONDS) || key.exitValue() != 0) {
                System.out.println("openssl could not make nginx' certificate: nginx skipped");
                return null;
            }
            int http = freePort();
            int https = freePort();
            String config = """
                    user root;
                    worker_processes auto;
                    daemon off;
                    pid %1$s/nginx.pid;
                    error_log %1$s/logs/error.log warn;
                    events { worker_connections 4096; }
                    http {
                        access_log off;
                        client_body_temp_path %1$s/body; proxy_temp_path %1$s/proxy; fastcgi_temp_path %1$s/fastcgi;
                        uwsgi_temp_path %1$s/uwsgi; scgi_temp_path %1$s/scgi;
                        client_max_body_size 1g;
                        keepalive_requests 1000000;
                        proxy_request_buffering off;
                        proxy_max_temp_file_size 0;
                        upstream kosync { server %2$s:%3$d; keepalive 64; }
                        map $http_upgrade $connection_upgrade { default upgrade; '' ''; }
                        server {
                            listen %2$s:%4$d;
                            listen %2$s:%5$d ssl;
                            ssl_certificate %1$s/cert.pem;
                            ssl_certificate_key %1$s/key.pem;
                            ssl_protocols TLSv1.2 TLSv1.3;
                            location / {
                                proxy_pass http://kosync;
                                proxy_http_version 1.1;
                                proxy_set_header Upgrade $http_upgrade;
                                proxy_set_header Connection $connection_upgrade;
                                proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                                proxy_set_header X-Forwarded-Proto $scheme;
                                proxy_set_header X-Forwarded-Host $http_host;
                                proxy_set_header X-Forwarded-Port $server_port;
                                proxy_set_header X-Forwarded-Prefix /kosync;
                                proxy_read_timeout 60s;
                            }
                        }
                    }
                    """.formatted(dir, HOST, upstreamPort, http, https);
            Path conf = dir.resolve("nginx.conf");
            Files.writeString(conf, config);
            Process v = new ProcessBuilder(binary.toString(), "-v")
                    .redirectErrorStream(true)
                    .start();
            String version =
                    new String(v.getInputStream().readAllBytes()).trim().replace("nginx version: ", "");
            v.waitFor(10, TimeUnit.SECONDS);
            Process process = new ProcessBuilder(binary.toString(), "-p", dir.toString(), "-c", conf.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("logs/stdout.log").toFile())
                    .start();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    System.out.println("nginx exited: " + Files.readString(dir.resolve("logs/stdout.log"))
                            + (Files.exists(dir.resolve("logs/error.log"))
                                    ? Files.readString(dir.resolve("logs/error.log"))
                                    : ""));
                    return null;
                }
                try (java.net.Socket s = new java.net.Socket(HOST, http)) {
                    return new Nginx(process, http, https, version);
                } catch (IOException notYet) {
                    Thread.sleep(100);
                }
            }
            process.destroyForcibly();
            return null;
        }

        /** SIGTERM to the master (its PID, never by name); it stops its workers. */
        void stop() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    /** User plus system time of a process and its descendants (nginx' workers), from /proc (ticks of 10 ms). */
    static long processTreeCpuNanos(long pid) {
        long total = cpuNanos(pid);
        ProcessHandle handle = ProcessHandle.of(pid).orElse(null);
        if (handle != null) {
            total += handle.descendants().mapToLong(p -> cpuNanos(p.pid())).sum();
        }
        return total;
    }

    private static long cpuNanos(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10_000_000L;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** The 1, 5 and 15 minute load averages, as uptime shows them. */
    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return fields[0] + ", " + fields[1] + ", " + fields[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    static int intArg(String[] args, String name, int fallback) {
        return Integer.parseInt(stringArg(args, name, Integer.toString(fallback)));
    }

    static String stringArg(String[] args, String name, String fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) return args[i + 1];
        }
        return fallback;
    }
}
