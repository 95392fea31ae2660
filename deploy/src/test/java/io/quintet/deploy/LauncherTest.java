package io.quintet.deploy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
             ResultSet rs = c.createStatement().executeQuery("SELECT v, (SELECT count(*) FROM fake_service_started) FROM kept")) {
            assertTrue(rs.next());
            assertEquals("still here", rs.getString(1));
            assertEquals(2, rs.getInt(2), "the service connected on both starts");
        }
        second.process.toHandle().destroy();
        assertTrue(second.process.waitFor(60, TimeUnit.SECONDS));
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

    private Run launch(int servicePort) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Launcher.class.getName(), "run")
                .redirectErrorStream(true);
        builder.environment().remove("QUINTET_DB_URL");
        builder.environment().put("QUINTET_HOME", root.toString());
        builder.environment().put("QUINTET_DATA_DIR", root.resolve("data").toString());
        builder.environment().put("QUINTET_KOSYNC_PORT", Integer.toString(servicePort));
        builder.environment().put("QUINTET_JAVA_OPTS", "-Xmx32m -XX:+UseSerialGC");
        builder.environment().put("QUINTET_READY_TIMEOUT_SECONDS", "30");
        return new Run(builder.start());
    }

    /** A jar whose manifest runs FakeService from this module's test classpath. */
    private static void installFakeService(Path root, String module) throws IOException {
        Path jar = root.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        Files.createDirectories(jar.getParent());
        writeJar(jar, FakeService.class.getName());
    }

    private static void writeJar(Path jar, String mainClass) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, mainClass);
        List<String> urls = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path p = Path.of(entry).toAbsolutePath();
            urls.add(p.toUri().toString());
        }
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, String.join(" ", urls));
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream ignored = new JarOutputStream(out, manifest)) {
            // manifest only
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static boolean isListening(int port) {
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
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
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
                    if (left <= 0) throw new AssertionError("no line matching " + pattern + " in:\n" + String.join("\n", lines));
                    lines.wait(left);
                }
            }
        }
    }
}
