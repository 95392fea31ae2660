package io.quintet.bench;

import io.quintet.deploy.ChildProcess;
import io.quintet.deploy.LauncherSettings;
import io.quintet.deploy.ServiceCatalog;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.mutiny.sqlclient.Tuple;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The linkora service under the Linkora app's heavy moments, against the service jar started the
 * way the launcher starts it (its JVM options and environment) on a durable embedded PostgreSQL:
 * <ol>
 *   <li>an import burst: sequential {@code CREATE_A_NEW_LINK} over one keep-alive connection (goal ≥ 1 000/s);</li>
 *   <li>32 clients creating links concurrently (goal ≥ 5 000/s);</li>
 *   <li>a first connection's full {@code GET_UPDATES?eventTimestamp=0} over 10 000 links (goal ≤ 300 ms);</li>
 *   <li>one mutation's event reaching 50 {@code /events} sockets (goal p99 ≤ 50 ms).</li>
 * </ol>
 * Each line is printed next to raw PostgreSQL doing the comparable work in the same run.
 *
 * <p>{@code java -jar bench/target/quintet-bench.jar linkora [--seconds 10] [--sockets 50] [--events 200]}
 */
final class LinkoraBenchmark {

    private static final String TOKEN = "bench#!token";
    private static final int LINKS = 10_000;
    private static final String INSERT_LINK =
            "INSERT INTO linkora.links (last_modified, link_type, link_title, url, base_url, img_url, note,"
                    + " id_of_linked_folder, user_agent, media_type, marked_as_important) VALUES ($1, 'SAVED_LINK', $2, $3, 'example.com', '', '',"
                    + " -2, NULL, 'IMAGE', false) RETURNING id";

    static void main(String[] args) throws Exception {
        int seconds = ClosedLoop.intArg(args, "--seconds", 10);
        int socketCount = ClosedLoop.intArg(args, "--sockets", 50);
        int events = ClosedLoop.intArg(args, "--events", 200);
        Path root = Path.of(System.getenv().getOrDefault("QUINTET_HOME", "."))
                .toAbsolutePath()
                .normalize();
        Path jar = ServiceCatalog.named("linkora").runner(root);
        if (!Files.isRegularFile(jar)) {
            System.err.println("linkora-service is not built (" + jar
                    + "): ./mvnw -DskipTests install -pl linkora-service,deploy,bench");
            System.exit(2);
        }
        // QUINTET_JAVA_OPTS replaces the options, as it does for the launcher
        String javaOptions = LauncherSettings.javaOptionsFor("linkora", System.getenv());
        Path dataDir = Files.createTempDirectory("linkora-bench");
        try (BenchDatabase db = new BenchDatabase(40)) {
            String version = db.pool
                    .query("SHOW server_version")
                    .execute()
                    .await()
                    .indefinitely()
                    .iterator()
                    .next()
                    .getString(0);
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
                Thread.sleep(3_000);
                long idleKb = service.residentKb().orElse(-1L);
                HttpClient http = HttpClient.newHttpClient();
                HttpResponse<String> probe = http.send(create(port, -1).build(), HttpResponse.BodyHandlers.ofString());
                if (probe.statusCode() != 200) {
                    throw new IllegalStateException("CREATE_A_NEW_LINK answered " + probe.statusCode()
                            + ": this build does not serve the link routes yet");
                }
                System.out.printf(
                        "linkora benchmark: %d s per case after warm-up, PostgreSQL %s (embedded, durable commits), %d cores,"
                                + " service JVM options: %s%n",
                        seconds, version, Runtime.getRuntime().availableProcessors(), javaOptions);
                System.out.printf("idle RSS of the service: %d MB%n", idleKb / 1024);
                Duration warmup = Duration.ofSeconds(Math.max(3, seconds / 2));
                Duration length = Duration.ofSeconds(seconds);

                HttpLoad.Result sequential =
                        HttpLoad.run("127.0.0.1", port, 1, warmup, length, LinkoraBenchmark::createLink);
                double rawSequential = ClosedLoop.warmedRate(1, length, i -> insertLink(db, i));
                HttpLoad.Result concurrent =
                        HttpLoad.run("127.0.0.1", port, 32, warmup, length, LinkoraBenchmark::createLink);
                double rawConcurrent = ClosedLoop.warmedRate(32, length, i -> insertLink(db, i));

                seedLinks(db);
                long[] full = measured("GET_UPDATES", () -> fullUpdates(http, port, 10));
                long[] rawFull = rawRead(db, 10);
                long[] delivery = measured("events", () -> events(port, socketCount, events));

                System.out.printf(
                        "%-46s %10s %9s %9s %8s %16s%n", "case", "result", "p50 ms", "p99 ms", "errors", "raw PG");
                System.out.printf(
                        "%-46s %8.0f/s %9.2f %9.2f %8d %12.0f ins/s   (goal ≥ 1000/s)%n",
                        "CREATE_A_NEW_LINK, 1 connection, sequential",
                        sequential.perSecond(),
                        sequential.p50Millis(),
                        sequential.p99Millis(),
                        sequential.errors(),
                        rawSequential);
                System.out.printf(
                        "%-46s %8.0f/s %9.2f %9.2f %8d %12.0f ins/s   (goal ≥ 5000/s)%n",
                        "CREATE_A_NEW_LINK, 32 connections",
                        concurrent.perSecond(),
                        concurrent.p50Millis(),
                        concurrent.p99Millis(),
                        concurrent.errors(),
                        rawConcurrent);
                if (full.length > 0)
                    System.out.printf(
                            "%-46s %8.0f ms %9.2f %9.2f %8d %9.2f ms select, %.0f ins/s   (goal ≤ 300 ms)%n",
                            "GET_UPDATES?eventTimestamp=0, " + LINKS + " links",
                            millis(percentile(full, 0.5)),
                            millis(percentile(full, 0.5)),
                            millis(percentile(full, 0.99)),
                            0,
                            millis(percentile(rawFull, 0.5)),
                            rawSequential);
                if (delivery.length > 0)
                    System.out.printf(
                            "%-46s %8d ev %9.2f %9.2f %8d %12.0f ins/s   (goal p99 ≤ 50 ms)%n",
                            "event to " + socketCount + " sockets (request sent → frame)",
                            events,
                            millis(percentile(delivery, 0.5)),
                            millis(percentile(delivery, 0.99)),
                            (long) events * socketCount - delivery.length,
                            rawConcurrent);
                System.out.printf(
                        "RSS of the service after the run: %d MB%n",
                        service.residentKb().orElse(-1L) / 1024);
            } finally {
                service.stop(Duration.ofSeconds(20));
            }
        }
    }

    private static String correlation(String id) {
        return "{\"id\":\"" + id + "\",\"clientName\":\"Bench Fox\"}";
    }

    /** The app's CREATE_A_NEW_LINK body (spec 7.3.1), a distinct URL per request. */
    private static String linkBody(int seq, String title) {
        return "{\"linkType\":\"SAVED_LINK\",\"title\":\"" + title + "\",\"url\":\"https://example.com/a/" + seq
                + "\",\"baseURL\":\"example.com\","
                + "\"imgURL\":\"\",\"note\":\"\",\"idOfLinkedFolder\":null,\"userAgent\":null,\"markedAsImportant\":false,\"mediaType\":\"IMAGE\","
                + "\"correlation\":" + correlation("bench-writer") + ",\"eventTimestamp\":"
                + System.currentTimeMillis() / 1000 + ",\"tags\":[]}";
    }

    private static final Map<String, String> JSON_HEADERS = Map.of(
            "Authorization", "Bearer " + TOKEN, "Content-Type", "application/json", "Accept", "application/json");

    private static HttpLoad.Request createLink(int seq) {
        return new HttpLoad.Request(
                HttpMethod.POST,
                "/linkora/CREATE_A_NEW_LINK",
                JSON_HEADERS,
                Buffer.buffer(linkBody(seq, "Link " + seq)));
    }

    private static HttpRequest.Builder create(int port, int seq) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/linkora/CREATE_A_NEW_LINK"))
                .header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(linkBody(seq, "ev-" + seq + "-")));
    }

    private static CompletionStage<Void> insertLink(BenchDatabase db, int seq) {
        return db.pool
                .preparedQuery(INSERT_LINK)
                .execute(Tuple.of(System.currentTimeMillis() / 1000, "Raw " + seq, "https://example.com/raw/" + seq))
                .replaceWithVoid()
                .subscribeAsCompletionStage();
    }

    /** Exactly {@link #LINKS} links, each with one tag pair, as a large library after a first sync. */
    private static void seedLinks(BenchDatabase db) {
        db.pool.query("DELETE FROM linkora.links").execute().await().indefinitely();
        db.pool
                .query(
                        "INSERT INTO linkora.tags (last_modified, name) VALUES (extract(epoch FROM now())::bigint, 'bench')")
                .execute()
                .await()
                .indefinitely();
        db.pool
                .query(
                        "INSERT INTO linkora.links (last_modified, link_type, link_title, url, base_url, img_url, note, id_of_linked_folder,"
                                + " user_agent, media_type, marked_as_important) SELECT extract(epoch FROM now())::bigint, 'SAVED_LINK', 'Seed ' || g,"
                                + " 'https://example.com/seed/' || g, 'example.com', 'https://example.com/i/' || g || '.png', 'a note', -2, NULL, 'IMAGE', false"
                                + " FROM generate_series(1, " + LINKS + ") g")
                .execute()
                .await()
                .indefinitely();
        db.pool
                .query(
                        "INSERT INTO linkora.link_tags (link_id, tag_id, last_modified) SELECT l.id, t.id, l.last_modified"
                                + " FROM linkora.links l, (SELECT max(id) AS id FROM linkora.tags) t")
                .execute()
                .await()
                .indefinitely();
        db.pool.query("ANALYZE").execute().await().indefinitely();
    }

    /** Wall time of {@code rounds} full downloads (after two unmeasured ones), nanoseconds, sorted. */
    private static long[] fullUpdates(HttpClient http, int port, int rounds) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/linkora/GET_UPDATES?eventTimestamp=0"))
                .header("Authorization", "Bearer " + TOKEN)
                .header("Accept", "application/json")
                .GET()
                .build();
        long[] times = new long[rounds];
        for (int i = -2; i < rounds; i++) {
            long start = System.nanoTime();
            HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            long took = System.nanoTime() - start;
            if (r.statusCode() != 200) throw new IllegalStateException("GET_UPDATES answered " + r.statusCode());
            if (i >= 0) times[i] = took;
        }
        Arrays.sort(times);
        return times;
    }

    private static long[] rawRead(BenchDatabase db, int rounds) {
        long[] times = new long[rounds];
        for (int i = -2; i < rounds; i++) {
            long start = System.nanoTime();
            db.pool
                    .query(
                            "SELECT l.*, (SELECT json_agg(json_build_object('linkId', p.link_id, 'tagId', p.tag_id)) FROM linkora.link_tags p"
                                    + " WHERE p.link_id = l.id) FROM linkora.links l WHERE l.last_modified >= 0 ORDER BY l.id")
                    .execute()
                    .await()
                    .indefinitely();
            if (i >= 0) times[i] = System.nanoTime() - start;
        }
        Arrays.sort(times);
        return times;
    }

    /**
     * {@code sockets} app sockets; {@code events} link creations one after another, each waiting until
     * every socket has its frame. Latency = frame received − request sent, per socket; sorted.
     */
    private static long[] events(int port, int sockets, int events) throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            WebSocketClient client = vertx.createWebSocketClient(
                    new WebSocketClientOptions().setTcpNoDelay(true).setMaxConnections(sockets + 8));
            long[] sent = new long[events];
            List<Long> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
            CountDownLatch[] latches = new CountDownLatch[events];
            for (int e = 0; e < events; e++) latches[e] = new CountDownLatch(sockets);
            List<WebSocket> open = new ArrayList<>();
            for (int s = 0; s < sockets; s++) {
                String uri = "/linkora/events?correlation="
                        + URLEncoder.encode(correlation("bench-reader-" + s), StandardCharsets.UTF_8);
                WebSocket ws = client.connect(new WebSocketConnectOptions()
                                .setHost("127.0.0.1")
                                .setPort(port)
                                .setURI(uri)
                                .addHeader("Authorization", "Bearer " + TOKEN))
                        .toCompletionStage()
                        .toCompletableFuture()
                        .get(10, TimeUnit.SECONDS);
                ws.textMessageHandler(text -> {
                    long now = System.nanoTime();
                    int at = text.indexOf("ev-");
                    if (at < 0) return;
                    int seq = Integer.parseInt(text.substring(at + 3, text.indexOf('-', at + 3)));
                    if (seq >= 0 && seq < events) {
                        latencies.add(now - sent[seq]);
                        latches[seq].countDown();
                    }
                });
                open.add(ws);
            }
            HttpClient http = HttpClient.newHttpClient();
            for (int e = 0; e < events; e++) {
                sent[e] = System.nanoTime();
                HttpResponse<String> r = http.send(create(port, e).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200)
                    throw new IllegalStateException("CREATE_A_NEW_LINK answered " + r.statusCode());
                if (!latches[e].await(5, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("event " + e + " reached " + (sockets - latches[e].getCount())
                            + " of " + sockets + " sockets within 5 s");
                }
            }
            for (WebSocket ws : open) ws.close();
            return latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get();
        }
    }

    private interface Case {
        long[] run() throws Exception;
    }

    /** A case this build cannot run (a route not served yet) is reported and left out, not fatal. */
    private static long[] measured(String name, Case c) {
        try {
            return c.run();
        } catch (Exception e) {
            System.out.println(name + " not measured: " + e.getMessage());
            return new long[0];
        }
    }

    private static long percentile(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) (sorted.length * p))];
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }
}
