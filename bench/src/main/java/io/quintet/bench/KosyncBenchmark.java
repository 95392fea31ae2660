package io.quintet.bench;

import io.quintet.deploy.ChildProcess;
import io.quintet.deploy.LauncherSettings;
import io.quintet.deploy.ServiceCatalog;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.mutiny.sqlclient.Tuple;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;

/**
 * The kosync service under KOReader's two hot calls, pull and push, with 64 keep-alive
 * connections straight to the service jar started the way the launcher starts it, against raw
 * PostgreSQL doing the same primary-key read and upsert with the same concurrency in the same run.
 *
 * <p>The load generator runs in this JVM (always) and, when {@code wrk} is on the PATH, also as a separate
 * process ({@code --generator inprocess|auto|wrk}). Every case prints the service's CPU time per
 * request and the machine's load average, since other work on the same cores moves the figures.
 *
 * <p>{@code java -jar bench/target/quintet-bench.jar kosync [--seconds 10] [--connections 64] [--generator auto]}
 */
final class KosyncBenchmark {

    private static final int USERS = 64;
    private static final int DOCUMENTS = 200;
    private static final String KEY = "5f4dcc3b5aa765d61d8327deb882cf99";

    static void main(String[] args) throws Exception {
        int seconds = ClosedLoop.intArg(args, "--seconds", 10);
        int connections = ClosedLoop.intArg(args, "--connections", 64);
        // in-process always; "auto" (default) adds wrk as a separate process when it is on the PATH
        String generator = ClosedLoop.stringArg(args, "--generator", "auto");
        Path root = Path.of(System.getenv().getOrDefault("QUINTET_HOME", "."))
                .toAbsolutePath()
                .normalize();
        Path jar = ServiceCatalog.named("kosync").runner(root);
        if (!Files.isRegularFile(jar)) {
            System.err.println("kosync-service is not built (" + jar
                    + "): ./mvnw -DskipTests install -pl kosync-service,deploy,bench");
            System.exit(2);
        }
        try (BenchDatabase db = new BenchDatabase(20)) {
            String version = db.pool
                    .query("SHOW server_version")
                    .execute()
                    .await()
                    .indefinitely()
                    .iterator()
                    .next()
                    .getString(0);
            int port = ClosedLoop.freePort();
            Map<String, String> env = new HashMap<>();
            env.putAll(db.connectionEnvironment());
            ChildProcess service = ChildProcess.start(
                    ServiceCatalog.named("kosync"),
                    port,
                    jar,
                    LauncherSettings.DEFAULT_JAVA_OPTIONS,
                    env,
                    new PrintStream(OutputStream.nullOutputStream()));
            try {
                if (!service.awaitReady(Duration.ofMinutes(2))) {
                    throw new IllegalStateException("kosync-service did not become ready");
                }
                Thread.sleep(3_000);
                long idleKb = service.residentKb().orElse(-1L);
                seed(port, db);

                System.out.printf(
                        "kosync benchmark: %d connections, %d s per case after warm-up, PostgreSQL %s (embedded, default durable settings),"
                                + " service JVM options: %s, %d cores%n",
                        connections,
                        seconds,
                        version,
                        LauncherSettings.DEFAULT_JAVA_OPTIONS,
                        Runtime.getRuntime().availableProcessors());
                System.out.printf("idle RSS of the service: %d MB%n", idleKb / 1024);
                Duration warmup = Duration.ofSeconds(Math.max(3, seconds / 2));
                Duration length = Duration.ofSeconds(seconds);

                // both hot paths compiled before either is measured (the JIT has two threads here)
                HttpLoad.run(
                        "127.0.0.1",
                        port,
                        connections,
                        Duration.ZERO,
                        Duration.ofSeconds(Math.max(10, seconds)),
                        seq -> seq % 2 == 0 ? pull(seq) : push(seq));
                System.out.printf("load average before the cases: %s%n", loadAverage());
                Case pull = inProcess(service, port, connections, warmup, length, KosyncBenchmark::pull);
                double rawRead = ClosedLoop.warmedRate(
                        connections,
                        length,
                        i -> db.pool
                                .preparedQuery(
                                        "SELECT percentage, progress, device, device_id, pushed_at FROM kosync.progress WHERE user_id = $1 AND document = $2")
                                .execute(Tuple.of(userId(db, i), document(i)))
                                .replaceWithVoid()
                                .subscribeAsCompletionStage());
                String rawReadLoad = loadAverage();
                Case push = inProcess(service, port, connections, warmup, length, KosyncBenchmark::push);
                double rawUpsert = ClosedLoop.warmedRate(
                        connections,
                        length,
                        i -> db.pool
                                .preparedQuery(
                                        "INSERT INTO kosync.progress AS p (user_id, document, percentage, progress, device, device_id, pushed_at)"
                                                + " VALUES ($1, $2, $3, $4, $5, $6, floor(extract(epoch FROM clock_timestamp()))::bigint)"
                                                + " ON CONFLICT (user_id, document) DO UPDATE SET percentage = excluded.percentage,"
                                                + " progress = excluded.progress, device = excluded.device,"
                                                + " device_id = COALESCE(excluded.device_id, p.device_id),"
                                                + " pushed_at = floor(extract(epoch FROM clock_timestamp()))::bigint RETURNING p.pushed_at")
                                .execute(Tuple.tuple()
                                        .addLong(userId(db, i))
                                        .addString(document(i))
                                        .addDouble((i % 10_000) / 10_000.0)
                                        .addString("/body/DocFragment[12]/body/div/p[" + (i % 500) + "]/text().0")
                                        .addString("bench")
                                        .addString("BENCH-DEVICE"))
                                .replaceWithVoid()
                                .subscribeAsCompletionStage());
                String rawUpsertLoad = loadAverage();
                Case externalPull = null;
                Case externalPush = null;
                Optional<Path> wrk = generator.equals("inprocess") ? Optional.empty() : onPath("wrk");
                if (wrk.isPresent()) {
                    externalPull = Wrk.run(wrk.get(), service, port, connections, warmup, length, "get");
                    externalPush = Wrk.run(wrk.get(), service, port, connections, warmup, length, "put");
                } else if (generator.equals("wrk")) {
                    System.out.println("wrk is not on the PATH (apt-get install wrk): external load generator skipped");
                }

                System.out.printf(
                        "%-34s %-9s %9s %8s %8s %7s %9s %12s %7s  %s%n",
                        "case",
                        "generator",
                        "req/s",
                        "p50 ms",
                        "p99 ms",
                        "errors",
                        "svc us/req",
                        "raw PG ops/s",
                        "ratio",
                        "load average (1, 5, 15 min) after the case / after raw PG");
                line("GET /syncs/progress/{document}", "in-proc", pull, rawRead, rawReadLoad);
                if (externalPull != null)
                    line("GET /syncs/progress/{document}", "wrk", externalPull, rawRead, rawReadLoad);
                line("PUT /syncs/progress", "in-proc", push, rawUpsert, rawUpsertLoad);
                if (externalPush != null) line("PUT /syncs/progress", "wrk", externalPush, rawUpsert, rawUpsertLoad);
                System.out.println("svc us/req: CPU time (user + system) of the service process per answered request."
                        + " raw PG: the same primary-key read / upsert, one statement per round trip over a 20-connection pool, "
                        + connections + " in flight, measured in this run; ratio = service / raw.");
                System.out.printf(
                        "RSS of the service after the run: %d MB%n",
                        service.residentKb().orElse(-1L) / 1024);
            } finally {
                service.stop(Duration.ofSeconds(20));
            }
        }
    }

    private static void line(String name, String generator, Case c, double raw, String rawLoad) {
        System.out.printf(
                "%-34s %-9s %9.0f %8.2f %8.2f %7d %9.0f %12.0f %7.2f  %s / %s%n",
                name,
                generator,
                c.perSecond,
                c.p50Millis,
                c.p99Millis,
                c.errors,
                c.serviceMicrosPerRequest,
                raw,
                c.perSecond / raw,
                c.load,
                rawLoad);
    }

    /** One measured case: throughput, latency, the service's CPU per request and the machine's load right after. */
    record Case(
            double perSecond,
            double p50Millis,
            double p99Millis,
            long errors,
            double serviceMicrosPerRequest,
            String load) {}

    private static Case inProcess(
            ChildProcess service,
            int port,
            int connections,
            Duration warmup,
            Duration length,
            IntFunction<HttpLoad.Request> requests)
            throws Exception {
        // warm-up separately, so the CPU counted below belongs to the measured requests only
        HttpLoad.run("127.0.0.1", port, connections, Duration.ZERO, warmup, requests);
        long cpu = cpuTicks(service.pid());
        HttpLoad.Result r = HttpLoad.run("127.0.0.1", port, connections, Duration.ZERO, length, requests);
        double micros = cpuMicros(cpuTicks(service.pid()) - cpu, r.requests());
        return new Case(r.perSecond(), r.p50Millis(), r.p99Millis(), r.errors(), micros, loadAverage());
    }

    /** 1, 5 and 15 minute load average of the machine (Linux), "?" elsewhere. */
    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (Exception e) {
            double one = java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                    .getSystemLoadAverage();
            return one < 0 ? "?" : String.format("%.2f", one);
        }
    }

    /** utime + stime of a process in clock ticks (Linux /proc), -1 when unknown. */
    static long cpuTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (Exception e) {
            return -1;
        }
    }

    private static double cpuMicros(long ticks, long requests) {
        // USER_HZ is 100 on every Linux this runs on
        return ticks < 0 || requests == 0 ? Double.NaN : ticks * 10_000.0 / requests;
    }

    static Optional<Path> onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, program);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /**
     * wrk as a separate process (the load generator then does not share the service's JVM), with the
     * same users, documents and bodies as the in-process generator, by a Lua script.
     */
    static final class Wrk {

        private static final String SCRIPT = """
                local mode = "get"
                local counter = 0
                local threads = {}
                function setup(thread)
                  thread:set("tid", #threads)
                  table.insert(threads, thread)
                end
                function init(args)
                  mode = args[1] or "get"
                  counter = (tid or 0) * 1000003
                end
                function request()
                  counter = counter + 1
                  local u = counter % %USERS%
                  local d = string.format("%032x", (counter * 7919) % %DOCUMENTS%)
                  local h = {["x-auth-user"] = "reader" .. u, ["x-auth-key"] = "%KEY%",
                             ["Accept"] = "application/vnd.koreader.v1+json"}
                  if mode == "put" then
                    h["Content-Type"] = "application/json"
                    local body = '{"document":"' .. d .. '","progress":"/body/DocFragment[12]/body/div/p[' .. (counter % 500)
                      .. ']/text().0","percentage":' .. ((counter % 10000) / 10000) .. ',"device":"Kobo_frost","device_id":"BENCH-DEVICE"}'
                    return wrk.format("PUT", "/kosync/syncs/progress", h, body)
                  end
                  return wrk.format("GET", "/kosync/syncs/progress/" .. d, h)
                end
                """;

        static Case run(
                Path wrk,
                ChildProcess service,
                int port,
                int connections,
                Duration warmup,
                Duration length,
                String mode)
                throws Exception {
            Path script = Files.createTempFile("kosync-bench", ".lua");
            try {
                Files.writeString(
                        script,
                        SCRIPT.replace("%USERS%", Integer.toString(USERS))
                                .replace("%DOCUMENTS%", Integer.toString(DOCUMENTS))
                                .replace("%KEY%", KEY));
                exec(wrk, script, port, connections, warmup, mode);
                long cpu = cpuTicks(service.pid());
                String out = exec(wrk, script, port, connections, length, mode);
                long requests = number(out, "(\\d+) requests in");
                long errors = number(out, "Non-2xx or 3xx responses: (\\d+)") + socketErrors(out);
                double perSecond = Double.parseDouble(group(out, "Requests/sec:\\s+([0-9.]+)"));
                return new Case(
                        perSecond,
                        millis(group(out, "\\s50%\\s+(\\S+)")),
                        millis(group(out, "\\s99%\\s+(\\S+)")),
                        errors,
                        cpuMicros(cpuTicks(service.pid()) - cpu, requests),
                        loadAverage());
            } finally {
                Files.deleteIfExists(script);
            }
        }

        private static String exec(Path wrk, Path script, int port, int connections, Duration length, String mode)
                throws Exception {
            int threads = Math.min(2, connections);
            Process p = new ProcessBuilder(
                            wrk.toString(),
                            "-t" + threads,
                            "-c" + connections,
                            "-d" + Math.max(1, length.toSeconds()) + "s",
                            "--latency",
                            "-s",
                            script.toString(),
                            "http://127.0.0.1:" + port,
                            "--",
                            mode)
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0 || !out.contains("Requests/sec")) {
                throw new IllegalStateException("wrk failed: " + out);
            }
            return out;
        }

        private static String group(String text, String regex) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile(regex).matcher(text);
            if (!m.find()) {
                throw new IllegalStateException("not in wrk's output: " + regex + "\n" + text);
            }
            return m.group(1);
        }

        private static long number(String text, String regex) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile(regex).matcher(text);
            return m.find() ? Long.parseLong(m.group(1)) : 0;
        }

        private static long socketErrors(String text) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                            "Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)")
                    .matcher(text);
            return m.find()
                    ? Long.parseLong(m.group(1))
                            + Long.parseLong(m.group(2))
                            + Long.parseLong(m.group(3))
                            + Long.parseLong(m.group(4))
                    : 0;
        }

        /** wrk prints "812.00us", "4.21ms" or "1.02s". */
        private static double millis(String value) {
            if (value.endsWith("us")) return Double.parseDouble(value.substring(0, value.length() - 2)) / 1000;
            if (value.endsWith("ms")) return Double.parseDouble(value.substring(0, value.length() - 2));
            if (value.endsWith("s")) return Double.parseDouble(value.substring(0, value.length() - 1)) * 1000;
            return Double.parseDouble(value);
        }
    }

    private static HttpLoad.Request pull(int seq) {
        return new HttpLoad.Request(HttpMethod.GET, "/kosync/syncs/progress/" + document(seq), headers(seq), null);
    }

    private static HttpLoad.Request push(int seq) {
        String body = "{\"document\":\"" + document(seq) + "\",\"progress\":\"/body/DocFragment[12]/body/div/p["
                + (seq % 500) + "]/text().0\",\"percentage\":" + (seq % 10_000) / 10_000.0
                + ",\"device\":\"Kobo_frost\",\"device_id\":\"BENCH-DEVICE\"}";
        Map<String, String> headers = new HashMap<>(headers(seq));
        headers.put("Content-Type", "application/json");
        return new HttpLoad.Request(HttpMethod.PUT, "/kosync/syncs/progress", headers, Buffer.buffer(body));
    }

    private static final Map<String, String>[] HEADERS = headerTable();

    @SuppressWarnings("unchecked")
    private static Map<String, String>[] headerTable() {
        Map<String, String>[] table = new Map[USERS];
        for (int u = 0; u < USERS; u++) {
            table[u] = Map.of(
                    "Accept", "application/vnd.koreader.v1+json", "x-auth-user", "reader" + u, "x-auth-key", KEY);
        }
        return table;
    }

    private static Map<String, String> headers(int seq) {
        return HEADERS[Math.floorMod(seq, USERS)];
    }

    private static String document(int seq) {
        return String.format("%032x", Math.floorMod(seq * 7919L, DOCUMENTS));
    }

    private static long[] userIds;

    private static long userId(BenchDatabase db, int seq) {
        return userIds[Math.floorMod(seq, USERS)];
    }

    /** Registers the readers through the protocol, then seeds their positions with one statement. */
    private static void seed(int port, BenchDatabase db) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        CompletableFuture<?>[] created = new CompletableFuture<?>[USERS];
        for (int u = 0; u < USERS; u++) {
            created[u] = http.sendAsync(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/kosync/users/create"))
                                    .header("Accept", "application/vnd.koreader.v1+json")
                                    .POST(HttpRequest.BodyPublishers.ofString(
                                            "{\"username\":\"reader" + u + "\",\"password\":\"" + KEY + "\"}"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .thenAccept(r -> {
                        if (r.statusCode() != 201)
                            throw new IllegalStateException("registration: " + r.statusCode() + " " + r.body());
                    });
        }
        CompletableFuture.allOf(created).get();
        // each reader logs in once, as KOReader does: later calls are answered from the verification cache
        CompletableFuture<?>[] logins = new CompletableFuture<?>[USERS];
        for (int u = 0; u < USERS; u++) {
            logins[u] = http.sendAsync(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/kosync/users/auth"))
                                    .header("Accept", "application/vnd.koreader.v1+json")
                                    .header("x-auth-user", "reader" + u)
                                    .header("x-auth-key", KEY)
                                    .GET()
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .thenAccept(r -> {
                        if (r.statusCode() != 200)
                            throw new IllegalStateException("login: " + r.statusCode() + " " + r.body());
                    });
        }
        CompletableFuture.allOf(logins).get();
        userIds = new long[USERS];
        for (var row : db.pool
                .query("SELECT id, username FROM kosync.users WHERE username LIKE 'reader%'")
                .execute()
                .await()
                .indefinitely()) {
            userIds[Integer.parseInt(row.getString(1).substring(6))] = row.getLong(0);
        }
        db.pool
                .query(
                        "INSERT INTO kosync.progress (user_id, document, percentage, progress, device, device_id, pushed_at)"
                                + " SELECT u.id, lpad(to_hex((d * 7919) % " + DOCUMENTS
                                + "), 32, '0'), 0.5, '/body/DocFragment[1]/body/p[1]/text().0', 'seed', 'SEED',"
                                + " extract(epoch FROM now())::bigint FROM kosync.users u, generate_series(0, "
                                + (DOCUMENTS - 1) + ") d"
                                + " WHERE u.username LIKE 'reader%' ON CONFLICT DO NOTHING")
                .execute()
                .await()
                .indefinitely();
    }
}
