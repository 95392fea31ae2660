package io.quintet.bench;

import io.quintet.deploy.ChildProcess;
import io.quintet.deploy.LauncherSettings;
import io.quintet.deploy.ServiceCatalog;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Tuple;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The kora service's two hot paths against raw PostgreSQL in the same run: ingest (N writers, each
 * sending operation batches and waiting for the acknowledgment, as the real client does) next to
 * the same rows inserted into an identical table with {@code unnest}, N connections; and live
 * fan-out latency (one writer, C streaming clients, time from send to receipt at every client).
 *
 * <p>Then the same service restarted with an app schema ({@link #TODOS}: collection {@code todos},
 * two indexed fields), where every operation also rebuilds its record in a materialized table: the
 * real client's pattern (writers with one batch in flight each, plus an observer session receiving
 * everything), in short rounds from a cold start and in steady state, printed beside the log-only
 * rate and raw PostgreSQL. Each start also measures first contact: a fresh client's handshake and
 * its first acknowledged batch, right after readiness turns UP.
 *
 * <p>{@code java -jar bench/target/quintet-bench.jar kora [--seconds 10] [--writers 4] [--batch 100] [--clients 100]};
 * {@code kora catchup [--ops 100000]} ({@link KoraCatchupBenchmark}) and {@code kora idle [--connections 1000]}
 * ({@link KoraIdleBenchmark}) measure the initial sync and the cost of idle sessions.
 */
final class KoraBenchmark {

    /** The materialized configuration: the todos app of the real-client runs, two indexed fields. */
    static final String TODOS = "{\"version\":1,\"collections\":{\"todos\":{\"fields\":{\"title\":\"string\","
            + "\"done\":{\"kind\":\"boolean\",\"default\":false},\"sentAt\":\"number\"},\"indexes\":[\"title\",\"done\"]}}}";
    /** Log-only rounds write a collection the app schema does not name. */
    static final String LOG_ONLY = "notes";

    static final String MATERIALIZED = "todos";
    /** Operations per writer in one cold round, as in the real-client runs. */
    static final int ROUND_OPS = 500;

    static final HttpClient HTTP = HttpClient.newHttpClient();
    /** One thread per writer / reader loop (the common pool has a single thread on two cores). */
    static final java.util.concurrent.ExecutorService LOOPS = java.util.concurrent.Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "kora-bench");
        t.setDaemon(true);
        return t;
    });

    static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("catchup")) {
            KoraCatchupBenchmark.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length > 0 && args[0].equals("idle")) {
            KoraIdleBenchmark.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        int seconds = intArg(args, "--seconds", 10);
        int writers = intArg(args, "--writers", 4);
        int batch = intArg(args, "--batch", 100);
        int clients = intArg(args, "--clients", 100);
        try (BenchDatabase db = new BenchDatabase(writers + 2)) {
            int port = freePort();
            ChildProcess service = startService(db, port);
            double logOnly;
            double raw;
            try {
                URI uri = URI.create("ws://127.0.0.1:" + port + "/kora/");
                System.out.printf(
                        "kora benchmark: %d writers x batches of %d, %d fan-out clients, %d s per case, %d cores, load average %s%n",
                        writers, batch, clients, seconds, Runtime.getRuntime().availableProcessors(), loadAverage());
                firstContact(uri, LOG_ONLY, "log only");
                coldRounds(uri, writers, batch, LOG_ONLY, "log only");
                // warm-up: until the JIT has compiled the ingest path (at 5 s it still took half the service's CPU)
                ingest(uri, writers, batch, Duration.ofSeconds(Math.max(10, seconds)), LOG_ONLY, false);
                long serviceCpu = cpuMillis(service.pid());
                long benchCpu = cpuMillis(ProcessHandle.current().pid());
                long wall = System.nanoTime();
                double service_ = ingest(uri, writers, batch, Duration.ofSeconds(seconds), LOG_ONLY, false);
                logOnly = service_;
                double wallSeconds = (System.nanoTime() - wall) / 1e9;
                String serviceLoad = loadAverage();
                System.out.printf(
                        "ingest CPU: service %.2f cores, load generator %.2f cores (of %d)%n",
                        (cpuMillis(service.pid()) - serviceCpu) / 1e3 / wallSeconds,
                        (cpuMillis(ProcessHandle.current().pid()) - benchCpu) / 1e3 / wallSeconds,
                        Runtime.getRuntime().availableProcessors());
                raw = raw(db, writers, batch, Duration.ofSeconds(seconds));
                String rawLoad = loadAverage();
                System.out.printf(
                        "ingest: service %.0f ops/s, raw PostgreSQL %.0f rows/s (unnest into an identical table, %d connections),"
                                + " ratio %.2f; load average %s / %s%n",
                        service_, raw, writers, service_ / raw, serviceLoad, rawLoad);
                fanOut(uri, clients, Duration.ofSeconds(seconds));
                System.out.printf(
                        "RSS of the service after the run: %d MB%n",
                        service.residentKb().orElse(-1L) / 1024);
            } finally {
                service.stop(Duration.ofSeconds(20));
            }
            materialized(db, writers, batch, seconds, logOnly, raw);
        }
    }

    /**
     * The service restarted with the {@link #TODOS} app schema: first contact, cold rounds, then
     * steady-state ingest into the materialized collection with an observer, beside the log-only rate
     * and raw PostgreSQL (measured again, as the machine's load moves).
     */
    private static void materialized(
            BenchDatabase db, int writers, int batch, int seconds, double logOnly, double rawBefore) throws Exception {
        int port = freePort();
        ChildProcess service = startService(db, port, Map.of("KORA_APP_SCHEMA_JSON", TODOS));
        try {
            URI uri = URI.create("ws://127.0.0.1:" + port + "/kora/");
            System.out.printf(
                    "materialized (app schema: todos, fields title and done indexed), load average %s%n",
                    loadAverage());
            firstContact(uri, MATERIALIZED, "materialized");
            coldRounds(uri, writers, batch, MATERIALIZED, "materialized");
            ingest(uri, writers, batch, Duration.ofSeconds(Math.max(10, seconds)), MATERIALIZED, true);
            long serviceCpu = cpuMillis(service.pid());
            long wall = System.nanoTime();
            double rate = ingest(uri, writers, batch, Duration.ofSeconds(seconds), MATERIALIZED, true);
            double wallSeconds = (System.nanoTime() - wall) / 1e9;
            String load = loadAverage();
            double raw = raw(db, writers, batch, Duration.ofSeconds(seconds));
            System.out.printf(
                    "materialized ingest (steady, with an observer): %.0f ops/s (service %.2f cores); log only %.0f ops/s;"
                            + " ratio to log only %.2f; raw PostgreSQL %.0f rows/s (before: %.0f), ratio %.2f; load average %s / %s%n",
                    rate,
                    (cpuMillis(service.pid()) - serviceCpu) / 1e3 / wallSeconds,
                    logOnly,
                    rate / logOnly,
                    raw,
                    rawBefore,
                    rate / raw,
                    load,
                    loadAverage());
        } finally {
            service.stop(Duration.ofSeconds(20));
        }
    }

    /**
     * First contact right after readiness: a fresh client's handshake → response, and its first
     * batch → acknowledgment (issue 18: a real client gave up when that took over 300 ms).
     */
    private static void firstContact(URI uri, String collection, String label) {
        long started = System.nanoTime();
        Client c = Client.streaming(uri, 0, true);
        long synced = System.nanoTime();
        c.send(c.batch(1, 0, collection));
        c.awaitType("acknowledgment");
        long acknowledged = System.nanoTime();
        c.close();
        System.out.printf(
                "first contact (%s): connect + handshake + initial sync %.1f ms, first batch acknowledged %.1f ms later%n",
                label, (synced - started) / 1e6, (acknowledged - synced) / 1e6);
    }

    /** Short rounds from a cold start, as the real-client runs: each writer sends {@link #ROUND_OPS} operations. */
    private static void coldRounds(URI uri, int writers, int batch, String collection, String label) throws Exception {
        StringBuilder rates = new StringBuilder();
        for (int round = 0; round < 3; round++) {
            rates.append(round == 0 ? "" : ", ").append(String.format("%.0f", round(uri, writers, batch, collection)));
        }
        System.out.printf(
                "cold rounds (%s, %d writers x %d operations, observer): %s ops/s%n", label, writers, ROUND_OPS, rates);
    }

    private static double round(URI uri, int writers, int batch, String collection) throws Exception {
        List<Client> sessions = new ArrayList<>();
        long head = Client.serverMax(uri);
        for (int w = 0; w < writers; w++) sessions.add(Client.streaming(uri, head, true));
        Observer observer = new Observer(uri, head);
        long started = System.nanoTime();
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (Client c : sessions) {
            done.add(CompletableFuture.runAsync(
                    () -> {
                        for (int sent = 0; sent < ROUND_OPS; sent += batch) {
                            c.send(c.batch(Math.min(batch, ROUND_OPS - sent), 0, collection));
                            c.awaitType("acknowledgment");
                        }
                    },
                    LOOPS));
        }
        for (CompletableFuture<Void> f : done) f.get();
        double elapsed = (System.nanoTime() - started) / 1e9;
        observer.close();
        sessions.forEach(Client::close);
        return (double) writers * ROUND_OPS / elapsed;
    }

    /** A session that receives everything the writers store and acknowledges it, as an app's other device does. */
    private static final class Observer {
        private final Client client;
        private final CompletableFuture<Void> loop;
        private volatile boolean running = true;

        Observer(URI uri, long head) {
            client = Client.streaming(uri, head, true);
            loop = CompletableFuture.runAsync(
                    () -> {
                        while (running) {
                            JsonObject m = client.poll(100);
                            if (m != null && "operation-batch".equals(m.getString("type"))) client.ack(m);
                        }
                    },
                    LOOPS);
        }

        void close() {
            running = false;
            loop.join();
            client.close();
        }
    }

    /** The service jar on {@code db}, ready, its output discarded; exits when the jar is not built. */
    static ChildProcess startService(BenchDatabase db, int port) throws Exception {
        return startService(db, port, Map.of());
    }

    /** As {@link #startService(BenchDatabase, int)}, with extra environment (an app schema). */
    static ChildProcess startService(BenchDatabase db, int port, Map<String, String> extra) throws Exception {
        String slow = System.getenv("KORA_BENCH_PG_LOG_MS");
        if (slow != null && !slow.isBlank()) {
            // profiling aid: PostgreSQL logs every statement slower than this (in the bench's output)
            db.pool
                    .query("ALTER SYSTEM SET log_min_duration_statement = " + Integer.parseInt(slow.trim()))
                    .execute()
                    .await()
                    .indefinitely();
            db.pool.query("SELECT pg_reload_conf()").execute().await().indefinitely();
        }
        Path root = Path.of(System.getenv().getOrDefault("QUINTET_HOME", "."))
                .toAbsolutePath()
                .normalize();
        Path jar = ServiceCatalog.named("kora").runner(root);
        if (!Files.isRegularFile(jar)) {
            System.err.println("kora-service is not built (" + jar
                    + "): ./mvnw -DskipTests install -pl kora-service,deploy,bench");
            System.exit(2);
        }
        Map<String, String> env = new HashMap<>();
        env.putAll(db.connectionEnvironment());
        env.put("KORA_MAX_OPS_PER_MINUTE", "1000000000"); // the default 600/min would throttle any benchmark
        env.putAll(extra);
        ChildProcess service = ChildProcess.start(
                ServiceCatalog.named("kora"),
                port,
                jar,
                LauncherSettings.javaOptionsFor("kora", System.getenv()),
                env,
                serviceLog());
        if (!service.awaitReady(Duration.ofMinutes(2))) {
            service.stop(Duration.ofSeconds(5));
            throw new IllegalStateException("kora-service did not become ready");
        }
        return service;
    }

    /** The service's output: discarded, or appended to {@code KORA_BENCH_SERVICE_LOG} when set (profiling runs). */
    private static PrintStream serviceLog() throws java.io.IOException {
        String file = System.getenv("KORA_BENCH_SERVICE_LOG");
        if (file == null || file.isBlank()) return new PrintStream(OutputStream.nullOutputStream());
        return new PrintStream(
                Files.newOutputStream(
                        Path.of(file),
                        java.nio.file.StandardOpenOption.CREATE,
                        java.nio.file.StandardOpenOption.APPEND),
                true);
    }

    /** Operations per second acknowledged by the service, {@code writers} sessions each with one batch in flight. */
    private static double ingest(URI uri, int writers, int batch, Duration length, String collection, boolean observed)
            throws Exception {
        List<Client> sessions = new ArrayList<>();
        long head = Client.serverMax(uri);
        for (int w = 0; w < writers; w++) sessions.add(Client.streaming(uri, head, true));
        Observer observer = observed ? new Observer(uri, head) : null;
        long end = System.nanoTime() + length.toNanos();
        long started = System.nanoTime();
        List<CompletableFuture<Long>> done = new ArrayList<>();
        for (Client c : sessions) {
            done.add(CompletableFuture.supplyAsync(
                    () -> {
                        long ops = 0;
                        while (System.nanoTime() < end) {
                            c.send(c.batch(batch, 0, collection));
                            c.awaitType("acknowledgment");
                            ops += batch;
                        }
                        return ops;
                    },
                    LOOPS));
        }
        long total = 0;
        for (CompletableFuture<Long> f : done) total += f.get();
        double elapsed = (System.nanoTime() - started) / 1e9;
        if (observer != null) observer.close();
        sessions.forEach(Client::close);
        return total / elapsed;
    }

    /** The same rows into a copy of {@code kora.operations}: one {@code unnest} insert per batch, {@code writers} connections. */
    private static double raw(BenchDatabase db, int writers, int batch, Duration length) throws Exception {
        db.pool
                .query(
                        "CREATE TABLE IF NOT EXISTS raw_operations (id TEXT PRIMARY KEY, node_id TEXT NOT NULL, type TEXT NOT NULL,"
                                + " collection TEXT NOT NULL, record_id TEXT NOT NULL, data TEXT, previous_data TEXT, atomic_ops TEXT,"
                                + " wall_time BIGINT NOT NULL, logical INTEGER NOT NULL, timestamp_node_id TEXT NOT NULL,"
                                + " sequence_number INTEGER NOT NULL, causal_deps TEXT NOT NULL DEFAULT '[]', schema_version INTEGER NOT NULL,"
                                + " received_at BIGINT NOT NULL, delivery_seq BIGINT)")
                .execute()
                .await()
                .indefinitely();
        AtomicLong ids = new AtomicLong();
        String run = "raw-" + System.nanoTime() + "-"; // ids of every raw run differ (the table stays)
        long end = System.nanoTime() + length.toNanos();
        long started = System.nanoTime();
        List<CompletableFuture<Long>> done = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            done.add(CompletableFuture.supplyAsync(
                    () -> {
                        long rows = 0;
                        while (System.nanoTime() < end) {
                            String[] id = new String[batch];
                            String[] data = new String[batch];
                            for (int i = 0; i < batch; i++) {
                                id[i] = run + ids.incrementAndGet();
                                data[i] = "{\"title\":\"bench " + i + "\",\"done\":false}";
                            }
                            long now = System.currentTimeMillis();
                            db.pool
                                    .preparedQuery(
                                            "INSERT INTO raw_operations (id, node_id, type, collection, record_id, data, wall_time,"
                                                    + " logical, timestamp_node_id, sequence_number, schema_version, received_at)"
                                                    + " SELECT i, 'raw', 'insert', 'todos', i, d, $3, 0, 'raw', 1, 1, $3 FROM unnest($1::text[], $2::text[]) AS u(i, d)")
                                    .execute(Tuple.of(id, data, now))
                                    .await()
                                    .indefinitely();
                            rows += batch;
                        }
                        return rows;
                    },
                    LOOPS));
        }
        long total = 0;
        for (CompletableFuture<Long> f : done) total += f.get();
        return total / ((System.nanoTime() - started) / 1e9);
    }

    /** One writer, {@code count} streaming readers: latency from send to receipt at every reader. */
    private static void fanOut(URI uri, int count, Duration length) throws Exception {
        List<Client> readers = new ArrayList<>();
        // live latency, not initial sync: the readers start at the log's current end (a synced client)
        long head = Client.serverMax(uri);
        for (int i = 0; i < count; i++) readers.add(Client.streaming(uri, head));
        Client writer = Client.streaming(uri, head);
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        long end = System.nanoTime() + length.toNanos();
        List<CompletableFuture<Void>> receiving = new ArrayList<>();
        for (Client r : readers) {
            receiving.add(CompletableFuture.runAsync(
                    () -> {
                        Set<String> seen = new HashSet<>();
                        while (System.nanoTime() < end + 3_000_000_000L) {
                            JsonObject m = r.poll(200);
                            if (m == null || !"operation-batch".equals(m.getString("type"))) continue;
                            long now = System.nanoTime();
                            r.ack(m);
                            for (Object o : m.getJsonArray("operations")) {
                                JsonObject op = (JsonObject) o;
                                if (seen.add(op.getString("id")))
                                    latencies.add(now - op.getJsonObject("data").getLong("sentAt"));
                            }
                        }
                    },
                    LOOPS));
        }
        int sent = 0;
        while (System.nanoTime() < end) {
            writer.send(writer.batch(1, System.nanoTime(), LOG_ONLY));
            writer.awaitType("acknowledgment");
            sent++;
            Thread.sleep(20);
        }
        for (CompletableFuture<Void> f : receiving) f.get();
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        System.out.printf(
                "fan-out: %d operations to %d clients, %d deliveries (expected %d), p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
                sent,
                count,
                sorted.size(),
                (long) sent * count,
                pct(sorted, 0.50),
                pct(sorted, 0.99),
                sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1) / 1e6);
        readers.forEach(Client::close);
        writer.close();
    }

    private static double pct(List<Long> sorted, double p) {
        return sorted.isEmpty()
                ? 0
                : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1)) / 1e6;
    }

    /** A raw Kora JSON client (java.net.http), past its initial sync. */
    static final class Client implements WebSocket.Listener {
        private static final AtomicLong NODES = new AtomicLong();
        final LinkedBlockingQueue<JsonObject> inbox = new LinkedBlockingQueue<>();
        final StringBuilder text = new StringBuilder();
        final String node = "bench-" + NODES.incrementAndGet() + "-" + System.nanoTime();
        WebSocket socket;
        int seq;
        boolean lean;

        static Client streaming(URI uri) {
            return streaming(uri, 0);
        }

        /** The server's highest delivery sequence, from a handshake-response (the probe leaves before its sync). */
        static long serverMax(URI uri) {
            Client c = new Client();
            c.socket = HTTP.newWebSocketBuilder().buildAsync(uri, c).join();
            c.send(new JsonObject()
                    .put("type", "handshake")
                    .put("messageId", "h")
                    .put("nodeId", c.node)
                    .put("versionVector", new JsonObject())
                    .put("schemaVersion", 1)
                    .put("lastDeliverySequence", 0));
            long max = c.awaitType("handshake-response").getLong("serverMaxDeliverySequence", 0L);
            c.close();
            return max;
        }

        /** A client past its initial sync, which starts after delivery sequence {@code from}. */
        static Client streaming(URI uri, long from) {
            return streaming(uri, from, false);
        }

        /**
         * As {@link #streaming(URI, long)}; a {@code lean} client skips over the operations of the
         * batches it receives (ingest writers only acknowledge them), so the load generator takes less
         * of the CPU it shares with the service.
         */
        static Client streaming(URI uri, long from, boolean lean) {
            Client c = new Client();
            c.lean = lean;
            c.socket = HTTP.newWebSocketBuilder().buildAsync(uri, c).join();
            c.send(new JsonObject()
                    .put("type", "handshake")
                    .put("messageId", "h")
                    .put("nodeId", c.node)
                    .put("versionVector", new JsonObject())
                    .put("schemaVersion", 1)
                    .put("lastDeliverySequence", from));
            c.awaitType("handshake-response");
            JsonObject b;
            do {
                b = c.awaitType("operation-batch");
                c.ack(b);
            } while (!b.getBoolean("isFinal"));
            return c;
        }

        JsonObject batch(int size, long sentAt, String collection) {
            JsonArray ops = new JsonArray();
            long wall = System.currentTimeMillis();
            for (int i = 0; i < size; i++) {
                seq++;
                ops.add(new JsonObject()
                        .put("id", node + "-" + seq)
                        .put("nodeId", node)
                        .put("type", "insert")
                        .put("collection", collection)
                        .put("recordId", node + "-r" + seq)
                        .put(
                                "data",
                                new JsonObject()
                                        .put("title", "bench " + seq)
                                        .put("done", false)
                                        .put("sentAt", sentAt))
                        .putNull("previousData")
                        .put(
                                "timestamp",
                                new JsonObject()
                                        .put("wallTime", wall)
                                        .put("logical", seq % 99_999)
                                        .put("nodeId", node))
                        .put("sequenceNumber", seq)
                        .put("causalDeps", new JsonArray())
                        .put("schemaVersion", 1));
            }
            return new JsonObject()
                    .put("type", "operation-batch")
                    .put("messageId", node + "-b" + seq)
                    .put("operations", ops)
                    .put("isFinal", true)
                    .put("batchIndex", 0);
        }

        void ack(JsonObject batch) {
            JsonObject ack = new JsonObject()
                    .put("type", "acknowledgment")
                    .put("messageId", "a" + System.nanoTime())
                    .put("acknowledgedMessageId", batch.getString("messageId"))
                    .put("lastSequenceNumber", 0);
            if (batch.containsKey("maxDeliverySequence"))
                ack.put("deliverySequence", batch.getLong("maxDeliverySequence"));
            send(ack);
        }

        synchronized void send(JsonObject message) {
            socket.sendText(message.encode(), true).join();
        }

        JsonObject poll(long millis) {
            try {
                return inbox.poll(millis, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }

        /** The next message of {@code type}; delivery batches met on the way are acknowledged. */
        JsonObject awaitType(String type) {
            while (true) {
                JsonObject m = poll(30_000);
                if (m == null) throw new IllegalStateException("no " + type + " within 30 s");
                if (type.equals(m.getString("type"))) return m;
                if ("operation-batch".equals(m.getString("type"))) ack(m);
                if ("error".equals(m.getString("type"))) throw new IllegalStateException("server error: " + m.encode());
            }
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                inbox.add(lean ? summary(text.toString()) : new JsonObject(text.toString()));
                text.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        private static final com.fasterxml.jackson.core.JsonFactory JSON = new com.fasterxml.jackson.core.JsonFactory();

        /** The message's top-level scalar members; arrays and objects (the operations) are skipped, not built. */
        static JsonObject summary(String message) {
            JsonObject out = new JsonObject();
            try (com.fasterxml.jackson.core.JsonParser p = JSON.createParser(message)) {
                p.nextToken();
                while (p.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    com.fasterxml.jackson.core.JsonToken t = p.nextToken();
                    switch (t) {
                        case START_ARRAY, START_OBJECT -> p.skipChildren();
                        case VALUE_STRING -> out.put(name, p.getText());
                        case VALUE_NUMBER_INT -> out.put(name, p.getLongValue());
                        case VALUE_TRUE, VALUE_FALSE -> out.put(name, p.getBooleanValue());
                        default -> {}
                    }
                }
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
            return out;
        }

        void close() {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye")
                    .orTimeout(2, TimeUnit.SECONDS)
                    .exceptionally(x -> null)
                    .join();
        }
    }

    /** User + system CPU time of a process, from /proc (clock ticks of 10 ms); -1 when unreadable. */
    static long cpuMillis(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10;
        } catch (Exception e) {
            return -1;
        }
    }

    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (Exception e) {
            return "n/a";
        }
    }

    static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static int intArg(String[] args, String name, int fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) return Integer.parseInt(args[i + 1]);
        }
        return fallback;
    }
}
