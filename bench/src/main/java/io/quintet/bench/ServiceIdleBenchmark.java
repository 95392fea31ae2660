package io.quintet.bench;

import io.quintet.deploy.ChildProcess;
import io.quintet.deploy.LauncherSettings;
import io.quintet.deploy.ServiceCatalog;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.json.JsonObject;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Idle live connections per service, through the gateway (issue 17, item 1): N WebSockets opened through
 * the gateway to one service's live endpoint, each proven by the protocol (linkora: its {@code /events}
 * socket with the server token; kora: handshake, initial sync, acknowledgment; objectstore: OSP/1 login
 * in AUTO mode), left idle, then one write
 * made on the service directly and counted on every socket. Prints the RSS of the service and of the
 * gateway before, after opening and after the idle time, per 1 000 sockets, and how many sockets got the
 * write. Both run with the launcher's memory settings on one embedded PostgreSQL.
 *
 * <p>{@code java -jar bench/target/quintet-bench.jar idle [--services linkora,kora,objectstore] [--connections 5000]
 * [--idle-seconds 10]}; {@code ulimit -n} must exceed 2 × N + 200.
 */
final class ServiceIdleBenchmark {

    private static final String HOST = BenchUpstream.HOST;
    private static final String LINKORA_TOKEN = "idle-bench-token";
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ServiceIdleBenchmark() {}

    /** One service's live endpoint: how to start it, open and prove a socket, and make one write everyone sees. */
    interface Live {
        String name();

        Map<String, String> environment(Path dataDir);

        String path();

        MultiMap headers();

        /** Completes once the socket is in the state an idle app keeps it in. */
        Future<Void> prove(WebSocket socket);

        /** One write on the service itself ({@code port}), which every proven socket must be told about. */
        void write(int port) throws Exception;

        /** The WebSocket subprotocols the socket asks for. */
        default List<String> subprotocols() {
            return List.of();
        }

        /** Whether a frame is the news of a write (not a heartbeat or the server's time). */
        default boolean tells(WebSocketFrame frame) {
            return true;
        }
    }

    static void main(String[] args) throws Exception {
        int connections = GatewayBenchmark.intArg(args, "--connections", 5000);
        int idleSeconds = GatewayBenchmark.intArg(args, "--idle-seconds", 10);
        String services = GatewayBenchmark.stringArg(args, "--services", "linkora,kora,objectstore");
        Path root = Path.of(GatewayBenchmark.stringArg(args, "--root", "."))
                .toAbsolutePath()
                .normalize();
        for (String name : services.split(",")) {
            Live live = switch (name.trim()) {
                case "linkora" -> new Linkora();
                case "kora" -> new Kora();
                case "objectstore" -> new Objectstore();
                default -> throw new IllegalArgumentException("no idle run for " + name);
            };
            try (BenchDatabase db = new BenchDatabase(4)) {
                run(root, db, live, connections, idleSeconds);
            }
        }
    }

    private static void run(Path root, BenchDatabase db, Live live, int connections, int idleSeconds) throws Exception {
        Path serviceJar = ServiceCatalog.named(live.name()).runner(root);
        Path gatewayJar = ServiceCatalog.GATEWAY.runner(root);
        if (!Files.isRegularFile(serviceJar) || !Files.isRegularFile(gatewayJar)) {
            System.out.println(live.name() + ": not built (" + serviceJar + ", " + gatewayJar + "), skipped");
            return;
        }
        Path work = Files.createTempDirectory("quintet-idle-" + live.name());
        Map<String, String> env =
                new HashMap<>(LauncherSettings.SERVICE_ENVIRONMENT.getOrDefault(live.name(), Map.of()));
        env.putAll(db.connectionEnvironment());
        env.putAll(live.environment(work));
        int port = GatewayBenchmark.freePort();
        String serviceOptions = LauncherSettings.javaOptionsFor(live.name(), System.getenv());
        ChildProcess service = ChildProcess.start(
                ServiceCatalog.named(live.name()),
                port,
                serviceJar,
                serviceOptions,
                env,
                new PrintStream(OutputStream.nullOutputStream()));
        ChildProcess gateway = null;
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
        try {
            if (!service.awaitReady(Duration.ofMinutes(3))) {
                throw new IllegalStateException(live.name() + " did not become ready");
            }
            String gatewayOptions = LauncherSettings.javaOptionsFor("gateway", System.getenv());
            String upper = live.name().toUpperCase(java.util.Locale.ROOT);
            gateway = GatewayBenchmark.startGateway(
                    gatewayJar,
                    gatewayOptions,
                    port,
                    work.resolve("gateway"),
                    Map.of(
                            // the gateway's benchmark route (kosync) is not used here
                            "QUINTET_UPSTREAM_KOSYNC",
                            "",
                            "QUINTET_UPSTREAM_" + upper,
                            "http://" + HOST + ":" + port,
                            "QUINTET_UPSTREAM_" + upper + "_MANAGEMENT_PORT",
                            Integer.toString(service.managementPort),
                            "QUINTET_GATEWAY_CONNECT_TIMEOUT",
                            "30s"));
            WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions()
                    .setMaxConnections(connections + 100)
                    .setConnectTimeout(60_000)
                    .setMaxFrameSize(1 << 20)
                    .setMaxMessageSize(1 << 24));
            // a few first, so the code paths of a connection are loaded before the baseline
            for (Held warm : open(client, gateway.port, live, 50)) warm.socket.close();
            Thread.sleep(3000);
            long serviceBefore = service.residentKb().orElse(-1L);
            long gatewayBefore = gateway.residentKb().orElse(-1L);
            System.out.printf(
                    "%s idle: %d sockets through the gateway; RSS before: %s %d MB (%s), gateway %d MB (%s); load average %s%n",
                    live.name(),
                    connections,
                    live.name(),
                    serviceBefore / 1024,
                    serviceOptions,
                    gatewayBefore / 1024,
                    gatewayOptions,
                    GatewayBenchmark.loadAverage());
            long started = System.nanoTime();
            List<Held> held = open(client, gateway.port, live, connections);
            System.out.printf(
                    "  %d opened and proven in %.1f s; RSS %s %d MB, gateway %d MB%n",
                    held.size(),
                    (System.nanoTime() - started) / 1e9,
                    live.name(),
                    service.residentKb().orElse(-1L) / 1024,
                    gateway.residentKb().orElse(-1L) / 1024);
            Thread.sleep(idleSeconds * 1000L);
            long serviceAfter = service.residentKb().orElse(-1L);
            long gatewayAfter = gateway.residentKb().orElse(-1L);
            double thousands = held.size() / 1000.0;
            System.out.printf(
                    "  after %d s idle: RSS %s %d MB (+%.1f MB per 1 000), gateway %d MB (+%.1f MB per 1 000)%n",
                    idleSeconds,
                    live.name(),
                    serviceAfter / 1024,
                    (serviceAfter - serviceBefore) / 1024.0 / thousands,
                    gatewayAfter / 1024,
                    (gatewayAfter - gatewayBefore) / 1024.0 / thousands);
            held.forEach(h -> h.messages.set(0));
            long written = System.nanoTime();
            live.write(port);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            long told;
            do {
                Thread.sleep(100);
                told = held.stream().filter(h -> h.messages.get() > 0).count();
            } while (told < held.size() && System.nanoTime() < deadline);
            System.out.printf(
                    "  one write reached %d of %d idle sockets in %.1f s; load average %s%n",
                    told, held.size(), (System.nanoTime() - written) / 1e9, GatewayBenchmark.loadAverage());
            for (Held h : held) h.socket.close();
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
            if (gateway != null) gateway.stop(Duration.ofSeconds(20));
            service.stop(Duration.ofSeconds(20));
            GatewayBenchmark.deleteTree(work);
        }
    }

    /** A proven socket and the messages it got since the count was last reset. */
    record Held(WebSocket socket, AtomicInteger messages) {}

    /** Opens {@code n} sockets, at most 50 handshakes at a time. */
    private static List<Held> open(WebSocketClient client, int port, Live live, int n) throws Exception {
        List<Held> held = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger next = new AtomicInteger();
        List<CompletableFuture<Void>> lanes = new ArrayList<>();
        for (int lane = 0; lane < Math.min(50, n); lane++) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            lanes.add(done);
            openNext(client, port, live, n, next, held, done);
        }
        CompletableFuture.allOf(lanes.toArray(CompletableFuture[]::new)).get(10, TimeUnit.MINUTES);
        return held;
    }

    private static void openNext(
            WebSocketClient client,
            int port,
            Live live,
            int n,
            AtomicInteger next,
            List<Held> held,
            CompletableFuture<Void> done) {
        if (next.getAndIncrement() >= n) {
            done.complete(null);
            return;
        }
        WebSocketConnectOptions options =
                new WebSocketConnectOptions().setHost(HOST).setPort(port).setURI(live.path());
        options.setHeaders(live.headers());
        options.setSubProtocols(live.subprotocols());
        client.connect(options).compose(ws -> live.prove(ws).map(ws)).onComplete(ar -> {
            if (ar.succeeded()) {
                AtomicInteger messages = new AtomicInteger();
                WebSocket ws = ar.result();
                ws.frameHandler(frame -> {
                    if (live.tells(frame)) messages.incrementAndGet();
                });
                held.add(new Held(ws, messages));
                openNext(client, port, live, n, next, held, done);
            } else {
                done.completeExceptionally(ar.cause());
            }
        });
    }

    private static HttpResponse<String> send(HttpRequest request) throws Exception {
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Linkora's {@code /events}: an app keeps it open with the server token and only listens. */
    static final class Linkora implements Live {
        @Override
        public String name() {
            return "linkora";
        }

        @Override
        public Map<String, String> environment(Path dataDir) {
            return Map.of("QUINTET_DATA_DIR", dataDir.toString(), "LINKORA_SERVER_AUTH_TOKEN", LINKORA_TOKEN);
        }

        private final AtomicInteger apps = new AtomicInteger();

        /** Each app names itself in the {@code correlation} parameter; linkora closes the socket without it. */
        @Override
        public String path() {
            String correlation = "{\"id\":\"idle-" + apps.incrementAndGet() + "\",\"clientName\":\"idle-bench\"}";
            return "/linkora/events?correlation="
                    + java.net.URLEncoder.encode(correlation, java.nio.charset.StandardCharsets.UTF_8);
        }

        @Override
        public MultiMap headers() {
            return MultiMap.caseInsensitiveMultiMap().add("Authorization", "Bearer " + LINKORA_TOKEN);
        }

        @Override
        public Future<Void> prove(WebSocket socket) {
            // the upgrade itself is the proof: linkora refuses it without the token, and closes it at once
            // without a readable correlation (which the final count would show)
            return Future.succeededFuture();
        }

        @Override
        public void write(int port) throws Exception {
            HttpResponse<String> created = send(
                    DurabilityBenchmark.Linkora.createFolder(port, LINKORA_TOKEN, "idle-bench", "idle", "idle-bench"));
            if (created.statusCode() / 100 != 2) {
                throw new IllegalStateException(
                        "CREATE_FOLDER answered " + created.statusCode() + ": " + created.body());
            }
        }
    }

    /** Kora's socket: handshake, the initial sync acknowledged, then the live stream of operations. */
    static final class Kora implements Live {
        private final AtomicInteger nodes = new AtomicInteger();

        @Override
        public String name() {
            return "kora";
        }

        @Override
        public Map<String, String> environment(Path dataDir) {
            return Map.of("KORA_MAX_OPS_PER_MINUTE", "1000000000");
        }

        @Override
        public String path() {
            return "/kora/";
        }

        @Override
        public MultiMap headers() {
            return MultiMap.caseInsensitiveMultiMap();
        }

        @Override
        public Future<Void> prove(WebSocket socket) {
            Promise<Void> synced = Promise.promise();
            socket.textMessageHandler(text -> {
                JsonObject message = new JsonObject(text);
                if ("operation-batch".equals(message.getString("type"))) {
                    JsonObject ack = new JsonObject()
                            .put("type", "acknowledgment")
                            .put("messageId", "a" + System.nanoTime())
                            .put("acknowledgedMessageId", message.getString("messageId"))
                            .put("lastSequenceNumber", 0);
                    if (message.containsKey("maxDeliverySequence"))
                        ack.put("deliverySequence", message.getLong("maxDeliverySequence"));
                    socket.writeTextMessage(ack.encode());
                    if (message.getBoolean("isFinal", false)) synced.tryComplete();
                }
            });
            socket.writeTextMessage(new JsonObject()
                    .put("type", "handshake")
                    .put("messageId", "h")
                    .put("nodeId", "idle-" + nodes.incrementAndGet())
                    .put("versionVector", new JsonObject())
                    .put("schemaVersion", 1)
                    .put("lastDeliverySequence", 0)
                    .encode());
            return synced.future();
        }

        @Override
        public void write(int port) throws Exception {
            KoraBenchmark.Client writer =
                    KoraBenchmark.Client.streaming(URI.create("ws://" + HOST + ":" + port + "/kora/"), 0);
            writer.send(writer.batch(1, System.currentTimeMillis(), "todos"));
            writer.awaitType("acknowledgment");
            writer.close();
        }
    }

    /** Objectstore's OSP/1 socket (JSON): logged in without credentials, receiving pushes (AUTO). */
    static final class Objectstore implements Live {
        private static final java.util.regex.Pattern CHUNK = java.util.regex.Pattern.compile("\"n\":(\\d+)");
        private final AtomicInteger clients = new AtomicInteger();

        @Override
        public String name() {
            return "objectstore";
        }

        @Override
        public Map<String, String> environment(Path dataDir) {
            try {
                Files.createDirectories(dataDir);
                Path model = Files.writeString(dataDir.resolve("objectbox-model.json"), ObjectstoreBenchmark.MODEL);
                return Map.of("OBJECTSTORE_MODEL", model.toString(), "OBJECTSTORE_UNSECURED_NO_AUTHENTICATION", "true");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public String path() {
            return "/objectstore/";
        }

        @Override
        public MultiMap headers() {
            return MultiMap.caseInsensitiveMultiMap();
        }

        @Override
        public List<String> subprotocols() {
            return List.of("osp.v1.json");
        }

        @Override
        public Future<Void> prove(WebSocket socket) {
            Promise<Void> loggedIn = Promise.promise();
            socket.closeHandler(v -> loggedIn.tryFail(
                    "closed before LOGIN_OK: " + socket.closeStatusCode() + " " + socket.closeReason()));
            String clientId = String.format("%032x", clients.incrementAndGet()); // 32 hex characters
            socket.textMessageHandler(text -> {
                if (text.startsWith("{\"t\":\"HELLO\"")) {
                    socket.writeTextMessage("{\"t\":\"LOGIN\",\"protocol\":1,\"clientId\":\"" + clientId
                            + "\",\"credentials\":[{\"type\":\"NONE\"}],\"resume\":null,\"updatesMode\":\"AUTO\"}");
                } else if (text.startsWith("{\"t\":\"LOGIN_OK\"")) {
                    loggedIn.tryComplete();
                } else if (text.startsWith("{\"t\":\"FULL_SYNC_CHUNK\"")) {
                    java.util.regex.Matcher n = CHUNK.matcher(text);
                    if (n.find()) socket.writeTextMessage("{\"t\":\"FULL_SYNC_ACK\",\"n\":" + n.group(1) + "}");
                } else if (text.startsWith("{\"t\":\"LOGIN_FAIL\"")) {
                    loggedIn.tryFail(text);
                }
            });
            return loggedIn.future();
        }

        @Override
        public boolean tells(WebSocketFrame frame) {
            return frame.isText() && frame.textData().startsWith("{\"t\":\"PUSH_DATA\"");
        }

        @Override
        public void write(int port) throws Exception {
            ObjectstoreBenchmark.Client writer = ObjectstoreBenchmark.Client.connect(
                    URI.create("ws://" + HOST + ":" + port + "/objectstore/"), "MANUAL", "null");
            CompletableFuture<Void> acknowledged = new CompletableFuture<>();
            writer.onMessage = m -> {
                if (m.startsWith("{\"t\":\"ACK_TX\"")) acknowledged.complete(null);
            };
            writer.loggedIn.get(60, TimeUnit.SECONDS);
            writer.send(ObjectstoreBenchmark.tx(writer, 1, 1, 1));
            acknowledged.get(60, TimeUnit.SECONDS);
            writer.close();
        }
    }
}
