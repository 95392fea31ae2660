package io.quintet.bench;

import io.quintet.deploy.ChildProcess;
import io.quintet.deploy.LauncherSettings;
import io.quintet.deploy.ServiceCatalog;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Idle WebSockets through the gateway (issue 17): N sockets opened through it to one service, each
 * proven with one echo, then left idle; the gateway's RSS before, after opening and after the idle
 * time, per 1 000 sockets, and how many still echo at the end. The upstream runs as its own process,
 * so the gateway (which holds two descriptors per socket) is the only process near the descriptor limit:
 * {@code ulimit -n} must exceed 2 × N + 200 for the gateway.
 *
 * <p>{@code java -jar bench/target/quintet-bench.jar gateway idle [--connections 5000] [--idle-seconds 10]
 * [--gateway-java-opts "..."]}
 */
final class GatewayIdleBenchmark {

    private static final String HOST = BenchUpstream.HOST;

    private GatewayIdleBenchmark() {}

    static void main(String[] args) throws Exception {
        int connections = GatewayBenchmark.intArg(args, "--connections", 5000);
        int idleSeconds = GatewayBenchmark.intArg(args, "--idle-seconds", 10);
        String javaOptions =
                GatewayBenchmark.stringArg(args, "--gateway-java-opts", LauncherSettings.DEFAULT_JAVA_OPTIONS);
        Path root = Path.of(GatewayBenchmark.stringArg(args, "--root", "."))
                .toAbsolutePath()
                .normalize();
        Path jar = Path.of(GatewayBenchmark.stringArg(
                args, "--gateway-jar", ServiceCatalog.GATEWAY.runner(root).toString()));
        int upstreamPort = GatewayBenchmark.freePort();
        Process upstream = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx256m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        BenchUpstream.class.getName(),
                        Integer.toString(upstreamPort))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        Runtime.getRuntime().addShutdownHook(new Thread(upstream::destroy));
        Path work = Files.createTempDirectory("quintet-gateway-idle");
        ChildProcess gateway = null;
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
        try {
            awaitPort(upstreamPort);
            // memory is measured here, not latency: on a loaded machine a second is too short to open a connection
            gateway = GatewayBenchmark.startGateway(
                    jar, javaOptions, upstreamPort, work, java.util.Map.of("QUINTET_GATEWAY_CONNECT_TIMEOUT", "30s"));
            WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions()
                    .setMaxConnections(connections + 100)
                    .setConnectTimeout(60_000));
            // a few first, so the code paths of a tunnel are loaded before the baseline
            List<WebSocket> warm = open(client, gateway.port, 50);
            for (WebSocket ws : warm)
                ws.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            Thread.sleep(2000);
            long before = gateway.residentKb().orElse(-1L);
            System.out.printf(
                    "gateway idle WebSockets: %d through the gateway (%s), RSS before %d MB, load average %s%n",
                    connections, javaOptions, before / 1024, GatewayBenchmark.loadAverage());
            long started = System.nanoTime();
            List<WebSocket> sockets = open(client, gateway.port, connections);
            long opened = gateway.residentKb().orElse(-1L);
            System.out.printf(
                    "  %d opened and echoed in %.1f s, RSS %d MB (+%.1f MB per 1 000)%n",
                    sockets.size(),
                    (System.nanoTime() - started) / 1e9,
                    opened / 1024,
                    (opened - before) / 1024.0 / (sockets.size() / 1000.0));
            Thread.sleep(idleSeconds * 1000L);
            long after = gateway.residentKb().orElse(-1L);
            int alive = echoAll(sockets);
            System.out.printf(
                    "  after %d s idle: RSS %d MB, +%d MB for %d sockets = %.1f MB per 1 000; %d of %d still echo; load average %s%n",
                    idleSeconds,
                    after / 1024,
                    (after - before) / 1024,
                    sockets.size(),
                    (after - before) / 1024.0 / (sockets.size() / 1000.0),
                    alive,
                    sockets.size(),
                    GatewayBenchmark.loadAverage());
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
            if (gateway != null) gateway.stop(Duration.ofSeconds(20));
            upstream.destroy();
            upstream.waitFor(10, TimeUnit.SECONDS);
            GatewayBenchmark.deleteTree(work);
        }
    }

    /** Opens {@code n} sockets, at most 50 handshakes at a time, each proven with one echo. */
    private static List<WebSocket> open(WebSocketClient client, int port, int n) throws Exception {
        List<WebSocket> sockets = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicInteger next = new AtomicInteger();
        List<CompletableFuture<Void>> lanes = new ArrayList<>();
        for (int lane = 0; lane < Math.min(50, n); lane++) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            lanes.add(done);
            openNext(client, port, n, next, sockets, done);
        }
        CompletableFuture.allOf(lanes.toArray(CompletableFuture[]::new)).get(10, TimeUnit.MINUTES);
        return sockets;
    }

    private static void openNext(
            WebSocketClient client,
            int port,
            int n,
            AtomicInteger next,
            List<WebSocket> sockets,
            CompletableFuture<Void> done) {
        if (next.getAndIncrement() >= n) {
            done.complete(null);
            return;
        }
        client.connect(new WebSocketConnectOptions().setHost(HOST).setPort(port).setURI("/kosync/ws"))
                .compose(ws -> echo(ws).map(ws))
                .onComplete(ar -> {
                    if (ar.succeeded()) {
                        sockets.add(ar.result());
                        openNext(client, port, n, next, sockets, done);
                    } else {
                        done.completeExceptionally(ar.cause());
                    }
                });
    }

    private static Future<Void> echo(WebSocket ws) {
        io.vertx.core.Promise<Void> echoed = io.vertx.core.Promise.promise();
        ws.textMessageHandler(text -> echoed.tryComplete());
        ws.writeTextMessage("ping");
        return echoed.future();
    }

    private static int echoAll(List<WebSocket> sockets) throws Exception {
        List<CompletableFuture<Void>> echoes = new ArrayList<>();
        for (WebSocket ws : sockets) {
            echoes.add(echo(ws).toCompletionStage().toCompletableFuture());
        }
        int ok = 0;
        for (CompletableFuture<Void> e : echoes) {
            try {
                e.get(60, TimeUnit.SECONDS);
                ok++;
            } catch (Exception failed) {
                // counted as not alive
            }
        }
        return ok;
    }

    private static void awaitPort(int port) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            try (java.net.Socket s = new java.net.Socket(HOST, port)) {
                return;
            } catch (java.io.IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("the upstream did not start");
    }
}
