package io.quintet.bench;

import io.quintet.deploy.ChildProcess;
import io.quintet.deploy.LauncherSettings;
import io.quintet.deploy.ServiceCatalog;
import java.io.InputStream;
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
import java.util.concurrent.atomic.AtomicLong;

/**
 * A new device's first sync of a large Linkora library (issue 17 item 3): {@code links} realistic
 * links (title, URL, image URL, a note, two tags each), downloaded whole by
 * {@code GET_UPDATES?eventTimestamp=0} from the service started the way the launcher starts it.
 * Prints the time, the answer's size, the service's RSS before and at its peak during the
 * download, and the time raw PostgreSQL takes to read the same rows in the same run.
 *
 * <p>{@code java -jar bench/target/quintet-bench.jar linkora-full-sync [--links 100000] [--rounds 3]}
 */
final class LinkoraFullSyncBenchmark {

    private static final String TOKEN = "bench#!token";

    static void main(String[] args) throws Exception {
        int links = ClosedLoop.intArg(args, "--links", 100_000);
        int rounds = ClosedLoop.intArg(args, "--rounds", 3);
        Path root = Path.of(System.getenv().getOrDefault("QUINTET_HOME", "."))
                .toAbsolutePath()
                .normalize();
        Path jar = ServiceCatalog.named("linkora").runner(root);
        if (!Files.isRegularFile(jar)) {
            System.err.println("linkora-service is not built (" + jar
                    + "): ./mvnw -DskipTests install -pl linkora-service,deploy,bench");
            System.exit(2);
        }
        String javaOptions = LauncherSettings.javaOptionsFor("linkora", System.getenv());
        Path dataDir = Files.createTempDirectory("linkora-full-sync");
        try (BenchDatabase db = new BenchDatabase(4)) {
            int port = ClosedLoop.freePort();
            Map<String, String> env =
                    new HashMap<>(LauncherSettings.SERVICE_ENVIRONMENT.getOrDefault("linkora", Map.of()));
            env.putAll(db.connectionEnvironment());
            env.put("QUINTET_DATA_DIR", dataDir.toString());
            env.put("LINKORA_SERVER_AUTH_TOKEN", TOKEN);
            ChildProcess service = ChildProcess.start(
                    ServiceCatalog.named("linkora"),
                    port,
                    jar,
                    javaOptions,
                    env,
                    new PrintStream(OutputStream.nullOutputStream()));
            try {
                if (!service.awaitReady(Duration.ofMinutes(2))) {
                    throw new IllegalStateException("linkora-service did not become ready");
                }
                seed(db, links);
                Thread.sleep(2_000);
                long idleKb = service.residentKb().orElse(-1L);
                System.out.printf(
                        "linkora full sync: %d links, %d cores, service JVM options: %s%n",
                        links, Runtime.getRuntime().availableProcessors(), javaOptions);
                HttpClient http = HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .build();
                HttpRequest request = HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + port + "/linkora/GET_UPDATES?eventTimestamp=0"))
                        .header("Authorization", "Bearer " + TOKEN)
                        .build();
                System.out.printf(
                        "%-8s %10s %12s %14s %14s %12s %8s%n",
                        "round", "ms", "answer MB", "RSS before MB", "RSS peak MB", "raw PG ms", "ratio");
                for (int round = 1; round <= rounds; round++) {
                    long before = service.residentKb().orElse(-1L);
                    AtomicLong peak = new AtomicLong(before);
                    Thread sampler = new Thread(() -> {
                        while (!Thread.currentThread().isInterrupted()) {
                            service.residentKb().ifPresent(kb -> peak.accumulateAndGet(kb, Math::max));
                            try {
                                Thread.sleep(20);
                            } catch (InterruptedException e) {
                                return;
                            }
                        }
                    });
                    sampler.start();
                    long start = System.nanoTime();
                    HttpResponse<InputStream> answer = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
                    long bytes = 0;
                    try (InputStream in = answer.body()) {
                        byte[] chunk = new byte[64 * 1024];
                        for (int n; (n = in.read(chunk)) > 0; ) {
                            bytes += n;
                        }
                    }
                    long took = System.nanoTime() - start;
                    sampler.interrupt();
                    sampler.join();
                    if (answer.statusCode() != 200) {
                        throw new IllegalStateException("GET_UPDATES answered " + answer.statusCode());
                    }
                    long raw = rawRead(db);
                    System.out.printf(
                            "%-8d %10.0f %12.1f %14d %14d %12.0f %8.2f%n",
                            round,
                            took / 1e6,
                            bytes / 1048576.0,
                            before / 1024,
                            peak.get() / 1024,
                            raw / 1e6,
                            (double) took / raw);
                }
                System.out.printf(
                        "idle RSS after seeding: %d MB; ratio = service full sync time ÷ raw PostgreSQL read of the same rows%n",
                        idleKb / 1024);
            } finally {
                service.stop(Duration.ofSeconds(10));
            }
        }
    }

    /** {@code links} links with a title, URLs, a short note and two tags each. */
    private static void seed(BenchDatabase db, int links) {
        db.pool
                .query("INSERT INTO linkora.tags (last_modified, name) VALUES (1, 'reading'), (1, 'work')")
                .execute()
                .await()
                .indefinitely();
        db.pool
                .query("INSERT INTO linkora.links (last_modified, link_type, link_title, url, base_url, img_url, note,"
                        + " id_of_linked_folder, user_agent, media_type, marked_as_important) SELECT 1, 'SAVED_LINK',"
                        + " 'An article about something worth keeping, part ' || g, 'https://example.com/articles/2026/' || g"
                        + " || '/a-readable-slug-for-the-article', 'example.com', 'https://example.com/images/' || g || '.jpg',"
                        + " 'Read this again before the meeting; the second section is the useful one.', NULL,"
                        + " 'Mozilla/5.0 (X11; Linux x86_64)', 'IMAGE', g % 10 = 0 FROM generate_series(1, " + links
                        + ") g")
                .execute()
                .await()
                .indefinitely();
        db.pool
                .query("INSERT INTO linkora.link_tags (link_id, tag_id, last_modified)"
                        + " SELECT l.id, t.id, 1 FROM linkora.links l CROSS JOIN linkora.tags t")
                .execute()
                .await()
                .indefinitely();
        db.pool.query("ANALYZE").execute().await().indefinitely();
    }

    /** Raw PostgreSQL reading the same rows with their tags, in nanoseconds. */
    private static long rawRead(BenchDatabase db) {
        long start = System.nanoTime();
        db.pool
                .query("SELECT l.*, (SELECT json_agg(json_build_object('linkId', p.link_id, 'tagId', p.tag_id))"
                        + " FROM linkora.link_tags p WHERE p.link_id = l.id) FROM linkora.links l ORDER BY l.id")
                .execute()
                .await()
                .indefinitely();
        return System.nanoTime() - start;
    }
}
