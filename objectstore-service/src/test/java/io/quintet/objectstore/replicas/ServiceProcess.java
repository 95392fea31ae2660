package io.quintet.objectstore.replicas;

import io.quintet.protocol.testing.EmbeddedPostgresServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One process of the packaged service on a test database (integration tests). */
final class ServiceProcess implements AutoCloseable {

    final int port;
    final int managementPort;
    private final Process process;

    private ServiceProcess(int port, int managementPort, Process process) {
        this.port = port;
        this.managementPort = managementPort;
        this.process = process;
    }

    static ServiceProcess start(String database, String logName, Map<String, String> extraEnv) throws Exception {
        ServiceProcess s = launch(database, logName, extraEnv);
        s.awaitReady();
        return s;
    }

    /** Starts a process that must refuse to start; answers its output once it has exited. */
    static String startRefused(String database, String logName, Map<String, String> extraEnv) throws Exception {
        java.nio.file.Files.deleteIfExists(Path.of("target", logName + ".log"));
        ServiceProcess s = launch(database, logName, extraEnv);
        if (!s.process.waitFor(180, TimeUnit.SECONDS)) {
            s.kill();
            throw new AssertionError("service " + logName + " started although it should have refused");
        }
        if (s.process.exitValue() == 0) throw new AssertionError("service " + logName + " exited with 0");
        return java.nio.file.Files.readString(Path.of("target", logName + ".log"));
    }

    private static ServiceProcess launch(String database, String logName, Map<String, String> extraEnv)
            throws Exception {
        int port = freePort();
        int managementPort = freePort();
        Path jar = Path.of(System.getProperty("objectstore.it.service-jar", "target/quarkus-app/quarkus-run.jar"));
        ProcessBuilder pb = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-jar", jar.toString());
        Map<String, String> env = pb.environment();
        env.put("QUINTET_DB_URL", EmbeddedPostgresServer.reactiveUrl(database));
        env.put("QUINTET_DB_USER", EmbeddedPostgresServer.USER);
        env.put("QUINTET_DB_PASSWORD", EmbeddedPostgresServer.PASSWORD);
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("QUARKUS_MANAGEMENT_PORT", Integer.toString(managementPort));
        env.put(
                "OBJECTSTORE_MODEL",
                Path.of("src/test/resources/models/notes.json").toAbsolutePath().toString());
        env.put("OBJECTSTORE_UNSECURED_NO_AUTHENTICATION", "true");
        env.putAll(extraEnv);
        pb.redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        Path.of("target", logName + ".log").toFile()));
        return new ServiceProcess(port, managementPort, pb.start());
    }

    URI base() {
        return URI.create("http://127.0.0.1:" + port + "/objectstore/");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private void awaitReady() throws InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive())
                throw new AssertionError("service on port " + port + " exited with " + process.exitValue());
            try {
                HttpResponse<String> r = http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/q/health/ready"))
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) return;
            } catch (IOException e) {
                // not up yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError("service on port " + port + " not ready");
    }

    /** SIGKILL: no shutdown hooks, the database sees the connections drop. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(20, TimeUnit.SECONDS);
    }

    boolean alive() {
        return process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) process.destroyForcibly();
    }
}
