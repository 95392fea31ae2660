package io.quintet.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code quintet backup} while the suite runs and writes, then {@code quintet restore} into a
 * fresh data directory: every schema comes back as of one moment, with the files beside it.
 */
class BackupTest {

    @TempDir
    Path root;

    @Test
    void onlineBackupRestoresEverySchemaConsistentlyWithTheDataFiles() throws Exception {
        LauncherTest.installFakeService(root, "kosync-service");
        Map<String, String> env = Map.of(
                "QUINTET_KOSYNC_PORT",
                Integer.toString(LauncherTest.freePort()),
                "QUINTET_JAVA_OPTS",
                "-Xmx32m -XX:+UseSerialGC",
                "QUINTET_READY_TIMEOUT_SECONDS",
                "60");
        LauncherTest.Run suite = LauncherTest.launch(root, env, false, "run");
        String dbUrl = suite.awaitLine(Pattern.compile("postgresql\\s+(postgresql://\\S+)"));
        suite.awaitLine(Pattern.compile("Quintet is running"));
        Path data = root.resolve("data");
        Files.createDirectories(data.resolve("gateway"));
        Files.writeString(data.resolve("gateway/certificate.pem"), "-----BEGIN CERTIFICATE-----\nkept\n");
        Files.createDirectories(data.resolve("linkora"));
        Files.writeString(data.resolve("linkora/linkoraConfig.json"), "{\"serverAuthToken\":\"kept-token\"}");
        try (Connection c = DriverManager.getConnection("jdbc:" + dbUrl, "postgres", "");
                Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA one; CREATE TABLE one.items (id bigserial PRIMARY KEY, v text)");
            s.execute("CREATE SCHEMA two; CREATE TABLE two.items (id bigserial PRIMARY KEY, v text)");
            s.execute("INSERT INTO two.items (v) SELECT 'row ' || g FROM generate_series(1, 1000) g");
        }

        // one writer commits row after row while the backup runs: the restored rows must be a prefix
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicLong committed = new AtomicLong();
        Thread writer = new Thread(() -> {
            try (Connection c = DriverManager.getConnection("jdbc:" + dbUrl, "postgres", "");
                    Statement s = c.createStatement()) {
                while (writing.get()) {
                    s.execute("INSERT INTO one.items (v) VALUES ('x')");
                    committed.incrementAndGet();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        writer.start();
        while (committed.get() < 50) Thread.sleep(10);
        long beforeBackup = committed.get();
        Path archive = root.resolve("backups/quintet.zip");
        LauncherTest.Run backup = LauncherTest.launch(root, Map.of(), false, "backup", archive.toString());
        assertTrue(backup.process.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, backup.process.exitValue(), String.join("\n", backup.lines));
        backup.awaitLine(Pattern.compile("online copy"));
        writing.set(false);
        writer.join();
        long afterBackup = committed.get();

        suite.process.toHandle().destroy();
        assertTrue(suite.process.waitFor(60, TimeUnit.SECONDS));

        LauncherTest.Run refused = LauncherTest.launch(root, Map.of(), false, "restore", archive.toString());
        assertTrue(refused.process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(1, refused.process.exitValue());
        refused.awaitLine(Pattern.compile("needs a fresh data directory"));

        deleteTree(data);
        LauncherTest.Run restore = LauncherTest.launch(root, Map.of(), false, "restore", archive.toString());
        assertTrue(restore.process.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, restore.process.exitValue(), String.join("\n", restore.lines));

        assertEquals(
                "{\"serverAuthToken\":\"kept-token\"}", Files.readString(data.resolve("linkora/linkoraConfig.json")));
        assertTrue(Files.readString(data.resolve("gateway/certificate.pem")).contains("kept"));
        LauncherTest.Run again = LauncherTest.launch(root, env, false, "run");
        String dbUrl2 = again.awaitLine(Pattern.compile("postgresql\\s+(postgresql://\\S+)"));
        again.awaitLine(Pattern.compile("Quintet is running"));
        try (Connection c = DriverManager.getConnection("jdbc:" + dbUrl2, "postgres", "");
                Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT count(*), min(id), max(id) FROM one.items")) {
                rs.next();
                long rows = rs.getLong(1);
                assertTrue(
                        rows >= beforeBackup && rows <= afterBackup,
                        rows + " rows, " + beforeBackup + "…" + afterBackup);
                assertEquals(1, rs.getLong(2));
                assertEquals(rows, rs.getLong(3), "no gaps: one moment for the whole table");
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM two.items")) {
                rs.next();
                assertEquals(1000, rs.getLong(1));
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM fake_service_started")) {
                rs.next();
                assertEquals(2, rs.getLong(1), "the service's own table, and its start after the restore");
            }
            // the sequences came back too: a new row continues after the restored ones
            s.execute("INSERT INTO one.items (v) VALUES ('after')");
        }
        again.process.toHandle().destroy();
        assertTrue(again.process.waitFor(60, TimeUnit.SECONDS));

        // a stopped suite is backed up as it lies
        Path offline = root.resolve("backups/offline.zip");
        LauncherTest.Run cold = LauncherTest.launch(root, Map.of(), false, "backup", offline.toString());
        assertTrue(cold.process.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, cold.process.exitValue(), String.join("\n", cold.lines));
        cold.awaitLine(Pattern.compile("stopped"));
        Path elsewhere = root.resolve("elsewhere");
        new Backup(elsewhere, System.out).restore(offline);
        assertTrue(Files.exists(elsewhere.resolve("postgres/PG_VERSION")));
    }

    private static void deleteTree(Path dir) throws Exception {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
