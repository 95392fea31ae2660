package io.quintet.synkronus;

import io.restassured.RestAssured;
import java.io.File;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** Processes the integration tests start (packaged services, an S3 server) and stop again. */
final class ServiceProcesses implements AutoCloseable {

    /**
     * The launcher's JVM settings for synkronus (deploy's LauncherSettings: the defaults, then
     * synkronus' own), so exports and uploads are proven within the heap the service really gets.
     */
    static final String LAUNCHER_JAVA_OPTIONS =
            "-Xms16m -Xmx96m -XX:+UseSerialGC -XX:MaxMetaspaceSize=128m -XX:ReservedCodeCacheSize=48m -Xss512k"
                    + " -XX:CICompilerCount=2 -Xms8m -Xmx128m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=15"
                    + " -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -XX:ReservedCodeCacheSize=16m -Xss256k"
                    + " -XX:MaxDirectMemorySize=64m -XX:TrimNativeHeapInterval=5000";

    private final List<Process> processes = new ArrayList<>();

    /** A packaged Quarkus application ({@code quarkus-run.jar}) with the launcher's JVM settings. */
    void startJar(Path jar, Map<String, String> env, Path log) throws Exception {
        List<String> command = new ArrayList<>(List.of(java()));
        command.addAll(List.of(LAUNCHER_JAVA_OPTIONS.split(" ")));
        command.addAll(List.of("-jar", jar.toString()));
        start(command, env, log);
    }

    /** A main class from this test run's own class path, less the entries {@code drop} matches. */
    void startMain(String mainClass, Predicate<String> drop, List<String> args, Path log) throws Exception {
        String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(drop.negate())
                .collect(Collectors.joining(File.pathSeparator));
        List<String> command = new ArrayList<>(List.of(java(), "-Xmx256m", "-cp", classPath, mainClass));
        command.addAll(args);
        start(command, Map.of(), log);
    }

    private void start(List<String> command, Map<String, String> env, Path log) throws Exception {
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        // each process its own management interface (health, metrics), never the shared default 9000
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            builder.environment().putIfAbsent("QUARKUS_MANAGEMENT_PORT", Integer.toString(free.getLocalPort()));
        }
        processes.add(builder.start());
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static void awaitReady(String url) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(4));
        while (Instant.now().isBefore(deadline)) {
            try {
                if (RestAssured.given().relaxedHTTPSValidation().get(url).statusCode() == 200) {
                    return;
                }
            } catch (Exception e) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException(url + " never became ready");
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        for (Process p : processes) {
            p.destroy();
        }
        for (Process p : processes) {
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }
}
