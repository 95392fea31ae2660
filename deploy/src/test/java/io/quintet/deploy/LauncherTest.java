package io.quintet.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher as an operator runs it: a separate process, stopped with SIGTERM, started again on
 * the same data directory.
 */
class LauncherTest {

    @TempDir
    Path root;

    @Test
    void startsDatabaseAndServicesStopsThemOnSigtermAndKeepsData() throws Exception {
        int servicePort = freePort();
        installFakeService(root, "kosync-service");

        Run first = launch(servicePort);
        String dbUrl = first.awaitLine(Pattern.compile("postgresql\\s+(postgresql://\\S+)"));
        first.awaitLine(Pattern.compile("Quintet is running"));
        String kosyncUrl = first.awaitLine(Pattern.compile("kosync\\s+(http://\\S+)"));
        assertEquals("http://127.0.0.1:" + servicePort + "/kosync/", kosyncUrl);
        int pgPort = Integer.parseInt(dbUrl.replaceAll(".*:(\\d+)/.*", "$1"));
        try (Connection c = DriverManager.getConnection("jdbc:" + dbUrl, "postgres", "")) {
            c.createStatement().execute("CREATE TABLE kept (v text)");
            c.createStatement().execute("INSERT INTO kept VALUES ('still here')");
        }

        // SIGTERM, as systemd would (Process.destroy() would also close our end of its output)
        first.process.toHandle().destroy();
        assertTrue(first.process.waitFor(60, TimeUnit.SECONDS), "launcher exits after SIGTERM");
        first.awaitLine(Pattern.compile("stopping PostgreSQL"));
        assertFalse(isListening(servicePort), "service stopped");
        assertFalse(isListening(pgPort), "PostgreSQL stopped");

        Run second = launch(servicePort);
        String dbUrl2 = second.awaitLine(Pattern.compile("postgresql\\s+(postgresql://\\S+)"));
        second.awaitLine(Pattern.compile("Quintet is running"));
        try (Connection c = DriverManager.getConnection("jdbc:" + dbUrl2, "postgres", "");
                ResultSet rs = c.createStatement()
                        .executeQuery("SELECT v, (SELECT count(*) FROM fake_service_started) FROM kept")) {
            assertTrue(rs.next());
            assertEquals("still here", rs.getString(1));
            assertEquals(2, rs.getInt(2), "the service connected on both starts");
        }
        second.process.toHandle().destroy();
        assertTrue(second.process.waitFor(60, TimeUnit.SECONDS));
    }

    @Test
    void theGatewayIsReadyOnItsManagementPortOnLoopbackAFreeOneUnlessTheOperatorChoseOne() throws Exception {
        installFakeService(root, "kosync-service");
        installFakeService(root, "gateway");
        for (Integer chosen : new Integer[] {null, freePort()}) {
            Map<String, String> env = new java.util.HashMap<>(Map.of(
                    "QUINTET_KOSYNC_PORT",
                    Integer.toString(freePort()),
                    "QUINTET_GATEWAY_PORT",
                    Integer.toString(freePort()),
                    "QUINTET_JAVA_OPTS",
                    "-Xmx32m -XX:+UseSerialGC",
                    "QUINTET_READY_TIMEOUT_SECONDS",
                    "30"));
            if (chosen != null) env.put("QUINTET_GATEWAY_MANAGEMENT_PORT", chosen.toString());
            Run run = launch(root, env, false, "run");
            int management = Integer.parseInt(run.awaitLine(Pattern.compile(
                    "starting gateway on port \\d+ \\(health and metrics on 127\\.0\\.0\\.1:(\\d+)\\)")));
            if (chosen != null) assertEquals(chosen, management);
            run.awaitLine(Pattern.compile("Quintet is running"));
            run.awaitLine(Pattern.compile("(http://127\\.0\\.0\\.1:" + management + "/q/health)"));
            assertTrue(isListening(management), "the gateway's management interface (the fake's, bound as told)");
            run.process.toHandle().destroy();
            assertTrue(run.process.waitFor(60, TimeUnit.SECONDS));
            assertFalse(isListening(management), "gateway stopped");
        }
    }

    @Test
    void aServiceThatNeverBecomesReadyStopsTheSuite() throws Exception {
        Path jar = root.resolve("kosync-service/target/quarkus-app/quarkus-run.jar");
        Files.createDirectories(jar.getParent());
        writeJar(jar, "java.lang.Object"); // has no main method: exits at once
        Run run = launch(freePort());
        run.awaitLine(Pattern.compile("(kosync did not become ready)"));
        assertTrue(run.process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(1, run.process.exitValue());
        run.awaitLine(Pattern.compile("(stopping PostgreSQL)"));
    }

    @Test
    void ctrlCInTheTerminalReachesOnlyTheLauncherWhichStopsPostgresLast() throws Exception {
        // a build started in the background of a non-interactive shell (`mvn verify &`) inherits SIGINT
        // ignored, and so does every JVM it starts, which then never sees a Ctrl-C: no terminal to test
        Assumptions.assumeFalse(sigintIgnored(), "SIGINT is ignored in this process tree (started with &)");
        int servicePort = freePort();
        installFakeService(root, "kosync-service");
        // a terminal's foreground job: its own process group, which Ctrl-C signals as a whole
        Run run = launch(servicePort, true);
        run.awaitLine(Pattern.compile("Quintet is running"));
        long launcher = run.process.pid();
        long postgres = Long.parseLong(Files.readAllLines(root.resolve("data/postgres/postmaster.pid"))
                .get(0)
                .trim());
        long service = ProcessHandle.of(launcher)
                .orElseThrow()
                .children()
                .filter(p -> p.info().commandLine().orElse("").contains("quarkus-run.jar"))
                .findFirst()
                .orElseThrow()
                .pid();
        assertEquals(launcher, processGroup(launcher), "the launcher leads its group");
        assertFalse(processGroup(postgres) == launcher, "PostgreSQL is outside the terminal's process group");
        assertFalse(processGroup(service) == launcher, "services are outside the terminal's process group");

        // the terminal signals the launcher's group, which now holds the launcher alone
        try (var members = ProcessHandle.allProcesses()) {
            assertEquals(
                    List.of(launcher),
                    members.map(ProcessHandle::pid)
                            .filter(pid -> {
                                try {
                                    return processGroup(pid) == launcher;
                                } catch (IOException | RuntimeException gone) {
                                    return false;
                                }
                            })
                            .toList());
        }
        new ProcessBuilder("kill", "-INT", Long.toString(launcher)).start().waitFor();
        assertTrue(run.process.waitFor(60, TimeUnit.SECONDS), "launcher exits after Ctrl-C");
        String order = String.join("\n", run.lines);
        int serviceStop = order.indexOf("stopping kosync");
        int postgresStop = order.indexOf("stopping PostgreSQL");
        assertTrue(serviceStop >= 0 && postgresStop > serviceStop, order);
        assertFalse(order.contains("PostgreSQL did not stop cleanly"), order);
        // a clean shutdown removes the pid file (the process itself may linger as a zombie where nothing reaps it)
        assertFalse(Files.exists(root.resolve("data/postgres/postmaster.pid")), "PostgreSQL stopped cleanly");
        assertFalse(isListening(servicePort), "service stopped");
    }

    /** Field 5 of /proc/PID/stat (after the parenthesised command name). */
    static long processGroup(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[2]);
    }

    private Run launch(int servicePort) throws IOException {
        return launch(servicePort, false);
    }

    private Run launch(int servicePort, boolean ownProcessGroup) throws IOException {
        return launch(
                root,
                Map.of(
                        "QUINTET_KOSYNC_PORT",
                        Integer.toString(servicePort),
                        "QUINTET_JAVA_OPTS",
                        "-Xmx32m -XX:+UseSerialGC",
                        "QUINTET_READY_TIMEOUT_SECONDS",
                        "30"),
                ownProcessGroup,
                "run");
    }

    /** The launcher (or one of its commands) as a separate process on {@code root}/data. */
    static Run launch(Path root, Map<String, String> env, boolean ownProcessGroup, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        if (ownProcessGroup) command.add("setsid");
        command.addAll(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Launcher.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("QUINTET_DB_URL");
        builder.environment().put("QUINTET_HOME", root.toString());
        builder.environment().put("QUINTET_DATA_DIR", root.resolve("data").toString());
        builder.environment().putAll(env);
        return new Run(builder.start());
    }

    /** A jar whose manifest runs FakeService from this module's test classpath. */
    static void installFakeService(Path root, String module) throws IOException {
        Path jar = root.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        Files.createDirectories(jar.getParent());
        writeJar(jar, FakeService.class.getName());
    }

    static void writeJar(Path jar, String mainClass) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, mainClass);
        List<String> urls = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path p = Path.of(entry).toAbsolutePath();
            urls.add(p.toUri().toString());
        }
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, String.join(" ", urls));
        try (OutputStream out = Files.newOutputStream(jar);
                JarOutputStream ignored = new JarOutputStream(out, manifest)) {
            // manifest only
        }
    }

    /** Whether this process ignores SIGINT (bit 2 of the SigIgn mask in /proc/self/status), as its children will. */
    static boolean sigintIgnored() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("SigIgn:")) {
                return (Long.parseUnsignedLong(
                                        line.substring("SigIgn:".length()).trim(), 16)
                                & 0b10)
                        != 0;
            }
        }
        return false;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static boolean isListening(int port) {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The launcher's output, read as it comes, searchable by pattern. */
    static final class Run {
        final Process process;
        final List<String> lines = new ArrayList<>();

        Run(Process process) {
            this.process = process;
            CompletableFuture.runAsync(() -> {
                try (BufferedReader r =
                        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        synchronized (lines) {
                            lines.add(line);
                            lines.notifyAll();
                        }
                    }
                } catch (IOException ignored) {
                    // process ended
                }
            });
        }

        /** Waits for a line matching; returns group 1 if the pattern has one. */
        String awaitLine(Pattern pattern) throws InterruptedException {
            long deadline = System.currentTimeMillis() + 90_000;
            int index = 0;
            synchronized (lines) {
                while (true) {
                    for (; index < lines.size(); index++) {
                        Matcher m = pattern.matcher(lines.get(index));
                        if (m.find()) return m.groupCount() > 0 ? m.group(1) : m.group();
                    }
                    long left = deadline - System.currentTimeMillis();
                    if (left <= 0)
                        throw new AssertionError("no line matching " + pattern + " in:\n" + String.join("\n", lines));
                    lines.wait(left);
                }
            }
        }
    }
}
