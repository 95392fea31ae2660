package io.quintet.linkora;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Packaged services started as real processes for the integration tests ({@code *IT}, run by
 * failsafe after {@code package}): linkora-service replicas from {@code target/quarkus-app} and the
 * gateway from {@code ../gateway/target/quarkus-app}. Output goes to a log file beside their data.
 */
final class ServiceProcesses implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

    private final List<Process> started = new ArrayList<>();

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Path jar(String property, String fallback) {
        Path jar =
                Path.of(System.getProperty(property, fallback)).toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar
                    + " does not exist: build it first (./mvnw package; the gateway module is built before this one)");
        }
        return jar;
    }

    /** Starts {@code java -jar <jar>} with extra environment variables; output in {@code log}. */
    Process start(Path jar, Map<String, String> environment, Path log) throws IOException {
        return start(jar, List.of("-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"), environment, log);
    }

    /** Starts {@code java <jvmOptions> -jar <jar>} with extra environment variables; output in {@code log}. */
    Process start(Path jar, List<String> jvmOptions, Map<String, String> environment, Path log) throws IOException {
        Files.createDirectories(log.getParent());
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar.toString());
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        // every process its own management interface (health, metrics), never the shared default 9000
        builder.environment().putIfAbsent("QUARKUS_MANAGEMENT_PORT", Integer.toString(freePort()));
        builder.environment().putIfAbsent("QUARKUS_MANAGEMENT_HOST", "127.0.0.1");
        Process process = builder.start();
        started.add(process);
        return process;
    }

    /** Waits until {@code url} answers 200 (with the bearer token) or the process dies. */
    static void awaitReady(Process process, String url, String token, Path log) throws InterruptedException {
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("process exited with " + process.exitValue() + "; see " + log);
            }
            try {
                HttpResponse<Void> response = client.send(
                        HttpRequest.newBuilder(URI.create(url))
                                .timeout(Duration.ofSeconds(5))
                                .header("Authorization", "Bearer " + token)
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(300);
        }
        throw new IllegalStateException(url + " not ready within " + READY_TIMEOUT + "; see " + log);
    }

    @Override
    public void close() {
        for (Process process : started) {
            process.destroy();
        }
        for (Process process : started) {
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        started.clear();
    }
}
