package io.quintet.bench;

import io.quintet.deploy.ChildProcess;
import io.quintet.deploy.LauncherSettings;
import io.quintet.deploy.ServiceCatalog;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.mutiny.sqlclient.Tuple;

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
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * The kosync service under KOReader's two hot calls, pull and push, with 64 keep-alive
 * connections straight to the service jar started the way the launcher starts it, against raw
 * PostgreSQL doing the same primary-key read and upsert with the same concurrency in the same run.
 *
 * <p>{@code java -jar bench/target/quintet-bench.jar kosync [--seconds 10] [--connections 64]}
 */
final class KosyncBenchmark {

    private static final int USERS = 64;
    private static final int DOCUMENTS = 200;
    private static final String KEY = "5f4dcc3b5aa765d61d8327deb882cf99";

    static void main(String[] args) throws Exception {
        int seconds = intArg(args, "--seconds", 10);
        int connections = intArg(args, "--connections", 64);
        Path root = Path.of(System.getenv().getOrDefault("QUINTET_HOME", ".")).toAbsolutePath().normalize();
        Path jar = ServiceCatalog.named("kosync").runner(root);
        if (!Files.isRegularFile(jar)) {
            System.err.println("kosync-service is not built (" + jar + "): ./mvnw -DskipTests install -pl kosync-service,deploy,bench");
            System.exit(2);
        }
        try (BenchDatabase db = new BenchDatabase(20)) {
            String version = db.pool.query("SHOW server_version").execute().await().indefinitely().iterator().next().getString(0);
            int port = freePort();
            Map<String, String> env = new HashMap<>();
            env.put("QUINTET_DB_URL", db.url());
            env.put("QUINTET_DB_USER", "postgres");
            env.put("QUINTET_DB_PASSWORD", "postgres");
            ChildProcess service = ChildProcess.start(ServiceCatalog.named("kosync"), port, jar,
                    LauncherSettings.DEFAULT_JAVA_OPTIONS, env, new PrintStream(OutputStream.nullOutputStream()));
            try {
                if (!service.awaitReady(Duration.ofMinutes(2))) {
                    throw new IllegalStateException("kosync-service did not become ready");
                }
                Thread.sleep(3_000);
                long idleKb = service.residentKb().orElse(-1L);
                seed(port, db);

                System.out.printf("kosync benchmark: %d connections, %d s per case after warm-up, PostgreSQL %s (embedded, default durable settings),"
                        + " service JVM options: %s, %d cores%n", connections, seconds, version, LauncherSettings.DEFAULT_JAVA_OPTIONS,
                        Runtime.getRuntime().availableProcessors());
                System.out.printf("idle RSS of the service: %d MB%n", idleKb / 1024);
                Duration warmup = Duration.ofSeconds(Math.max(3, seconds / 2));
                Duration length = Duration.ofSeconds(seconds);

                // both hot paths compiled before either is measured (the JIT has two threads here)
                HttpLoad.run("127.0.0.1", port, connections, Duration.ZERO, Duration.ofSeconds(Math.max(10, seconds)),
                        seq -> seq % 2 == 0 ? pull(seq) : push(seq));
                HttpLoad.Result pull = HttpLoad.run("127.0.0.1", port, connections, warmup, length, KosyncBenchmark::pull);
                double rawRead = raw(db, connections, length, i -> db.pool.preparedQuery(
                                "SELECT percentage, progress, device, device_id, pushed_at FROM kosync.progress WHERE user_id = $1 AND document = $2")
                        .execute(Tuple.of(userId(db, i), document(i))).replaceWithVoid().subscribeAsCompletionStage());
                HttpLoad.Result push = HttpLoad.run("127.0.0.1", port, connections, warmup, length, KosyncBenchmark::push);
                double rawUpsert = raw(db, connections, length, i -> db.pool.preparedQuery(
                                "INSERT INTO kosync.progress AS p (user_id, document, percentage, progress, device, device_id, pushed_at)"
                                        + " VALUES ($1, $2, $3, $4, $5, $6, floor(extract(epoch FROM clock_timestamp()))::bigint)"
                                        + " ON CONFLICT (user_id, document) DO UPDATE SET percentage = excluded.percentage,"
                                        + " progress = excluded.progress, device = excluded.device,"
                                        + " device_id = COALESCE(excluded.device_id, p.device_id),"
                                        + " pushed_at = floor(extract(epoch FROM clock_timestamp()))::bigint RETURNING p.pushed_at")
                        .execute(Tuple.tuple().addLong(userId(db, i)).addString(document(i)).addDouble((i % 10_000) / 10_000.0)
                                .addString("/body/DocFragment[12]/body/div/p[" + (i % 500) + "]/text().0").addString("bench")
                                .addString("BENCH-DEVICE"))
                        .replaceWithVoid().subscribeAsCompletionStage());

                System.out.printf("%-34s %10s %9s %9s %8s %14s %7s%n", "case", "req/s", "p50 ms", "p99 ms", "errors", "raw PG ops/s", "ratio");
                line("GET /syncs/progress/{document}", pull, rawRead);
                line("PUT /syncs/progress", push, rawUpsert);
                System.out.printf("RSS of the service after the run: %d MB%n", service.residentKb().orElse(-1L) / 1024);
            } finally {
                service.stop(Duration.ofSeconds(20));
            }
        }
    }

    private static void line(String name, HttpLoad.Result r, double raw) {
        System.out.printf("%-34s %10.0f %9.2f %9.2f %8d %14.0f %7.2f%n", name, r.perSecond(), r.p50Millis(), r.p99Millis(), r.errors(), raw,
                r.perSecond() / raw);
    }

    private static HttpLoad.Request pull(int seq) {
        return new HttpLoad.Request(HttpMethod.GET, "/kosync/syncs/progress/" + document(seq), headers(seq), null);
    }

    private static HttpLoad.Request push(int seq) {
        String body = "{\"document\":\"" + document(seq) + "\",\"progress\":\"/body/DocFragment[12]/body/div/p[" + (seq % 500)
                + "]/text().0\",\"percentage\":" + (seq % 10_000) / 10_000.0 + ",\"device\":\"Kobo_frost\",\"device_id\":\"BENCH-DEVICE\"}";
        Map<String, String> headers = new HashMap<>(headers(seq));
        headers.put("Content-Type", "application/json");
        return new HttpLoad.Request(HttpMethod.PUT, "/kosync/syncs/progress", headers, Buffer.buffer(body));
    }

    private static final Map<String, String>[] HEADERS = headerTable();

    @SuppressWarnings("unchecked")
    private static Map<String, String>[] headerTable() {
        Map<String, String>[] table = new Map[USERS];
        for (int u = 0; u < USERS; u++) {
            table[u] = Map.of("Accept", "application/vnd.koreader.v1+json", "x-auth-user", "reader" + u, "x-auth-key", KEY);
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
            created[u] = http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/kosync/users/create"))
                    .header("Accept", "application/vnd.koreader.v1+json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"reader" + u + "\",\"password\":\"" + KEY + "\"}")).build(),
                    HttpResponse.BodyHandlers.ofString()).thenAccept(r -> {
                        if (r.statusCode() != 201) throw new IllegalStateException("registration: " + r.statusCode() + " " + r.body());
                    });
        }
        CompletableFuture.allOf(created).get();
        // each reader logs in once, as KOReader does: later calls are answered from the verification cache
        CompletableFuture<?>[] logins = new CompletableFuture<?>[USERS];
        for (int u = 0; u < USERS; u++) {
            logins[u] = http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/kosync/users/auth"))
                    .header("Accept", "application/vnd.koreader.v1+json").header("x-auth-user", "reader" + u).header("x-auth-key", KEY)
                    .GET().build(), HttpResponse.BodyHandlers.ofString()).thenAccept(r -> {
                        if (r.statusCode() != 200) throw new IllegalStateException("login: " + r.statusCode() + " " + r.body());
                    });
        }
        CompletableFuture.allOf(logins).get();
        userIds = new long[USERS];
        for (var row : db.pool.query("SELECT id, username FROM kosync.users WHERE username LIKE 'reader%'").execute().await().indefinitely()) {
            userIds[Integer.parseInt(row.getString(1).substring(6))] = row.getLong(0);
        }
        db.pool.query("INSERT INTO kosync.progress (user_id, document, percentage, progress, device, device_id, pushed_at)"
                + " SELECT u.id, lpad(to_hex((d * 7919) % " + DOCUMENTS + "), 32, '0'), 0.5, '/body/DocFragment[1]/body/p[1]/text().0', 'seed', 'SEED',"
                + " extract(epoch FROM now())::bigint FROM kosync.users u, generate_series(0, " + (DOCUMENTS - 1) + ") d"
                + " WHERE u.username LIKE 'reader%' ON CONFLICT DO NOTHING").execute().await().indefinitely();
    }

    /** Closed loop over the pool: {@code concurrency} statements in flight for the duration; completions per second. */
    private static double raw(BenchDatabase db, int concurrency, Duration length, IntFunction<java.util.concurrent.CompletionStage<Void>> op)
            throws Exception {
        run(concurrency, Duration.ofSeconds(2), op); // warm-up
        return run(concurrency, length, op);
    }

    private static double run(int concurrency, Duration length, IntFunction<java.util.concurrent.CompletionStage<Void>> op) throws Exception {
        AtomicLong done = new AtomicLong();
        AtomicLong seq = new AtomicLong();
        long end = System.nanoTime() + length.toNanos();
        long start = System.nanoTime();
        CompletableFuture<?>[] loops = new CompletableFuture<?>[concurrency];
        for (int c = 0; c < concurrency; c++) {
            CompletableFuture<Void> loop = new CompletableFuture<>();
            loops[c] = loop;
            next(op, seq, done, end, loop);
        }
        CompletableFuture.allOf(loops).get();
        return done.get() / ((System.nanoTime() - start) / 1e9);
    }

    private static void next(IntFunction<java.util.concurrent.CompletionStage<Void>> op, AtomicLong seq, AtomicLong done, long end,
                             CompletableFuture<Void> loop) {
        if (System.nanoTime() >= end) {
            loop.complete(null);
            return;
        }
        op.apply((int) seq.getAndIncrement()).whenComplete((v, e) -> {
            if (e == null) done.incrementAndGet();
            next(op, seq, done, end, loop);
        });
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static int intArg(String[] args, String name, int fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) return Integer.parseInt(args[i + 1]);
        }
        return fallback;
    }

}
