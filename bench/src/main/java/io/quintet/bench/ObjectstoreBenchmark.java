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
import java.util.concurrent.atomic.AtomicLongArray;
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
 * <p>{@code java -jar bench/target/quintet-bench.jar objectstore --help} lists the options.
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
        int rate = ClosedLoop.intArg(args, "--rate", 50);
        List<String> cases = List.of(
                ClosedLoop.stringArg(args, "--cases", "write,push,catchup,idle").split(","));
        String extraJava = ClosedLoop.stringArg(args, "--service-java-options", "");
        if (Arrays.asList(args).contains("--help")) {
            System.out.println("""
                    objectstore [--seconds 10] [--cases write,push,catchup,idle] [--subscribers 100] [--rate 50]
                                [--catchup 20000] [--idle 1000] [--service-java-options '-XX:StartFlightRecording=...']
                      write    TX apply throughput and ACK_TX p50/p99 at 1, 10, 100 writers beside raw PostgreSQL
                      push     end-to-end push latency (ACK_TX on A -> PUSH_DATA on B), --subscribers clients, --rate TX/s
                      catchup  a client --catchup TXs behind catches up
                      idle     RSS growth for --idle idle logged-in clients""");
            return;
        }
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
        String javaOptions =
                ("-Xms16m -Xmx256m -XX:+UseSerialGC -XX:MaxMetaspaceSize=160m -Xss512k " + extraJava).trim();
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
                for (int writers : cases.contains("write") ? new int[] {1, 10, 100} : new int[0]) {
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
                if (cases.contains("push")) endToEnd(ws, subscribers, rate, Duration.ofSeconds(seconds));
                if (cases.contains("catchup")) catchUp(ws, catchup);
                if (cases.contains("idle")) idleClients(ws, service, idle);
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
            return connect(ws, mode, resume, SHARED[Math.floorMod(NEXT_SHARED.getAndIncrement(), SHARED.length)]);
        }

        static Client connect(URI ws, String mode, String resume, HttpClient http) {
            Client c = new Client(mode, resume);
            c.socket = http.newWebSocketBuilder()
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

    /**
     * Item 92: one writer A and {@code subscribers} AUTO clients B, all connected before the first TX;
     * A sends single-PUT TXs open loop, at fixed instants {@code 1/rate} apart (a late send does not
     * move the next one, so the generator's own delays are not hidden), and the latency of each
     * delivery is taken from the moment A got its ACK_TX (the commit acknowledged) to the moment the
     * PUSH_DATA carrying it was read on B. Send → ACK_TX and send → B are printed beside it.
     */
    static void endToEnd(URI ws, int subscribers, int rate, Duration length) throws Exception {
        // receivers resume at the current head, so what is measured is live push, not their first full sync
        String[] head = position(ws);
        String resume = "{\"epoch\":\"" + head[1] + "\",\"lastHseq\":\"" + head[0] + "\"}";
        int txs = (int) Math.max(1, rate * length.toSeconds());
        AtomicLongArray sentAt = new AtomicLongArray(txs + 1);
        AtomicLongArray ackedAt = new AtomicLongArray(txs + 1);
        List<AtomicLongArray> receivedAt = new ArrayList<>();
        List<Client> receivers = new ArrayList<>();
        for (int i = 0; i < subscribers; i++) {
            Client c = Client.connect(ws, "AUTO", resume);
            AtomicLongArray received = new AtomicLongArray(txs + 1);
            receivedAt.add(received);
            c.onMessage = m -> {
                long now = System.nanoTime();
                if (!m.startsWith("{\"t\":\"PUSH_DATA\"")) return;
                for (int at = m.indexOf("\"title\":\"e"); at >= 0; at = m.indexOf("\"title\":\"e", at + 1)) {
                    int n = digits(m, at + 10);
                    if (n > 0 && n <= txs) received.compareAndSet(n, 0, now);
                }
                int to = m.indexOf("\"to\":\"");
                c.send("{\"t\":\"RX_ACK\",\"hseq\":\"" + digits(m, to + 6) + "\"}");
            };
            receivers.add(c);
        }
        for (Client c : receivers) c.loggedIn.get(60, TimeUnit.SECONDS);
        // the writer's own HTTP client: its ACK_TX are not read behind the receivers' pushes
        Client writer = Client.connect(ws, "MANUAL", "null", HttpClient.newHttpClient());
        writer.onMessage = m -> {
            long now = System.nanoTime();
            if (m.startsWith("{\"t\":\"ACK_TX\"")) {
                int n = digits(m, m.indexOf("\"cseq\":\"") + 8);
                if (n > 0 && n <= txs) ackedAt.compareAndSet(n, 0, now);
            }
        };
        writer.loggedIn.get(60, TimeUnit.SECONDS);
        Thread.sleep(2_000);
        long interval = 1_000_000_000L / rate;
        long start = System.nanoTime();
        for (int cseq = 1; cseq <= txs; cseq++) {
            long due = start + (cseq - 1) * interval;
            for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime())
                java.util.concurrent.locks.LockSupport.parkNanos(wait);
            sentAt.set(cseq, System.nanoTime());
            writer.send("{\"t\":\"APPLY_TX\",\"cseq\":\"" + cseq + "\",\"ops\":[{\"op\":\"PUT\",\"type\":\"" + NOTE
                    + "\",\"gid\":\"" + writer.peer + "." + cseq + "\",\"p\":{\"title\":\"e" + cseq + "\"}}]}");
        }
        long lag = System.nanoTime() - (start + (txs - 1) * interval);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline && delivered(receivedAt, txs) < (long) txs * subscribers) Thread.sleep(100);
        long[] ackToB = new long[txs * subscribers];
        long[] sendToB = new long[txs * subscribers];
        long[] sendToAck = new long[txs];
        int deliveries = 0, acks = 0, beforeAck = 0;
        for (int n = 1; n <= txs; n++) {
            long sent = sentAt.get(n), acked = ackedAt.get(n);
            if (acked != 0) sendToAck[acks++] = acked - sent;
            for (AtomicLongArray received : receivedAt) {
                long at = received.get(n);
                if (at == 0 || acked == 0) continue;
                if (at < acked) beforeAck++;
                ackToB[deliveries] = Math.max(0, at - acked);
                sendToB[deliveries++] = at - sent;
            }
        }
        long[] a = Arrays.copyOf(ackToB, deliveries),
                s = Arrays.copyOf(sendToB, deliveries),
                k = Arrays.copyOf(sendToAck, acks);
        Arrays.sort(a);
        Arrays.sort(s);
        Arrays.sort(k);
        System.out.printf(
                "end-to-end push latency, %d clients connected, %d TX/s open loop for %d s (last send %.1f ms late):"
                        + " %d of %d deliveries; ACK_TX on A → PUSH_DATA on B p50 %.1f ms, p99 %.1f ms, max %.1f ms"
                        + " (target p99 <= 50 ms; %d arrived before A's ACK, counted 0); send → ACK_TX p50 %.1f ms, p99 %.1f ms;"
                        + " send → B p50 %.1f ms, p99 %.1f ms%n",
                subscribers,
                rate,
                length.toSeconds(),
                lag / 1e6,
                deliveries,
                (long) txs * subscribers,
                percentile(a, 0.5),
                percentile(a, 0.99),
                a.length == 0 ? Double.NaN : a[a.length - 1] / 1e6,
                beforeAck,
                percentile(k, 0.5),
                percentile(k, 0.99),
                percentile(s, 0.5),
                percentile(s, 0.99));
        writer.close();
        receivers.forEach(Client::close);
    }

    private static long delivered(List<AtomicLongArray> receivedAt, int txs) {
        long count = 0;
        for (AtomicLongArray received : receivedAt) for (int n = 1; n <= txs; n++) if (received.get(n) != 0) count++;
        return count;
    }

    /** The decimal number starting at {@code from} in {@code m} (0 when none). */
    private static int digits(String m, int from) {
        int n = 0;
        for (int i = from; i >= 0 && i < m.length() && Character.isDigit(m.charAt(i)); i++)
            n = n * 10 + (m.charAt(i) - '0');
        return n;
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
