package io.quintet.deploy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A service JVM started by the launcher (or a benchmark), its output prefixed with the service name.
 */
public final class ChildProcess {

    private static final Path SETSID = Path.of("/usr/bin/setsid");
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    public final ServiceSpec spec;
    public final int port;
    /** Port of the Quarkus management interface (health, metrics), or 0 where they share {@link #port}. */
    public final int managementPort;

    /** Children still running, for {@link #stopAllAtExit()}. */
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    private static volatile boolean stopAllAtExit;

    private final Process process;

    private ChildProcess(ServiceSpec spec, int port, int managementPort, Process process) {
        this.spec = spec;
        this.port = port;
        this.managementPort = managementPort;
        this.process = process;
    }

    /** Starts a service with its management interface (health, metrics) on a free loopback port. */
    public static ChildProcess start(
            ServiceSpec spec, int port, Path jar, String javaOptions, Map<String, String> extraEnv, PrintStream out)
            throws IOException {
        return start(spec, port, freeLoopbackPort(), jar, javaOptions, extraEnv, out);
    }

    /**
     * Makes every child started from now on stop when this JVM exits, however it ends (a benchmark
     * killed part-way must not leave services running). Not for the launcher, which stops its
     * children itself in order: gateway, services, then PostgreSQL.
     */
    public static synchronized void stopAllAtExit() {
        if (stopAllAtExit) return;
        stopAllAtExit = true;
        Runtime.getRuntime().addShutdownHook(new Thread(ChildProcess::stopRunning, "stop-children"));
    }

    private static void stopRunning() {
        for (Process child : List.copyOf(RUNNING)) child.destroy();
        for (Process child : List.copyOf(RUNNING)) {
            try {
                if (!child.waitFor(10, TimeUnit.SECONDS)) child.destroyForcibly();
            } catch (InterruptedException e) {
                child.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A port nothing listens on at the moment, on 127.0.0.1 (for a management interface). */
    static int freeLoopbackPort() throws IOException {
        try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return free.getLocalPort();
        }
    }

    /**
     * Starts a service whose health and metrics live on the management interface, bound to loopback on
     * {@code managementPort}; readiness is then polled there. 0 means no management interface (health under
     * the prefix on the service's own port).
     */
    public static ChildProcess start(
            ServiceSpec spec,
            int port,
            int managementPort,
            Path jar,
            String javaOptions,
            Map<String, String> extraEnv,
            PrintStream out)
            throws IOException {
        List<String> command = new ArrayList<>();
        // Its own session: Ctrl-C in the terminal reaches only the launcher, which then stops the
        // gateway, the services and PostgreSQL in that order (pg_ctl already detaches PostgreSQL).
        // setsid execs in place (a child is never a group leader), so the pid stays the JVM's.
        if (Files.isExecutable(SETSID)) command.add(SETSID.toString());
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String option : javaOptions.trim().split("\\s+")) {
            if (!option.isEmpty()) command.add(option);
        }
        command.add("-jar");
        command.add(jar.toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(extraEnv);
        builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
        if (managementPort > 0) {
            builder.environment().put("QUARKUS_MANAGEMENT_PORT", Integer.toString(managementPort));
            builder.environment().put("QUARKUS_MANAGEMENT_HOST", "127.0.0.1");
        }
        Process process = builder.start();
        if (stopAllAtExit) {
            RUNNING.add(process);
            process.onExit().thenRun(() -> RUNNING.remove(process));
        }
        ChildProcess child = new ChildProcess(spec, port, managementPort, process);
        Thread pump = new Thread(() -> child.pump(out), spec.name() + "-output");
        pump.setDaemon(true);
        pump.start();
        return child;
    }

    private void pump(PrintStream out) {
        String prefix = String.format("%-12s| ", spec.name());
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                out.println(prefix + line);
            }
        } catch (IOException ignored) {
            // the process ended
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port + spec.prefix();
    }

    /** Where readiness answers: the management interface where there is one, else the service's own port. */
    public String readinessUrl() {
        return managementPort > 0
                ? "http://127.0.0.1:" + managementPort + "/q/health/ready"
                : "http://127.0.0.1:" + port + spec.readinessPath();
    }

    /** Polls the readiness endpoint until it answers 200, the process dies, or time runs out. */
    public boolean awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpRequest request = HttpRequest.newBuilder(URI.create(readinessUrl()))
                .timeout(Duration.ofSeconds(2))
                .GET()
                .build();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                return false;
            }
            try {
                if (HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return true;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        return false;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Resident memory in kB, from /proc (Linux). */
    public long pid() {
        return process.pid();
    }

    public Optional<Long> residentKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Optional.of(Long.parseLong(line.replaceAll("[^0-9]", "")));
                }
            }
        } catch (IOException | RuntimeException e) {
            // not on Linux, or already gone
        }
        return Optional.empty();
    }

    /** SIGTERM (Quarkus shuts down gracefully), then a hard kill if it takes too long. */
    public void stop(Duration grace) {
        if (!process.isAlive()) return;
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
