package io.quintet.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quintet.deploy.ChildProcess;
import io.quintet.deploy.LauncherSettings;
import io.quintet.deploy.ServiceCatalog;
import io.vertx.mutiny.sqlclient.Tuple;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The synkronus service's hot paths, started the way the launcher starts it, each beside raw
 * PostgreSQL doing the same work in the same run: push (batches of 500, 4 clients) against raw
 * multi-row inserts of 500, pull (pages of 1000) against the raw page query, a 10 MiB attachment
 * upload (a prebuilt multipart request sent from one direct buffer, {@link RawHttpLoad#exchange}) and
 * download (Vert.x' client, the body counted and dropped; the CPU of the service, of
 * PostgreSQL and of this client printed per transfer, since all three share the cores), and 1000
 * clients asking for the app bundle manifest: in a closed loop over kept connections, and as
 * one-shot bursts (1000 new connections at once, one request each), both from a one-thread NIO
 * client ({@link RawHttpLoad}) so that the client takes a small share of the two cores.
 *
 * <p>{@code java -jar bench/target/quintet-bench.jar synkronus [--seconds 10] [--cases
 * push,pull,attachment,manifest] [--rounds 10] [--repeat-downloads 30] [--bursts 5]}
 */
final class SynkronusBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();

    static void main(String[] args) throws Exception {
        int seconds = ClosedLoop.intArg(args, "--seconds", 10);
        // --cases push,pull,attachment,manifest (default: all)
        java.util.Set<String> cases =
                java.util.Set.of(ClosedLoop.stringArg(args, "--cases", "push,pull,attachment,manifest")
                        .split(","));
        // the launcher's options for synkronus (QUINTET_JAVA_OPTS replaces them, as in the launcher)
        String javaOptions = LauncherSettings.javaOptionsFor("synkronus", System.getenv());
        Path root = Path.of(System.getenv().getOrDefault("QUINTET_HOME", "."))
                .toAbsolutePath()
                .normalize();
        Path jar = ServiceCatalog.named("synkronus").runner(root);
        if (!Files.isRegularFile(jar)) {
            System.err.println("synkronus-service is not built (" + jar
                    + "): ./mvnw -DskipTests install -pl synkronus-service,deploy,bench");
            System.exit(2);
        }
        try (BenchDatabase db = new BenchDatabase(20)) {
            int port = ClosedLoop.freePort();
            // the launcher's environment for synkronus too (none of its own today)
            Map<String, String> env =
                    new HashMap<>(LauncherSettings.SERVICE_ENVIRONMENT.getOrDefault("synkronus", Map.of()));
            env.putAll(db.connectionEnvironment());
            env.put("JWT_SECRET", UUID.randomUUID().toString() + UUID.randomUUID());
            ChildProcess service = ChildProcess.start(
                    ServiceCatalog.named("synkronus"),
                    port,
                    jar,
                    javaOptions,
                    env,
                    new PrintStream(OutputStream.nullOutputStream()));
            try {
                if (!service.awaitReady(Duration.ofMinutes(3))) {
                    throw new IllegalStateException("synkronus-service did not become ready");
                }
                Thread.sleep(3_000);
                System.out.printf(
                        "synkronus benchmark: %d s per case, service JVM options %s, %d cores, idle RSS %d MB%n",
                        seconds,
                        javaOptions,
                        Runtime.getRuntime().availableProcessors(),
                        service.residentKb().orElse(-1L) / 1024);
                String base = "http://127.0.0.1:" + port + "/synkronus";
                // HTTP/1.1, as the gateway forwards every client to the services (Java's client would otherwise upgrade
                // to h2c)
                HttpClient http = HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .build();
                String token = JSON.readTree(send(
                                http,
                                HttpRequest.newBuilder(URI.create(base + "/api/auth/login"))
                                        .header("x-ode-version", "1.0.0")
                                        .header("Content-Type", "application/json")
                                        .POST(HttpRequest.BodyPublishers.ofString(
                                                "{\"username\":\"admin\",\"password\":\"admin\"}"))
                                        .build()))
                        .path("token")
                        .asText();
                Duration length = Duration.ofSeconds(seconds);

                if (cases.contains("push")) {
                    double pushRate = pushes(http, base, token, 4, Duration.ofSeconds(Math.max(3, seconds / 2)));
                    pushRate = pushes(http, base, token, 4, length);
                    db.pool
                            .query(
                                    "CREATE TABLE IF NOT EXISTS public.raw_observations (id text PRIMARY KEY, form_type text, data jsonb, "
                                            + "created_at timestamptz, version bigint)")
                            .execute()
                            .await()
                            .indefinitely();
                    AtomicLong rawSeq = new AtomicLong();
                    double rawInsert = 500
                            * ClosedLoop.warmedRate(4, length, i -> {
                                String[] ids = new String[500];
                                Long[] versions = new Long[500];
                                for (int k = 0; k < 500; k++) {
                                    ids[k] = UUID.randomUUID().toString();
                                    versions[k] = rawSeq.incrementAndGet();
                                }
                                return db.pool
                                        .preparedQuery(
                                                "INSERT INTO public.raw_observations SELECT id, 'bench', '{\"name\":\"Ada\",\"n\":1}', now(), v "
                                                        + "FROM unnest($1::text[], $2::int8[]) AS r(id, v)")
                                        .execute(Tuple.tuple()
                                                .addArrayOfString(ids)
                                                .addArrayOfLong(versions))
                                        .replaceWithVoid()
                                        .subscribeAsCompletionStage();
                            });
                    System.out.printf(
                            "push  (500/batch, 4 clients): %,10.0f records/s   raw PG multi-row insert: %,10.0f rows/s   ratio %.2f  load %s%n",
                            pushRate, rawInsert, pushRate / rawInsert, load());
                }

                if (cases.contains("pull") && !cases.contains("push")) {
                    pushes(http, base, token, 4, Duration.ofSeconds(Math.max(3, seconds / 2))); // rows to pull
                }
                if (cases.contains("pull")) {
                    double pullRate = pulls(http, base, token, length);
                    double rawPull = 1000
                            * ClosedLoop.warmedRate(
                                    4,
                                    length,
                                    i -> db.pool
                                            .preparedQuery(
                                                    "SELECT observation_id, form_type, "
                                                            + "form_version, data::text, created_at, updated_at, deleted, version, geolocation::text, author, device_id, tags "
                                                            + "FROM synkronus.observations WHERE version > $1 ORDER BY version, observation_id LIMIT 1000")
                                            .execute(Tuple.of((long) (i * 997L) % 20_000))
                                            .replaceWithVoid()
                                            .subscribeAsCompletionStage());
                    System.out.printf(
                            "pull  (1000/page, 4 clients): %,10.0f records/s   raw PG page query:        %,10.0f rows/s   ratio %.2f  load %s%n",
                            pullRate, rawPull, pullRate / rawPull, load());
                }

                if (cases.contains("attachment")) {
                    byte[] file = new byte[10 * 1024 * 1024];
                    new java.util.Random(7).nextBytes(file);
                    double up = 0;
                    double down = 0;
                    // two rounds to warm the service up (the other cases warm up too), then the best of the rest
                    int rounds = Math.max(3, ClosedLoop.intArg(args, "--rounds", 10));
                    // Vert.x' client (Netty, pooled buffers) rather than the JDK's: the JDK client spent more CPU per
                    // 10 MiB than the service itself, on the same two cores
                    io.vertx.core.Vertx clientVertx = io.vertx.core.Vertx.vertx();
                    io.vertx.core.http.HttpClient transfers = clientVertx.createHttpClient(
                            new io.vertx.core.http.HttpClientOptions()
                                    .setDefaultHost("127.0.0.1")
                                    .setDefaultPort(port)
                                    .setKeepAlive(true),
                            new io.vertx.core.http.PoolOptions().setHttp1MaxSize(1));
                    long[] upCpu = new long[3];
                    long[] downCpu = new long[3];
                    String lastId = null;
                    // one direct buffer for every round's request (ids and boundaries have one length)
                    java.nio.ByteBuffer upload = null;
                    for (int i = 0; i < rounds; i++) {
                        String id = UUID.randomUUID() + ".bin";
                        lastId = id;
                        String boundary = "bench" + UUID.randomUUID();
                        byte[] head = ("--" + boundary
                                        + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + id
                                        + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                                .getBytes(StandardCharsets.US_ASCII);
                        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
                        // the whole request built before the clock starts, sent from one direct buffer over a
                        // plain socket: Vert.x' client spent 74-105 ms of CPU per 10 MiB upload, on the cores the
                        // service and PostgreSQL share
                        byte[] request = ("PUT /synkronus/api/attachments/" + id + " HTTP/1.1\r\nHost: 127.0.0.1:"
                                        + port + "\r\nx-ode-version: 1.0.0\r\nAuthorization: Bearer " + token
                                        + "\r\nContent-Type: multipart/form-data; boundary=" + boundary
                                        + "\r\nContent-Length: " + (head.length + file.length + tail.length)
                                        + "\r\nConnection: close\r\n\r\n")
                                .getBytes(StandardCharsets.US_ASCII);
                        int requestLength = request.length + head.length + file.length + tail.length;
                        if (upload == null || upload.capacity() < requestLength) {
                            upload = java.nio.ByteBuffer.allocateDirect(requestLength);
                        }
                        upload.clear()
                                .put(request)
                                .put(head)
                                .put(file)
                                .put(tail)
                                .flip();
                        long[] cpu0 = cpuNow(service.pid());
                        long t0 = System.nanoTime();
                        int status = RawHttpLoad.exchange(port, upload);
                        if (status != 200) {
                            throw new IllegalStateException("upload answered " + status);
                        }
                        if (i >= 2) up = Math.max(up, 10 / ((System.nanoTime() - t0) / 1e9));
                        long[] cpu1 = cpuNow(service.pid());
                        long t1 = System.nanoTime();
                        // counted, not collected: the client keeps no copy of the body
                        long got = transfer(
                                        transfers,
                                        io.vertx.core.http.HttpMethod.GET,
                                        "/synkronus/api/attachments/" + id,
                                        token,
                                        null,
                                        null)
                                .get();
                        if (got != file.length) {
                            throw new IllegalStateException("download of " + got + " bytes");
                        }
                        if (i >= 2) down = Math.max(down, 10 / ((System.nanoTime() - t1) / 1e9));
                        long[] cpu2 = cpuNow(service.pid());
                        for (int k = 0; k < 3; k++) {
                            upCpu[k] += cpu1[k] - cpu0[k];
                            downCpu[k] += cpu2[k] - cpu1[k];
                        }
                    }
                    // the last object downloaded again and again, with no upload in between (nothing of an upload's
                    // write-back on the cores): the download's own cost
                    int repeats = ClosedLoop.intArg(args, "--repeat-downloads", 30);
                    if (repeats > 0) {
                        long[] r0 = cpuNow(service.pid());
                        long t = System.nanoTime();
                        for (int i = 0; i < repeats; i++) {
                            transfer(
                                            transfers,
                                            io.vertx.core.http.HttpMethod.GET,
                                            "/synkronus/api/attachments/" + lastId,
                                            token,
                                            null,
                                            null)
                                    .get();
                        }
                        double rate = repeats * 10 / ((System.nanoTime() - t) / 1e9);
                        long[] r1 = cpuNow(service.pid());
                        System.out.printf(
                                "repeated download of one 10 MiB object x%d: %.0f MiB/s; CPU per download: service %d ms, PostgreSQL %d ms, bench client %d ms%n",
                                repeats,
                                rate,
                                (r1[0] - r0[0]) / repeats,
                                (r1[1] - r0[1]) / repeats,
                                (r1[2] - r0[2]) / repeats);
                    }
                    clientVertx
                            .close()
                            .toCompletionStage()
                            .toCompletableFuture()
                            .get();
                    // raw PostgreSQL: the same 10 MiB as 1 MiB bytea rows, written in one transaction, read back row by
                    // row
                    db.pool
                            .query(
                                    "CREATE TABLE IF NOT EXISTS public.raw_chunks (k text, seq int, data bytea, PRIMARY KEY (k, seq))")
                            .execute()
                            .await()
                            .indefinitely();
                    double rawUp = 0;
                    double rawDown = 0;
                    long rawReadPgCpu = 0;
                    for (int i = 0; i < 3; i++) {
                        String key = UUID.randomUUID().toString();
                        long t0 = System.nanoTime();
                        db.pool
                                .withTransaction(tx -> io.smallrye.mutiny.Multi.createFrom()
                                        .range(0, 10)
                                        .onItem()
                                        .transformToUniAndConcatenate(seq -> tx.preparedQuery(
                                                        "INSERT INTO public.raw_chunks (k, seq, data) VALUES ($1, $2, $3)")
                                                .execute(Tuple.of(
                                                        key,
                                                        seq,
                                                        io.vertx.core.buffer.Buffer.buffer(java.util.Arrays.copyOfRange(
                                                                file, seq << 20, (seq + 1) << 20)))))
                                        .collect()
                                        .last())
                                .await()
                                .indefinitely();
                        rawUp = Math.max(rawUp, 10 / ((System.nanoTime() - t0) / 1e9));
                        long[] rawCpu0 = cpuNow(service.pid());
                        long t1 = System.nanoTime();
                        for (int seq = 0; seq < 10; seq++) {
                            db.pool
                                    .preparedQuery("SELECT data FROM public.raw_chunks WHERE k = $1 AND seq = $2")
                                    .execute(Tuple.of(key, seq))
                                    .await()
                                    .indefinitely();
                        }
                        rawDown = Math.max(rawDown, 10 / ((System.nanoTime() - t1) / 1e9));
                        rawReadPgCpu += cpuNow(service.pid())[1] - rawCpu0[1];
                    }
                    System.out.printf(
                            "attachment 10 MiB (best of %d after 2 warm-up rounds): upload %.0f MiB/s, download %.0f MiB/s   raw PG 1 MiB bytea rows: write %.0f MiB/s, read %.0f MiB/s   ratios %.2f / %.2f  load %s%n"
                                    + "  CPU per 10 MiB upload: service %d ms, PostgreSQL %d ms, bench client %d ms; per download: %d / %d / %d ms; PostgreSQL per raw 10 MiB read: %d ms%n",
                            rounds - 2,
                            up,
                            down,
                            rawUp,
                            rawDown,
                            up / rawUp,
                            down / rawDown,
                            load(),
                            upCpu[0] / rounds,
                            upCpu[1] / rounds,
                            upCpu[2] / rounds,
                            downCpu[0] / rounds,
                            downCpu[1] / rounds,
                            downCpu[2] / rounds,
                            rawReadPgCpu / 3);
                }

                if (cases.contains("manifest")) {
                    Map<String, String> headers = Map.of("x-ode-version", "1.0.0", "Authorization", "Bearer " + token);
                    String uri = "/synkronus/api/app-bundle/manifest";
                    // one selector thread with the request's bytes built once (RawHttpLoad): the client's CPU
                    // stays small beside the service's, as it would on separate machines
                    byte[] kept = RawHttpLoad.get(port, uri, headers, false);
                    long serviceCpu0 = cpuMillis(service.pid());
                    long clientCpu0 = cpuMillis(ProcessHandle.current().pid());
                    RawHttpLoad.Result burst = RawHttpLoad.closedLoop(
                            port, kept, 1000, Duration.ofSeconds(2), Duration.ofSeconds(Math.max(3, seconds / 2)));
                    long serviceCpu = cpuMillis(service.pid()) - serviceCpu0;
                    long clientCpu = cpuMillis(ProcessHandle.current().pid()) - clientCpu0;
                    long answered = Math.max(1, Math.round(burst.perSecond() * (2 + Math.max(3, seconds / 2))));
                    System.out.printf(
                            "manifest closed loop (1000 kept connections): %s  load %s%n"
                                    + "  CPU during the closed loop (warm-up included): service %d ms (~%.0f us per request), bench client %d ms (%.0f%% of the CPU used)%n",
                            burst,
                            load(),
                            serviceCpu,
                            1000.0 * serviceCpu / answered,
                            clientCpu,
                            100.0 * clientCpu / Math.max(1, serviceCpu + clientCpu));
                    // the burst as devices make it: 1000 clients connect and ask at the same moment, once each
                    // (latency from the connection's opening to the whole answer)
                    byte[] once = RawHttpLoad.get(port, uri, headers, true);
                    int bursts = ClosedLoop.intArg(args, "--bursts", 5);
                    for (int round = 0; round < bursts; round++) {
                        long[] s0 = cpuSplit(service.pid());
                        long[] c0 = cpuSplit(ProcessHandle.current().pid());
                        RawHttpLoad.Result shot = RawHttpLoad.oneShot(port, once, 1000);
                        long[] s1 = cpuSplit(service.pid());
                        long[] c1 = cpuSplit(ProcessHandle.current().pid());
                        System.out.printf(
                                "manifest one-shot burst (1000 new connections, one request each, round %d): all answered in %.0f ms, %s; CPU (user+system) service %d+%d ms, client %d+%d ms  load %s%n",
                                round + 1,
                                shot.seconds() * 1000,
                                shot,
                                s1[0] - s0[0],
                                s1[1] - s0[1],
                                c1[0] - c0[0],
                                c1[1] - c0[1],
                                load());
                        Thread.sleep(500);
                    }
                }

                System.out.printf(
                        "RSS of the service after the run: %d MB (figures measured while other work shares the cores are contended)%n",
                        service.residentKb().orElse(-1L) / 1024);
            } finally {
                service.stop(Duration.ofSeconds(20));
            }
        }
    }

    private static double pushes(HttpClient http, String base, String token, int clients, Duration length)
            throws Exception {
        long end = System.nanoTime() + length.toNanos();
        AtomicLong stored = new AtomicLong();
        List<CompletableFuture<Void>> workers = new ArrayList<>();
        long start = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            workers.add(CompletableFuture.runAsync(() -> {
                while (System.nanoTime() < end) {
                    StringBuilder body = new StringBuilder("{\"transmission_id\":\"")
                            .append(UUID.randomUUID())
                            .append("\",\"client_id\":\"bench\",\"records\":[");
                    for (int k = 0; k < 500; k++) {
                        if (k > 0) body.append(',');
                        body.append("{\"observation_id\":\"")
                                .append(UUID.randomUUID())
                                .append("\",\"form_type\":\"bench\",\"form_version\":\"1\","
                                        + "\"data\":{\"name\":\"Ada\",\"n\":")
                                .append(k)
                                .append("},\"created_at\":\"2026-12-07T01:18:40.151Z\",\"deleted\":false}");
                    }
                    body.append("]}");
                    try {
                        send(
                                http,
                                HttpRequest.newBuilder(URI.create(base + "/api/sync/push"))
                                        .header("x-ode-version", "1.0.0")
                                        .header("Authorization", "Bearer " + token)
                                        .header("Content-Type", "application/json")
                                        .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                                        .build());
                        stored.addAndGet(500);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            }));
        }
        CompletableFuture.allOf(workers.toArray(CompletableFuture[]::new)).get();
        return stored.get() / ((System.nanoTime() - start) / 1e9);
    }

    private static double pulls(HttpClient http, String base, String token, Duration length) throws Exception {
        long end = System.nanoTime() + length.toNanos();
        AtomicLong records = new AtomicLong();
        List<CompletableFuture<Void>> workers = new ArrayList<>();
        long start = System.nanoTime();
        for (int c = 0; c < 4; c++) {
            workers.add(CompletableFuture.runAsync(() -> {
                long cursor = 0;
                while (System.nanoTime() < end) {
                    try {
                        var page = JSON.readTree(send(
                                http,
                                HttpRequest.newBuilder(URI.create(base + "/api/sync/pull?limit=1000"))
                                        .header("x-ode-version", "1.0.0")
                                        .header("Authorization", "Bearer " + token)
                                        .header("Content-Type", "application/json")
                                        .POST(HttpRequest.BodyPublishers.ofString(
                                                "{\"client_id\":\"bench\",\"since\":{\"version\":" + cursor + "}}"))
                                        .build()));
                        records.addAndGet(page.path("records").size());
                        cursor = page.path("has_more").asBoolean()
                                ? page.path("change_cutoff").asLong()
                                : 0;
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            }));
        }
        CompletableFuture.allOf(workers.toArray(CompletableFuture[]::new)).get();
        return records.get() / ((System.nanoTime() - start) / 1e9);
    }

    private static String send(HttpClient http, HttpRequest request) throws Exception {
        HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new IllegalStateException(request.uri() + " answered " + answer.statusCode() + ": " + answer.body());
        }
        return answer.body();
    }

    /**
     * One request over {@code client}: {@code body} sent whole (null: none), the answer's body counted
     * and dropped; fails unless the status is 200.
     */
    private static CompletableFuture<Long> transfer(
            io.vertx.core.http.HttpClient client,
            io.vertx.core.http.HttpMethod method,
            String uri,
            String token,
            String contentType,
            io.vertx.core.buffer.Buffer body) {
        CompletableFuture<Long> done = new CompletableFuture<>();
        io.vertx.core.http.RequestOptions options = new io.vertx.core.http.RequestOptions()
                .setMethod(method)
                .setURI(uri)
                .addHeader("x-ode-version", "1.0.0")
                .addHeader("Authorization", "Bearer " + token);
        if (contentType != null) options.addHeader("Content-Type", contentType);
        client.request(options)
                .compose(req -> body == null ? req.send() : req.send(body))
                .onSuccess(resp -> {
                    long[] bytes = {0};
                    resp.handler(b -> bytes[0] += b.length());
                    resp.exceptionHandler(done::completeExceptionally);
                    resp.endHandler(v -> {
                        if (resp.statusCode() != 200) {
                            done.completeExceptionally(
                                    new IllegalStateException(uri + " answered " + resp.statusCode()));
                        } else {
                            done.complete(bytes[0]);
                        }
                    });
                })
                .onFailure(done::completeExceptionally);
        return done;
    }

    /** User + system CPU time of a process so far, in milliseconds (/proc, Linux clock ticks of 10 ms). */
    private static long cpuMillis(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10;
        } catch (Exception e) {
            return -1;
        }
    }

    /** User and system CPU time of a process so far, in milliseconds (/proc, Linux clock ticks of 10 ms). */
    private static long[] cpuSplit(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return new long[] {Long.parseLong(f[11]) * 10, Long.parseLong(f[12]) * 10};
        } catch (Exception e) {
            return new long[] {-1, -1};
        }
    }

    /** CPU so far of the service, of every PostgreSQL process, and of this client, in milliseconds. */
    private static long[] cpuNow(long servicePid) {
        long postgres = ProcessHandle.allProcesses()
                .filter(p ->
                        p.info().command().map(c -> c.endsWith("/postgres")).orElse(false))
                .mapToLong(p -> cpuMillis(p.pid()))
                .sum();
        return new long[] {
            cpuMillis(servicePid), postgres, cpuMillis(ProcessHandle.current().pid())
        };
    }

    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (Exception e) {
            return "?";
        }
    }
}
