package io.quintet.bench;

import io.quintet.deploy.ChildProcess;
import io.quintet.deploy.ServiceCatalog;
import io.vertx.mutiny.sqlclient.Tuple;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * objectstore-service (OSP/1 over WebSocket, JSON) against raw PostgreSQL in the same run:
 * TX apply throughput and ACK_TX p50/p99 at 1, 10 and 100 writers (TXs of 10 PUTs, 10 in flight
 * per writer), beside raw PostgreSQL committing the same rows with the same concurrency;
 * end-to-end push latency (send on A → PUSH_DATA on B) with many clients connected; catch-up of a
 * client behind by N TXs; RSS growth for idle logged-in clients.
 *
 * <p>{@code java -jar bench/target/quintet-bench.jar objectstore [--seconds 10] [--catchup 20000] [--idle 1000] [--subscribers 100]}
 */
final class ObjectstoreBenchmark {

    private static final String NOTE = "4401917003650261337";
    static final String MODEL = """
            {"entities":[{"id":"1:4401917003650261337","lastPropertyId":"3:2920051733512364110","name":"Note","flags":2,
             "properties":[{"id":"1:7705912346600119321","name":"id","type":6,"flags":1},
                           {"id":"2:1187354019932840622","name":"title","type":9},
                           {"id":"3:2920051733512364110","name":"stamp","type":6}],"relations":[]}],
             "lastEntityId":"1:4401917003650261337","lastIndexId":"","lastRelationId":"","modelVersion":5,
             "modelVersionParserMinimum":5,"retiredEntityUids":[],"retiredIndexUids":[],"retiredPropertyUids":[]}
            """;
    private static final Pattern FIELD = Pattern.compile("\"(t|cseq|hseq|to|epoch|title)\":\"([^\"]*)\"");
    private static final SecureRandom RANDOM = new SecureRandom();
    /**
     * The clients' sockets share a few HTTP clients: each client of its own holds a selector and its
     * descriptors, and 10 000 of them would exceed the process' descriptor limit.
     */
    private static final HttpClient[] SHARED = {
        HttpClient.newHttpClient(), HttpClient.newHttpClient(), HttpClient.newHttpClient(), HttpClient.newHttpClient()
    };

    private static final java.util.concurrent.atomic.AtomicInteger NEXT_SHARED =
            new java.util.concurrent.atomic.AtomicInteger();

    static void main(String[] args) throws Exception {
        int seconds = ClosedLoop.intArg(args, "--seconds", 10);
        int catchup = ClosedLoop.intArg(args, "--catchup", 20_000);
        int idle = ClosedLoop.intArg(args, "--idle", 1_000);
        int subscribers = ClosedLoop.intArg(args, "--subscribers", 100);
        Path root = Path.of(System.getenv().getOrDefault("QUINTET_HOME", "."))
                .toAbsolutePath()
                .normalize();
        Path jar = root.resolve("objectstore-service/target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            System.err.println("objectstore-service is not built (" + jar
                    + "): ./mvnw -DskipTests install -pl objectstore-service -am");
            System.exit(2);
        }
        Path model = Files.createTempFile("objectstore-bench-model", ".json");
        Files.writeString(model, MODEL);
        String javaOptions = "-Xms16m -Xmx256m -XX:+UseSerialGC -XX:MaxMetaspaceSize=160m -Xss512k";
        // the bench database allows 100 connections: 50 for the raw writers, 40 for the service's pool,
        // the rest for its change feed, cluster lease and snapshots
        try (BenchDatabase db = new BenchDatabase(50)) {
            int port = ClosedLoop.freePort();
            Map<String, String> env = new HashMap<>();
            env.putAll(db.connectionEnvironment());
            env.put("OBJECTSTORE_MODEL", model.toString());
            env.put("OBJECTSTORE_UNSECURED_NO_AUTHENTICATION", "true");
            env.put("QUARKUS_DATASOURCE_REACTIVE_MAX_SIZE", "40");
            ChildProcess service = ChildProcess.start(
                    ServiceCatalog.named("objectstore"),
                    port,
                    jar,
                    javaOptions,
                    env,
                    new PrintStream(OutputStream.nullOutputStream()));
            try {
                if (!service.awaitReady(Duration.ofMinutes(2)))
                    throw new IllegalStateException("objectstore-service did not become ready");
                URI ws = URI.create("ws://127.0.0.1:" + port + "/objectstore/");
                System.out.printf(
                        "objectstore benchmark: %d s per case, service JVM options: %s, %d cores (figures are contended when"
                                + " other work shares the cores)%n",
                        seconds, javaOptions, Runtime.getRuntime().availableProcessors());
                db.pool
                        .query("CREATE TABLE IF NOT EXISTS raw_objects (gid text PRIMARY KEY, props jsonb)")
                        .execute()
                        .await()
                        .indefinitely();
                for (int writers : new int[] {1, 10, 100}) {
                    Result service_ = writeLoad(ws, writers, Duration.ofSeconds(seconds));
                    double raw = rawInserts(db, writers, Duration.ofSeconds(seconds));
                    System.out.printf(
                            "%3d writers: service %8.0f ops/s (ACK_TX p50 %.1f ms, p99 %.1f ms); raw PostgreSQL %8.0f rows/s"
                                    + " (TXs of 10 upserts, at most 50 connections); service ÷ raw %.2f%n",
                            writers,
                            service_.opsPerSecond,
                            service_.p50,
                            service_.p99,
                            raw,
                            service_.opsPerSecond / raw);
                }
                endToEnd(ws, subscribers, Duration.ofSeconds(seconds));
                catchUp(ws, catchup);
                idleClients(ws, service, idle);
            } finally {
                service.stop(Duration.ofSeconds(20));
            }
        }
    }

    record Result(double opsPerSecond, double p50, double p99) {}

    /** One OSP client over the JDK WebSocket; messages are handed over as JSON text. */
    static final class Client implements WebSocket.Listener {
        final String clientId = HexFormat.of().formatHex(bytes(16));
        final String peer = peerOf(clientId);
        final CompletableFuture<Void> loggedIn = new CompletableFuture<>();
        final StringBuilder text = new StringBuilder();
        volatile Consumer<String> onMessage = m -> {};
        WebSocket socket;
        CompletableFuture<WebSocket> sends;
        private final String mode;
        private final String resume;

        Client(String mode, String resume) {
            this.mode = mode;
            this.resume = resume;
        }

        static Client connect(URI ws, String mode, String resume) {
            Client c = new Client(mode, resume);
            c.socket = SHARED[Math.floorMod(NEXT_SHARED.getAndIncrement(), SHARED.length)]
                    .newWebSocketBuilder()
                    .subprotocols("osp.v1.json")
                    .buildAsync(ws, c)
                    .join();
            synchronized (c) {
                if (c.sends == null) c.sends = CompletableFuture.completedFuture(c.socket);
            }
            return c;
        }

        synchronized void send(String json) {
            sends = sends.thenCompose(w -> w.sendText(json, true));
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                String m = text.toString();
                text.setLength(0);
                if (m.startsWith("{\"t\":\"HELLO\"")) {
                    synchronized (this) {
                        if (sends == null) sends = CompletableFuture.completedFuture(ws);
                    }
                    send("{\"t\":\"LOGIN\",\"protocol\":1,\"clientId\":\"" + clientId
                            + "\",\"credentials\":[{\"type\":\"NONE\"}]," + "\"resume\":" + resume
                            + ",\"updatesMode\":\"" + mode + "\",\"maxInFlight\":10}");
                } else if (m.startsWith("{\"t\":\"LOGIN_OK\"")) {
                    loggedIn.complete(null);
                } else if (m.startsWith("{\"t\":\"FULL_SYNC_CHUNK\"")) {
                    Matcher n = Pattern.compile("\"n\":(\\d+)").matcher(m);
                    if (n.find()) send("{\"t\":\"FULL_SYNC_ACK\",\"n\":" + n.group(1) + "}");
                }
                onMessage.accept(m);
            }
            ws.request(1);
            return null;
        }

        void close() {
            socket.abort();
        }
    }

    static Map<String, String> fields(String m) {
        Map<String, String> out = new HashMap<>();
        Matcher matcher = FIELD.matcher(m);
        while (matcher.find()) out.putIfAbsent(matcher.group(1), matcher.group(2));
        return out;
    }

    static String tx(Client c, long cseq, int ops, long key) {
        StringBuilder b = new StringBuilder("{\"t\":\"APPLY_TX\",\"cseq\":\"")
                .append(cseq)
                .append("\",\"txId\":\"b\",\"createdAt\":\"")
                .append(System.nanoTime())
                .append("\",\"ops\":[");
        for (int i = 0; i < ops; i++) {
            if (i > 0) b.append(',');
            b.append("{\"op\":\"PUT\",\"type\":\"")
                    .append(NOTE)
                    .append("\",\"gid\":\"")
                    .append(c.peer)
                    .append('.')
                    .append(key * ops + i + 1)
                    .append("\",\"p\":{\"title\":\"t")
                    .append(cseq)
                    .append("\",\"stamp\":\"")
                    .append(System.nanoTime())
                    .append("\"}}");
        }
        return b.append("]}").toString();
    }

    /** Each writer keeps 10 TXs of 10 PUTs in flight; ACK latency per TX. */
    static Result writeLoad(URI ws, int writers, Duration length) throws Exception {
        List<Client> clients = new ArrayList<>();
        for (int i = 0; i < writers; i++) clients.add(Client.connect(ws, "MANUAL", "null"));
        for (Client c : clients) c.loggedIn.get(60, TimeUnit.SECONDS);
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        AtomicLong applied = new AtomicLong();
        long end = System.nanoTime() + length.toNanos();
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (Client c : clients) {
            CompletableFuture<Void> finished = new CompletableFuture<>();
            done.add(finished);
            Map<Long, Long> sentAt = new ConcurrentHashMap<>();
            AtomicLong next = new AtomicLong(1);
            c.onMessage = m -> {
                if (!m.startsWith("{\"t\":\"ACK_TX\"")) return;
                long cseq = Long.parseLong(fields(m).get("cseq"));
                Long at = sentAt.remove(cseq);
                if (at != null) latencies.add(System.nanoTime() - at);
                applied.addAndGet(10);
                if (System.nanoTime() < end) {
                    long n = next.getAndIncrement();
                    sentAt.put(n, System.nanoTime());
                    c.send(tx(c, n, 10, n));
                } else if (sentAt.isEmpty()) {
                    finished.complete(null);
                }
            };
            for (int i = 0; i < 10; i++) {
                long n = next.getAndIncrement();
                sentAt.put(n, System.nanoTime());
                c.send(tx(c, n, 10, n));
            }
        }
        long started = System.nanoTime();
        CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(length.toSeconds() + 120, TimeUnit.SECONDS);
        double elapsed = (System.nanoTime() - started) / 1e9;
        clients.forEach(Client::close);
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        return new Result(applied.get() / elapsed, percentile(sorted, 0.50), percentile(sorted, 0.99));
    }

    static double percentile(long[] sorted, double q) {
        if (sorted.length == 0) return Double.NaN;
        return sorted[Math.min(sorted.length - 1, (int) (q * sorted.length))] / 1e6;
    }

    /** Raw PostgreSQL: each of {@code writers} commits transactions of 10 upserted rows, back to back. */
    static double rawInserts(BenchDatabase db, int writers, Duration length) throws Exception {
        AtomicLong key = new AtomicLong();
        double txPerSecond = ClosedLoop.rate(
                writers,
                length,
                seq -> db.pool
                        .withTransaction(c -> {
                            List<Tuple> rows = new ArrayList<>();
                            for (int i = 0; i < 10; i++)
                                rows.add(Tuple.of("raw." + key.incrementAndGet(), "{\"title\":\"t\"}"));
                            return c.preparedQuery(
                                            "INSERT INTO raw_objects (gid, props) VALUES ($1, $2::jsonb) ON CONFLICT (gid) DO UPDATE SET props = EXCLUDED.props")
                                    .executeBatch(rows);
                        })
                        .replaceWithVoid()
                        .subscribeAsCompletionStage());
        return txPerSecond * 10;
    }

    /** One writer, {@code subscribers} AUTO clients; latency from sending on A to the push arriving at every B. */
    static void endToEnd(URI ws, int subscribers, Duration length) throws Exception {
        // receivers resume at the current head, so what is measured is live push, not their first full sync
        String[] head = position(ws);
        String resume = "{\"epoch\":\"" + head[1] + "\",\"lastHseq\":\"" + head[0] + "\"}";
        List<Client> receivers = new ArrayList<>();
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        for (int i = 0; i < subscribers; i++) {
            Client c = Client.connect(ws, "AUTO", resume);
            c.onMessage = m -> {
                if (!m.startsWith("{\"t\":\"PUSH_DATA\"")) return;
                c.send("{\"t\":\"RX_ACK\",\"hseq\":\"" + fields(m).get("to") + "\"}");
                Matcher t = Pattern.compile("\"title\":\"(e\\d+)\"").matcher(m);
                while (t.find()) {
                    Long at = sentAt.get(t.group(1));
                    if (at != null) latencies.add(System.nanoTime() - at);
                }
            };
            receivers.add(c);
        }
        for (Client c : receivers) c.loggedIn.get(60, TimeUnit.SECONDS);
        Thread.sleep(2_000);
        Client writer = Client.connect(ws, "MANUAL", "null");
        writer.loggedIn.get(60, TimeUnit.SECONDS);
        long end = System.nanoTime() + length.toNanos();
        long cseq = 0;
        while (System.nanoTime() < end) {
            cseq++;
            String title = "e" + cseq;
            sentAt.put(title, System.nanoTime());
            writer.send("{\"t\":\"APPLY_TX\",\"cseq\":\"" + cseq + "\",\"ops\":[{\"op\":\"PUT\",\"type\":\"" + NOTE
                    + "\",\"gid\":\"" + writer.peer + "." + cseq + "\",\"p\":{\"title\":\"" + title + "\"}}]}");
            Thread.sleep(20);
        }
        Thread.sleep(3_000);
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf(
                "end-to-end push latency with %d clients connected: %d deliveries, p50 %.1f ms, p99 %.1f ms (target p99 <= 50 ms)%n",
                subscribers, sorted.length, percentile(sorted, 0.5), percentile(sorted, 0.99));
        writer.close();
        receivers.forEach(Client::close);
    }

    /** The history head and epoch, as a MANUAL client's LOGIN_OK reports them. */
    static String[] position(URI ws) throws Exception {
        CompletableFuture<String[]> answer = new CompletableFuture<>();
        Client probe = new Client("MANUAL", "null");
        probe.onMessage = m -> {
            if (m.startsWith("{\"t\":\"LOGIN_OK\"")) {
                Matcher latest = Pattern.compile("\"latest\":\"(\\d+)\"").matcher(m);
                answer.complete(new String[] {
                    latest.find() ? latest.group(1) : "0", fields(m).get("epoch")
                });
            }
        };
        probe.socket = HttpClient.newHttpClient()
                .newWebSocketBuilder()
                .subprotocols("osp.v1.json")
                .buildAsync(ws, probe)
                .join();
        try {
            return answer.get(60, TimeUnit.SECONDS);
        } finally {
            probe.close();
        }
    }

    /** A client {@code behind} TXs behind catches up (AUTO_NO_PUSHES) to UPDATES_COMPLETE. */
    static void catchUp(URI ws, int behind) throws Exception {
        Client writer = Client.connect(ws, "MANUAL", "null");
        CompletableFuture<String> first = new CompletableFuture<>();
        writer.onMessage = m -> {
            if (m.startsWith("{\"t\":\"LOGIN_OK\"")) {
                Matcher latest = Pattern.compile("\"latest\":\"(\\d+)\"").matcher(m);
                first.complete((latest.find() ? latest.group(1) : "0") + "|"
                        + fields(m).get("epoch"));
            }
        };
        String[] position = first.get(60, TimeUnit.SECONDS).split("\\|");
        AtomicLong acked = new AtomicLong();
        CompletableFuture<Void> allAcked = new CompletableFuture<>();
        AtomicLong next = new AtomicLong(1);
        writer.onMessage = m -> {
            if (!m.startsWith("{\"t\":\"ACK_TX\"")) return;
            if (acked.incrementAndGet() >= behind) allAcked.complete(null);
            long n = next.getAndIncrement();
            if (n <= behind) writer.send(tx(writer, n, 1, n));
        };
        for (int i = 0; i < 10; i++) {
            long n = next.getAndIncrement();
            writer.send(tx(writer, n, 1, n));
        }
        allAcked.get(30, TimeUnit.MINUTES);
        writer.close();
        long started = System.nanoTime();
        CompletableFuture<Void> complete = new CompletableFuture<>();
        AtomicLong pushes = new AtomicLong();
        Client reader = new Client(
                "AUTO_NO_PUSHES", "{\"epoch\":\"" + position[1] + "\",\"lastHseq\":\"" + position[0] + "\"}");
        reader.onMessage = m -> {
            if (m.startsWith("{\"t\":\"PUSH_DATA\"")) {
                pushes.incrementAndGet();
                reader.send("{\"t\":\"RX_ACK\",\"hseq\":\"" + fields(m).get("to") + "\"}");
            } else if (m.startsWith("{\"t\":\"UPDATES_COMPLETE\"")) {
                complete.complete(null);
            }
        };
        reader.socket = HttpClient.newHttpClient()
                .newWebSocketBuilder()
                .subprotocols("osp.v1.json")
                .buildAsync(ws, reader)
                .join();
        complete.get(30, TimeUnit.MINUTES);
        System.out.printf(
                "catch-up of a client %d TXs behind: %.1f s in %d PUSH_DATA messages (service heap -Xmx256m; target 1 000 000 TXs <= 60 s)%n",
                behind, (System.nanoTime() - started) / 1e9, pushes.get());
        reader.close();
    }

    /** RSS growth of the service with {@code count} idle logged-in clients. */
    static void idleClients(URI ws, ChildProcess service, int count) throws Exception {
        System.gc();
        long before = service.residentKb().orElse(-1L);
        List<Client> clients = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            clients.add(Client.connect(ws, "MANUAL", "null"));
            if (i % 200 == 199) for (Client c : clients.subList(i - 199, i + 1)) c.loggedIn.get(60, TimeUnit.SECONDS);
        }
        for (Client c : clients) c.loggedIn.get(60, TimeUnit.SECONDS);
        Thread.sleep(3_000);
        long after = service.residentKb().orElse(-1L);
        System.out.printf(
                "%d idle logged-in clients: RSS %d MB → %d MB (growth %d MB; target for 10 000: <= 200 MB)%n",
                count, before / 1024, after / 1024, (after - before) / 1024);
        clients.forEach(Client::close);
    }

    static byte[] bytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    static String peerOf(String clientId) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(clientId.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(Arrays.copyOf(digest, 8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
