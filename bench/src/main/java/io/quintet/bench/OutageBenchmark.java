package io.quintet.bench;

import io.quintet.deploy.ChildProcess;
import io.quintet.deploy.LauncherSettings;
import io.quintet.deploy.ServiceCatalog;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The PostgreSQL outage run of issue 17: a service (launcher settings) under light write load, its
 * PostgreSQL stopped for a while and started again on the same data and port. Prints per service: the
 * answers given during the outage (status codes, none hung past the client's 10 s), the log the service
 * wrote during the outage (lines and bytes), and how long after PostgreSQL was back a write succeeded.
 *
 * <p>{@code bench outage [--outage 20] [--services kosync,linkora]}
 */
final class OutageBenchmark {

    private OutageBenchmark() {}

    public static void main(String[] args) throws Exception {
        int outage = ClosedLoop.intArg(args, "--outage", 20);
        String services = ClosedLoop.stringArg(args, "--services", "kosync,linkora");
        Path root = Path.of(System.getenv().getOrDefault("QUINTET_HOME", "."))
                .toAbsolutePath()
                .normalize();
        System.out.printf(
                "outage run: PostgreSQL stopped for %d s under 2 writers (one write each per 50 ms), %d cores%n",
                outage, Runtime.getRuntime().availableProcessors());
        for (String name : services.split(",")) {
            DurabilityBenchmark.Target target = switch (name.trim()) {
                case "kosync" -> new DurabilityBenchmark.Kosync();
                case "linkora" -> new DurabilityBenchmark.Linkora();
                default -> throw new IllegalArgumentException("no outage run for " + name);
            };
            run(root, target, outage);
        }
    }

    private static EmbeddedPostgres postgres(Path dataDir, int port) throws Exception {
        return EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setPort(port)
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .start();
    }

    private static void run(Path root, DurabilityBenchmark.Target target, int outageSeconds) throws Exception {
        Path jar = ServiceCatalog.named(target.name()).runner(root);
        if (!Files.isRegularFile(jar)) {
            System.out.println(target.name() + ": not built (" + jar + "), skipped");
            return;
        }
        Path work = Files.createTempDirectory("outage-" + target.name());
        Path pgData = work.resolve("postgres");
        int pgPort = ClosedLoop.freePort();
        EmbeddedPostgres postgres = postgres(pgData, pgPort);
        Map<String, String> env =
                new HashMap<>(LauncherSettings.SERVICE_ENVIRONMENT.getOrDefault(target.name(), Map.of()));
        env.put("QUINTET_DB_URL", "postgresql://localhost:" + pgPort + "/postgres");
        env.put("QUINTET_DB_USER", "postgres");
        env.put("QUINTET_DB_PASSWORD", "postgres");
        env.putAll(target.environment(work));
        Path log = work.resolve(target.name() + ".log");
        int port = ClosedLoop.freePort();
        ChildProcess service = ChildProcess.start(
                ServiceCatalog.named(target.name()),
                port,
                jar,
                LauncherSettings.javaOptionsFor(target.name(), System.getenv()),
                env,
                new PrintStream(Files.newOutputStream(log), true));
        try {
            if (!service.awaitReady(Duration.ofMinutes(3))) {
                throw new IllegalStateException(target.name() + " did not become ready; see " + log);
            }
            HttpClient http = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(2))
                    .build();
            target.prepare(http, port);
            Map<String, AtomicLong> outageAnswers = new ConcurrentHashMap<>();
            AtomicBoolean down = new AtomicBoolean();
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicLong seq = new AtomicLong();
            AtomicLong lastSuccessNanos = new AtomicLong();
            List<Thread> writers = new ArrayList<>();
            for (int w = 0; w < 2; w++) {
                Thread t = new Thread(() -> {
                    while (running.get()) {
                        String answer;
                        try {
                            HttpResponse<Void> r = http.send(
                                    target.write(port, (int) seq.incrementAndGet()),
                                    HttpResponse.BodyHandlers.discarding());
                            answer = Integer.toString(r.statusCode());
                            if (r.statusCode() / 100 == 2) lastSuccessNanos.set(System.nanoTime());
                        } catch (java.net.http.HttpTimeoutException e) {
                            answer = "hung past 10 s";
                        } catch (Exception e) {
                            answer = e.getClass().getSimpleName();
                        }
                        if (down.get())
                            outageAnswers
                                    .computeIfAbsent(answer, k -> new AtomicLong())
                                    .incrementAndGet();
                        try {
                            Thread.sleep(50);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                });
                t.start();
                writers.add(t);
            }
            Thread.sleep(5_000);
            long linesBefore = Files.readAllLines(log).size();
            long bytesBefore = Files.size(log);
            down.set(true);
            postgres.close(); // stops the server; the data directory stays
            Thread.sleep(outageSeconds * 1000L);
            long linesDuring = Files.readAllLines(log).size() - linesBefore;
            long bytesDuring = Files.size(log) - bytesBefore;
            postgres = postgres(pgData, pgPort);
            long back = System.nanoTime();
            down.set(false);
            long deadline = back + Duration.ofSeconds(60).toNanos();
            while (lastSuccessNanos.get() < back && System.nanoTime() < deadline) Thread.sleep(20);
            double serving = lastSuccessNanos.get() >= back ? (lastSuccessNanos.get() - back) / 1e9 : -1;
            Thread.sleep(3_000);
            running.set(false);
            for (Thread t : writers) t.join(20_000);
            System.out.printf(
                    "%-8s outage %d s: answers %s; log during it %d lines, %d KB; first write served %.2f s after"
                            + " PostgreSQL was back%s%n",
                    target.name(),
                    outageSeconds,
                    outageAnswers,
                    linesDuring,
                    bytesDuring / 1024,
                    serving,
                    serving < 0 ? " (none within 60 s)" : "");
        } finally {
            service.stop(Duration.ofSeconds(20));
            postgres.close();
        }
    }
}
