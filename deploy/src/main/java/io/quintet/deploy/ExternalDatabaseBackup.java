package io.quintet.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Backup and restore when the suite runs on the operator's PostgreSQL ({@code QUINTET_DB_URL}):
 * {@code pg_dump} of the whole database in its custom format (one snapshot, so every service's
 * schema is consistent with the others) plus the data directory; restore replays it with
 * {@code pg_restore} into a database without any of our schemas. The client binaries come from
 * {@code QUINTET_PG_BIN} or the PATH and must be at least the server's major version.
 */
final class ExternalDatabaseBackup {

    static final String DUMP = "database.pgdump";

    private final LauncherSettings settings;
    private final PrintStream out;

    ExternalDatabaseBackup(LauncherSettings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
    }

    void backup(Path file) throws IOException {
        Path work = Files.createTempDirectory("quintet-backup");
        try {
            Path dump = work.resolve(DUMP);
            run(List.of(
                    tool("pg_dump"),
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    "--file=" + dump,
                    "--dbname=" + settings.externalDbUrl()));
            Path partial = file.resolveSibling(file.getFileName() + ".partial");
            Files.createDirectories(file.getParent());
            try (OutputStream stream = Files.newOutputStream(partial);
                    ZipOutputStream zip = new ZipOutputStream(stream)) {
                Backup.writeEntry(
                        zip,
                        Backup.MARKER,
                        ("Quintet backup\ncreated " + Instant.now() + "\nmode external\n")
                                .getBytes(StandardCharsets.UTF_8));
                zip.putNextEntry(new ZipEntry(DUMP));
                Files.copy(dump, zip);
                zip.closeEntry();
                if (Files.isDirectory(settings.dataDir())) new Backup(settings.dataDir(), out).copyTree(zip, false);
            }
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            out.printf(
                    "quintet: backed up %s (pg_dump) and %s to %s (%d MB)%n",
                    redacted(), settings.dataDir(), file, Files.size(file) >> 20);
        } finally {
            deleteTree(work);
        }
    }

    void restore(Path file) throws IOException, SQLException {
        if (!Files.isRegularFile(file)) throw new IllegalStateException("no such file: " + file);
        List<String> schemas = ourSchemas();
        if (!schemas.isEmpty()) {
            throw new IllegalStateException(
                    "restore needs a database without Quintet's schemas, and " + redacted() + " has " + schemas
                            + ": point QUINTET_DB_URL at a new database (or drop them) and run restore again");
        }
        if (Files.isDirectory(settings.dataDir())) {
            try (Stream<Path> entries = Files.list(settings.dataDir())) {
                if (entries.findAny().isPresent()) {
                    throw new IllegalStateException(
                            "restore needs a fresh data directory, and " + settings.dataDir() + " is not empty");
                }
            }
        }
        Files.createDirectories(settings.dataDir());
        Path work = Files.createTempDirectory("quintet-restore");
        try {
            boolean marked = false;
            Path dump = null;
            try (InputStream stream = Files.newInputStream(file);
                    ZipInputStream zip = new ZipInputStream(stream)) {
                for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                    if (entry.getName().equals(Backup.MARKER)) {
                        marked = true;
                    } else if (entry.getName().equals(DUMP)) {
                        dump = work.resolve(DUMP);
                        Files.copy(zip, dump);
                    } else {
                        Path target =
                                settings.dataDir().resolve(entry.getName()).normalize();
                        if (!target.startsWith(settings.dataDir()))
                            throw new IllegalStateException("entry outside the data directory: " + entry.getName());
                        if (entry.isDirectory()) {
                            Files.createDirectories(target);
                        } else {
                            Files.createDirectories(target.getParent());
                            Files.copy(zip, target);
                        }
                    }
                }
            }
            if (!marked) throw new IllegalStateException(file + " is not a Quintet backup");
            if (dump == null) {
                throw new IllegalStateException(
                        file + " holds the embedded PostgreSQL, not a dump: unset QUINTET_DB_URL to restore it");
            }
            run(List.of(
                    tool("pg_restore"),
                    "--no-owner",
                    "--no-privileges",
                    "--exit-on-error",
                    "--single-transaction",
                    "--dbname=" + settings.externalDbUrl(),
                    dump.toString()));
            out.println("quintet: restored " + redacted() + " and " + settings.dataDir()
                    + "; deploy/quintet starts the suite on them");
        } finally {
            deleteTree(work);
        }
    }

    /** Schemas other than PostgreSQL's own and an empty {@code public}. */
    private List<String> ourSchemas() throws SQLException {
        List<String> schemas = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(
                        "jdbc:" + settings.externalDbUrl(), settings.dbUser(), settings.dbPassword());
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("""
                     SELECT n.nspname FROM pg_namespace n
                     WHERE n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema'
                       AND (n.nspname <> 'public' OR EXISTS (SELECT 1 FROM pg_class r WHERE r.relnamespace = n.oid))
                     ORDER BY 1""")) {
            while (rs.next()) schemas.add(rs.getString(1));
        }
        return schemas;
    }

    private String tool(String name) {
        String bin = settings.env().get("QUINTET_PG_BIN");
        return bin == null || bin.isBlank() ? name : Path.of(bin, name).toString();
    }

    private void run(List<String> command) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        // libpq reads these; the password never appears on a command line
        if (!settings.dbUser().isEmpty()) builder.environment().put("PGUSER", settings.dbUser());
        if (!settings.dbPassword().isEmpty()) builder.environment().put("PGPASSWORD", settings.dbPassword());
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException(command.get(0)
                    + " is needed for a database of your own (QUINTET_PG_BIN names its directory): " + e.getMessage());
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!process.waitFor(6, TimeUnit.HOURS) || process.exitValue() != 0) {
                throw new IllegalStateException(Path.of(command.get(0)).getFileName() + " failed: " + output.strip());
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }

    /** The URL without its query (which may carry a password). */
    private String redacted() {
        String url = settings.externalDbUrl();
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
