package io.quintet.bench;

import io.quintet.deploy.ChildProcess;
import io.quintet.deploy.LauncherSettings;
import io.quintet.deploy.ServiceCatalog;
import io.vertx.mutiny.sqlclient.Row;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The durability run of issue 17: concurrent writers against a service (kosync and linkora, each with
 * the launcher's JVM settings, on a durable embedded PostgreSQL), the service killed with SIGKILL
 * several times while they write and started again, then every write it acknowledged looked up in
 * its schema. Prints per service: acknowledged writes, writes lost (must be 0), failed requests (not
 * acknowledged, so allowed to be missing), and the time from each kill until the service was ready.
 *
 * <p>{@code bench durability [--seconds 30] [--kills 3] [--writers 16] [--services kosync,linkora]}
 */
final class DurabilityBenchmark {

    private static final String LINKORA_TOKEN = "durability-bench-token";
    private static final String KOSYNC_KEY = "5f4dcc3b5aa765d61d8327deb882cf99";

    private DurabilityBenchmark() {}

    public static void main(String[] args) throws Exception {
        int seconds = ClosedLoop.intArg(args, "--seconds", 30);
        int kills = ClosedLoop.intArg(args, "--kills", 3);
        int writers = ClosedLoop.intArg(args, "--writers", 16);
        String services = ClosedLoop.stringArg(args, "--services", "kosync,linkora");
        Path root = Path.of(System.getenv().getOrDefault("QUINTET_HOME", "."))
                .toAbsolutePath()
                .normalize();
        System.out.printf(
                "durability run: %d writers, %d s, SIGKILL %d times per service, durable commits, %d cores%n",
                writers, seconds, kills, Runtime.getRuntime().availableProcessors());
        for (String service : services.split(",")) {
            try (BenchDatabase db = new BenchDatabase(4)) {
                Target target = switch (service.trim()) {
                    case "kosync" -> new Kosync();
                    case "linkora" -> new Linkora();
                    default -> throw new IllegalArgumentException("no durability run for " + service);
                };
                run(root, db, target, seconds, kills, writers);
            }
        }
    }

    /** One protocol: how to start it, write one numbered thing, and list what it stored. */
    interface Target {
        String name();

        Map<String, String> environment(Path dataDir);

        void prepare(HttpClient http, int port) throws Exception;

        HttpRequest write(int port, int seq);

        /** The numbers of every write stored in the schema. */
        Set<Integer> stored(BenchDatabase db);
    }

    private static void run(Path root, BenchDatabase db, Target target, int seconds, int kills, int writers)
            throws Exception {
        Path jar = ServiceCatalog.named(target.name()).runner(root);
        if (!Files.isRegularFile(jar)) {
            System.out.println(target.name() + ": not built (" + jar + "), skipped");
            return;
        }
        Path dataDir = Files.createTempDirectory("durability-" + target.name());
        Map<String, String> env =
                new HashMap<>(LauncherSettings.SERVICE_ENVIRONMENT.getOrDefault(target.name(), Map.of()));
        env.putAll(db.connectionEnvironment());
        env.putAll(target.environment(dataDir));
        String javaOptions = LauncherSettings.javaOptionsFor(target.name(), System.getenv());
        int port = ClosedLoop.freePort();
        Path log = dataDir.resolve(target.name() + ".log");
        PrintStream quiet = new PrintStream(Files.newOutputStream(log), true);
        System.out.println(target.name() + ": service output in " + log);
        ChildProcess[] service = {start(target, port, jar, javaOptions, env, quiet)};
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        target.prepare(http, port);

        Set<Integer> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicLong failed = new AtomicLong();
        AtomicLong next = new AtomicLong();
        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            Thread t = new Thread(() -> {
                while (running.get()) {
                    int seq = (int) next.incrementAndGet();
                    try {
                        HttpResponse<Void> r =
                                http.send(target.write(port, seq), HttpResponse.BodyHandlers.discarding());
                        if (r.statusCode() / 100 == 2) acknowledged.add(seq);
                        else failed.incrementAndGet();
                    } catch (Exception e) {
                        failed.incrementAndGet();
                        sleep(20); // the service is down: do not spin
                    }
                }
            });
            t.start();
            threads.add(t);
        }
        List<Double> recoveries = new ArrayList<>();
        long interval = seconds * 1000L / (kills + 1);
        for (int k = 0; k < kills; k++) {
            Thread.sleep(interval);
            ProcessHandle.of(service[0].pid()).ifPresent(ProcessHandle::destroyForcibly);
            long killed = System.nanoTime();
            while (service[0].isAlive()) Thread.sleep(10);
            service[0] = start(target, port, jar, javaOptions, env, quiet);
            recoveries.add((System.nanoTime() - killed) / 1e9);
        }
        Thread.sleep(interval);
        running.set(false);
        for (Thread t : threads) t.join(30_000);
        Set<Integer> stored = target.stored(db);
        long lost = acknowledged.stream().filter(seq -> !stored.contains(seq)).count();
        System.out.printf(
                "%-8s acknowledged %d, lost %d, not acknowledged (errors while down) %d, ready again after each SIGKILL %s s%n",
                target.name(),
                acknowledged.size(),
                lost,
                failed.get(),
                recoveries.stream().map(s -> String.format("%.1f", s)).toList());
        service[0].stop(Duration.ofSeconds(20));
    }

    private static ChildProcess start(
            Target target, int port, Path jar, String javaOptions, Map<String, String> env, PrintStream out)
            throws Exception {
        ChildProcess child = ChildProcess.start(ServiceCatalog.named(target.name()), port, jar, javaOptions, env, out);
        if (!child.awaitReady(Duration.ofMinutes(3))) {
            child.stop(Duration.ofSeconds(10));
            throw new IllegalStateException(target.name() + " did not become ready (its output is in the run's log)");
        }
        return child;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Set<Integer> numbers(BenchDatabase db, String sql) {
        Set<Integer> seen = new HashSet<>();
        for (Row row : db.pool.query(sql).execute().await().indefinitely()) {
            seen.add(row.getInteger(0));
        }
        return seen;
    }

    /** KOReader progress pushes, one document per write, by one reader. */
    static final class Kosync implements Target {
        @Override
        public String name() {
            return "kosync";
        }

        @Override
        public Map<String, String> environment(Path dataDir) {
            return Map.of();
        }

        @Override
        public void prepare(HttpClient http, int port) throws Exception {
            HttpResponse<String> created = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/kosync/users/create"))
                            .header("Accept", "application/vnd.koreader.v1+json")
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    "{\"username\":\"durable\",\"password\":\"" + KOSYNC_KEY + "\"}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (created.statusCode() != 201) throw new IllegalStateException("register: " + created.statusCode());
        }

        @Override
        public HttpRequest write(int port, int seq) {
            return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/kosync/syncs/progress"))
                    .timeout(Duration.ofSeconds(10))
                    .header("Accept", "application/vnd.koreader.v1+json")
                    .header("Content-Type", "application/json")
                    .header("x-auth-user", "durable")
                    .header("x-auth-key", KOSYNC_KEY)
                    .PUT(
                            HttpRequest.BodyPublishers.ofString(
                                    "{\"document\":\"doc-" + seq
                                            + "\",\"progress\":\"/body/p[1]\",\"percentage\":0.5,\"device\":\"bench\",\"device_id\":\"D\"}"))
                    .build();
        }

        @Override
        public Set<Integer> stored(BenchDatabase db) {
            return numbers(db, "SELECT substr(document, 5)::int FROM kosync.progress WHERE document LIKE 'doc-%'");
        }
    }

    /** Linkora folder creations, one numbered folder per write. */
    static final class Linkora implements Target {
        @Override
        public String name() {
            return "linkora";
        }

        @Override
        public Map<String, String> environment(Path dataDir) {
            return Map.of("QUINTET_DATA_DIR", dataDir.toString(), "LINKORA_SERVER_AUTH_TOKEN", LINKORA_TOKEN);
        }

        @Override
        public void prepare(HttpClient http, int port) {}

        @Override
        public HttpRequest write(int port, int seq) {
            return createFolder(port, LINKORA_TOKEN, "durable-" + seq, "c" + seq, "durability");
        }

        /** Linkora's {@code CREATE_FOLDER} of a root folder, as an app sends it. */
        static HttpRequest createFolder(int port, String token, String name, String correlationId, String clientName) {
            return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/linkora/CREATE_FOLDER"))
                    .timeout(Duration.ofSeconds(10))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + name
                            + "\",\"note\":\"\",\"parentFolderId\":null,\"isArchived\":false,"
                            + "\"correlation\":{\"id\":\"" + correlationId
                            + "\",\"clientName\":\"" + clientName + "\"},\"eventTimestamp\":0}"))
                    .build();
        }

        @Override
        public Set<Integer> stored(BenchDatabase db) {
            return numbers(
                    db, "SELECT substr(folder_name, 9)::int FROM linkora.folders WHERE folder_name LIKE 'durable-%'");
        }
    }
}
