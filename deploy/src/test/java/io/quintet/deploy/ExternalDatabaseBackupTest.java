package io.quintet.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code quintet backup}/{@code restore} with a PostgreSQL of the operator's ({@code QUINTET_DB_URL}):
 * pg_dump of every schema plus the data directory, pg_restore into a new database. Uses the
 * machine's PostgreSQL server and client of one major version (Debian's, run as user postgres);
 * skipped where they are not installed.
 */
class ExternalDatabaseBackupTest {

    @TempDir
    Path root;

    private Path bin;
    private Path cluster;

    @Test
    void dumpsEverySchemaAndRestoresIntoANewDatabase() throws Exception {
        bin = debianPostgres();
        assumeTrue(bin != null, "no PostgreSQL server with a matching pg_dump installed");
        int port = LauncherTest.freePort();
        cluster = Files.createTempDirectory("quintet-external-pg");
        asPostgres(List.of("chown", "postgres", cluster.toString()), true);
        asPostgres(
                List.of(
                        bin.resolve("initdb").toString(),
                        "-A",
                        "trust",
                        "-U",
                        "postgres",
                        "-D",
                        cluster.resolve("data").toString()),
                false);
        // -l: the server must not hold our output pipe open
        asPostgres(
                List.of(
                        bin.resolve("pg_ctl").toString(),
                        "-D",
                        cluster.resolve("data").toString(),
                        "-l",
                        cluster.resolve("log").toString(),
                        "-w",
                        "-o",
                        "-p " + port + " -k " + cluster + " -c listen_addresses=127.0.0.1",
                        "start"),
                false);
        String base = "postgresql://127.0.0.1:" + port + "/";
        try (Connection c = DriverManager.getConnection("jdbc:" + base + "postgres", "postgres", "");
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE quintet");
            s.execute("CREATE DATABASE restored");
        }
        try (Connection c = DriverManager.getConnection("jdbc:" + base + "quintet", "postgres", "");
                Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA kosync; CREATE TABLE kosync.progress (document text PRIMARY KEY, progress text)");
            s.execute("INSERT INTO kosync.progress VALUES ('doc', '/body/p[3]')");
            s.execute("CREATE SCHEMA kora; CREATE TABLE kora.operations (seq bigserial PRIMARY KEY, op jsonb)");
            s.execute(
                    "INSERT INTO kora.operations (op) SELECT jsonb_build_object('n', g) FROM generate_series(1, 500) g");
        }
        Files.createDirectories(root.resolve("data/gateway"));
        Files.writeString(root.resolve("data/gateway/certificate.pem"), "kept");

        Path archive = root.resolve("external.zip");
        Map<String, String> env = Map.of(
                "QUINTET_DB_URL", base + "quintet", "QUINTET_DB_USER", "postgres", "QUINTET_PG_BIN", bin.toString());
        LauncherTest.Run backup = LauncherTest.launch(root, env, false, "backup", archive.toString());
        assertTrue(backup.process.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, backup.process.exitValue(), String.join("\n", backup.lines));

        // into the database that still has the schemas: refused
        deleteTree(root.resolve("data"));
        LauncherTest.Run refused = LauncherTest.launch(root, env, false, "restore", archive.toString());
        assertTrue(refused.process.waitFor(120, TimeUnit.SECONDS));
        assertEquals(1, refused.process.exitValue());
        refused.awaitLine(Pattern.compile("without Quintet's schemas"));

        Map<String, String> fresh = Map.of(
                "QUINTET_DB_URL", base + "restored", "QUINTET_DB_USER", "postgres", "QUINTET_PG_BIN", bin.toString());
        LauncherTest.Run restore = LauncherTest.launch(root, fresh, false, "restore", archive.toString());
        assertTrue(restore.process.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, restore.process.exitValue(), String.join("\n", restore.lines));
        assertEquals("kept", Files.readString(root.resolve("data/gateway/certificate.pem")));
        try (Connection c = DriverManager.getConnection("jdbc:" + base + "restored", "postgres", "");
                Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT progress FROM kosync.progress WHERE document = 'doc'")) {
                assertTrue(rs.next());
                assertEquals("/body/p[3]", rs.getString(1));
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*), max(seq) FROM kora.operations")) {
                rs.next();
                assertEquals(500, rs.getLong(1));
            }
            s.execute("INSERT INTO kora.operations (op) VALUES ('{}')"); // its sequence came back too
        }
    }

    @AfterEach
    void stopCluster() throws Exception {
        if (cluster == null) return;
        asPostgres(
                List.of(
                        bin.resolve("pg_ctl").toString(),
                        "-D",
                        cluster.resolve("data").toString(),
                        "-m",
                        "fast",
                        "-w",
                        "stop"),
                false);
        asPostgres(List.of("rm", "-rf", cluster.toString()), true);
    }

    /** A Debian PostgreSQL whose server and pg_dump share a major version, if installed. */
    private static Path debianPostgres() throws IOException {
        Path lib = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(lib) || !Files.exists(Path.of("/usr/sbin/runuser"))) return null;
        try (Stream<Path> versions = Files.list(lib)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("initdb"))
                            && Files.isExecutable(b.resolve("pg_dump"))
                            && Files.isExecutable(b.resolve("pg_restore")))
                    .findFirst()
                    .orElse(null);
        }
    }

    /** initdb refuses to run as root: the server runs as postgres. */
    private static void asPostgres(List<String> command, boolean asRoot) throws Exception {
        List<String> full = new java.util.ArrayList<>();
        boolean root = "root".equals(System.getProperty("user.name"));
        if (root && !asRoot) full.addAll(List.of("/usr/sbin/runuser", "-u", "postgres", "--"));
        if (!root && asRoot) return; // not root: nothing to hand over
        full.addAll(command);
        Path log = Files.createTempFile("quintet-pg", ".log");
        Process p = new ProcessBuilder(full)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), String.join(" ", full) + "\n" + Files.readString(log));
        Files.delete(log);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
