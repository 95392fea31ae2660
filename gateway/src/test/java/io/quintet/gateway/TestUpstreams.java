package io.quintet.gateway;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Starts the test upstreams before Quarkus boots and points the gateway's routes at them; every test
 * class shares this one configuration, so Quarkus boots once for the module:
 * <ul>
 *   <li>kosync, linkora: one upstream ({@code primary}); linkora with a 1 MB body limit, kosync with a 1.5 s response timeout
 *       and its health on a management port ({@code kosyncManagement})</li>
 *   <li>synkronus: replicas {@code b} and {@code c} plus a port nobody listens on</li>
 *   <li>objectstore: only a dead port ({@link #reviveObjectStore()} starts a service there)</li>
 *   <li>kora: not configured</li>
 * </ul>
 * The request pool is small (8 connections per upstream and event loop), health and metrics are on the
 * management port {@link #managementPort}. The data directory starts empty, so the certificate is generated on this first start. Linkora's own
 * listener pair gets free ports but stays disabled ({@link LinkoraListenersTest.Enabled} turns it on).
 */
public class TestUpstreams implements QuarkusTestResourceLifecycleManager {

    public static final String TOKEN = "s3cret#!$%^&*";
    public static final String EXTRA_HOST = "gateway.test";
    public static final String EXTRA_IP = "10.9.8.7";

    public static TestUpstream primary;
    public static TestUpstream replicaB;
    public static TestUpstream replicaC;
    public static TestUpstream objectStore;
    /** Where the kosync route's readiness is asked: the route's management port. */
    public static TestUpstream kosyncManagement;

    public static Path dataDir;
    /** The gateway's management port (health, metrics), fixed before Quarkus boots. */
    public static int managementPort;

    private static int objectStorePort;
    private static Vertx vertx;

    @Override
    public Map<String, String> start() {
        try {
            vertx = Vertx.vertx();
            primary = TestUpstream.start(vertx, "primary", 0);
            replicaB = TestUpstream.start(vertx, "b", 0);
            replicaC = TestUpstream.start(vertx, "c", 0);
            kosyncManagement = TestUpstream.start(vertx, "kosync-management", 0);
            int deadReplica = freePort();
            objectStorePort = freePort();
            dataDir = Files.createTempDirectory("gateway-test-data");
            managementPort = freePort();
            String primaryUrl = "http://127.0.0.1:" + primary.port();
            return Map.ofEntries(
                    Map.entry("quintet.gateway.data-dir", dataDir.toString()),
                    Map.entry("quintet.gateway.routes.kosync.upstreams", primaryUrl),
                    Map.entry("quintet.gateway.routes.kosync.response-timeout", "1500ms"),
                    Map.entry(
                            "quintet.gateway.routes.kosync.management-port", Integer.toString(kosyncManagement.port())),
                    Map.entry("quintet.gateway.routes.linkora.upstreams", primaryUrl),
                    Map.entry("quintet.gateway.routes.linkora.max-body-size", "1M"),
                    Map.entry(
                            "quintet.gateway.routes.synkronus.upstreams",
                            "http://127.0.0.1:" + replicaB.port() + ",http://127.0.0.1:" + deadReplica
                                    + ",http://127.0.0.1:" + replicaC.port()),
                    Map.entry("quintet.gateway.routes.objectstore.upstreams", "http://127.0.0.1:" + objectStorePort),
                    Map.entry("quintet.gateway.routes.kora.upstreams", ""),
                    Map.entry("quintet.gateway.linkora.server-auth-token", TOKEN),
                    Map.entry(
                            "quintet.gateway.linkora.config-file",
                            dataDir.resolve("no-linkora-config.json").toString()),
                    Map.entry("quintet.gateway.tls.host-names", EXTRA_HOST + "," + EXTRA_IP),
                    Map.entry("quintet.gateway.tls.watch-interval", "300ms"),
                    Map.entry("quarkus.management.test-port", Integer.toString(managementPort)),
                    // a small request pool: WebSockets must not be bounded by it (WebSocketProxyTest opens more)
                    Map.entry("quintet.gateway.max-connections-per-upstream", "8"),
                    // Linkora's own listeners stay off unless a test profile enables them; free ports either way
                    Map.entry("quintet.gateway.linkora.http-port", Integer.toString(freePort())),
                    Map.entry("quintet.gateway.linkora.https-port", Integer.toString(freePort())));
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the test upstreams", e);
        }
    }

    /** Starts a service on the objectstore route's port, which was dead until now. */
    public static synchronized void reviveObjectStore() throws Exception {
        if (objectStore == null) {
            objectStore = TestUpstream.start(vertx, "objectstore", objectStorePort);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void stop() {
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
        if (dataDir != null) {
            try (java.util.stream.Stream<Path> files = Files.walk(dataDir)) {
                files.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // a temporary directory left behind is harmless
            }
        }
    }
}
