package io.quintet.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * {@code quintet backup FILE} and {@code quintet restore FILE}: one archive of the whole data
 * directory (the embedded PostgreSQL with every service's schema, the gateway's certificate,
 * Linkora's configuration and whatever else a service keeps there).
 * <p>
 * PostgreSQL is copied physically, which restores exactly the state it had, every schema and every
 * sequence included, whatever the services' migrations created. While the suite runs, the copy is an
 * online base backup (PostgreSQL's {@code pg_backup_start}/{@code pg_backup_stop}): the files are
 * copied while services keep writing, then the write-ahead log of that interval, so the restored
 * cluster replays to the moment the backup ended, consistent across all schemas. A stopped suite's
 * directory is consistent as it is. (No {@code pg_dump} of the embedded PostgreSQL 17 exists here:
 * its binaries are the server only, and Debian's pg_dump 15 refuses a newer server.) With
 * {@code QUINTET_DB_URL} set, {@link ExternalDatabaseBackup} dumps that database instead.
 */
final class Backup {

    static final String MARKER = "QUINTET-BACKUP";
    private static final String PG = "postgres";
    /** Contents PostgreSQL recreates or must not get back (pid file, run-time state); the directories stay. */
    private static final Set<String> RUNTIME_DIRECTORIES = Set.of(
            "pg_wal",
            "pg_replslot",
            "pg_stat_tmp",
            "pg_dynshmem",
            "pg_notify",
            "pg_serial",
            "pg_snapshots",
            "pg_subtrans");

    private static final Set<String> RUNTIME_FILES = Set.of("postmaster.pid", "postmaster.opts", "epg-lock");

    private final Path dataDir;
    private final PrintStream out;

    Backup(Path dataDir, PrintStream out) {
        this.dataDir = dataDir;
        this.out = out;
    }

    static int main(String command, String[] args, LauncherSettings settings, PrintStream out, PrintStream err) {
        if (args.length != 1) {
            err.println("usage: quintet " + command + " FILE");
            return 2;
        }
        try {
            if (settings.externalDbUrl() != null) {
                ExternalDatabaseBackup external = new ExternalDatabaseBackup(settings, out);
                if (command.equals("backup")) external.backup(Path.of(args[0]).toAbsolutePath());
                else external.restore(Path.of(args[0]).toAbsolutePath());
                return 0;
            }
            Backup backup = new Backup(settings.dataDir(), out);
            if (command.equals("backup")) backup.backup(Path.of(args[0]).toAbsolutePath());
            else backup.restore(Path.of(args[0]).toAbsolutePath());
            return 0;
        } catch (IOException | SQLException | IllegalStateException e) {
            err.println("quintet " + command + ": " + e.getMessage());
            return 1;
        }
    }

    void backup(Path file) throws IOException, SQLException {
        if (!Files.isDirectory(dataDir)) throw new IllegalStateException("no data directory at " + dataDir);
        Optional<Integer> runningPort = runningPostgresPort();
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        Files.createDirectories(file.toAbsolutePath().getParent());
        int files;
        try (OutputStream stream = Files.newOutputStream(partial);
                ZipOutputStream zip = new ZipOutputStream(stream)) {
            zip.setLevel(1); // database pages: speed matters more than the last few percent
            writeEntry(
                    zip,
                    MARKER,
                    ("Quintet backup\ncreated " + Instant.now() + "\nmode "
                                    + (runningPort.isPresent() ? "online" : "offline") + "\n")
                            .getBytes(StandardCharsets.UTF_8));
            if (runningPort.isPresent()) {
                files = onlineCopy(zip, runningPort.get());
            } else {
                files = copyTree(zip, false);
                files += copyDirectory(zip, dataDir.resolve(PG).resolve("pg_wal"));
            }
        }
        Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        out.printf(
                "quintet: backed up %s (%d files, PostgreSQL %s) to %s (%d MB)%n",
                dataDir,
                files,
                runningPort.isPresent() ? "running: online copy" : "stopped",
                file,
                Files.size(file) >> 20);
    }

    /** Files first with PostgreSQL in backup mode, then the label and the WAL written meanwhile. */
    private int onlineCopy(ZipOutputStream zip, int port) throws IOException, SQLException {
        try (Connection c = DriverManager.getConnection(
                        "jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres", "");
                Statement s = c.createStatement()) {
            s.execute("SELECT pg_backup_start('quintet backup', true)");
            int files;
            String label;
            String tablespaceMap;
            try {
                files = copyTree(zip, true);
            } finally {
                try (ResultSet rs = s.executeQuery("SELECT labelfile, spcmapfile FROM pg_backup_stop(false)")) {
                    rs.next();
                    label = rs.getString(1);
                    tablespaceMap = rs.getString(2);
                }
            }
            writeEntry(zip, PG + "/backup_label", label.getBytes(StandardCharsets.UTF_8));
            if (tablespaceMap != null && !tablespaceMap.isEmpty()) {
                writeEntry(zip, PG + "/tablespace_map", tablespaceMap.getBytes(StandardCharsets.UTF_8));
            }
            // every WAL segment on disk now holds what was written up to the stop record (it is flushed)
            return files + 2 + copyDirectory(zip, dataDir.resolve(PG).resolve("pg_wal"));
        }
    }

    /** The data directory, PostgreSQL's run-time contents left out (their directories are kept). */
    int copyTree(ZipOutputStream zip, boolean online) throws IOException {
        Path pg = dataDir.resolve(PG);
        int[] count = {0};
        try (Stream<Path> walk = Files.walk(dataDir)) {
            for (Path path : (Iterable<Path>) walk::iterator) {
                if (path.equals(dataDir)) continue;
                if (path.startsWith(pg) && !path.equals(pg)) {
                    Path inPg = pg.relativize(path);
                    if (RUNTIME_DIRECTORIES.contains(inPg.getName(0).toString()) && inPg.getNameCount() > 1) continue;
                    if (inPg.getNameCount() == 1 && RUNTIME_FILES.contains(inPg.toString())) continue;
                    if (online && inPg.toString().equals("backup_label")) continue;
                }
                count[0] += addPath(zip, path);
            }
        }
        return count[0];
    }

    private int copyDirectory(ZipOutputStream zip, Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return 0;
        int count = 0;
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path path : walk.filter(p -> !p.equals(dir)).toList()) count += addPath(zip, path);
        }
        return count;
    }

    private int addPath(ZipOutputStream zip, Path path) throws IOException {
        String name = dataDir.relativize(path).toString().replace('\\', '/');
        if (Files.isDirectory(path)) {
            zip.putNextEntry(new ZipEntry(name + "/"));
            zip.closeEntry();
            return 0;
        }
        try (InputStream in = Files.newInputStream(path)) {
            zip.putNextEntry(new ZipEntry(name));
            in.transferTo(zip);
            zip.closeEntry();
            return 1;
        } catch (NoSuchFileException vanished) {
            return 0; // a temporary file PostgreSQL removed meanwhile: not part of the state
        }
    }

    static void writeEntry(ZipOutputStream zip, String name, byte[] content) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(content);
        zip.closeEntry();
    }

    /** The port of the PostgreSQL running on this data directory, if one is. */
    Optional<Integer> runningPostgresPort() throws IOException {
        Path pidFile = dataDir.resolve(PG).resolve("postmaster.pid");
        if (!Files.exists(pidFile)) return Optional.empty();
        List<String> lines = Files.readAllLines(pidFile);
        if (lines.size() < 4 || !Files.exists(Path.of("/proc", lines.get(0).trim()))) return Optional.empty();
        return Optional.of(Integer.parseInt(lines.get(3).trim()));
    }

    void restore(Path file) throws IOException, SQLException {
        if (!Files.isRegularFile(file)) throw new IllegalStateException("no such file: " + file);
        if (Files.isDirectory(dataDir)) {
            try (Stream<Path> entries = Files.list(dataDir)) {
                if (entries.findAny().isPresent()) {
                    throw new IllegalStateException(
                            "restore needs a fresh data directory, and " + dataDir
                                    + " is not empty: move it away (or set QUINTET_DATA_DIR to a new directory) and run restore again");
                }
            }
        }
        Files.createDirectories(dataDir);
        int files = 0;
        boolean marked = false;
        try (InputStream stream = Files.newInputStream(file);
                ZipInputStream zip = new ZipInputStream(stream)) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                if (entry.getName().equals(MARKER)) {
                    marked = true;
                    continue;
                }
                Path target = dataDir.resolve(entry.getName()).normalize();
                if (!target.startsWith(dataDir))
                    throw new IllegalStateException("entry outside the data directory: " + entry.getName());
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    try {
                        Files.copy(zip, target);
                    } catch (FileAlreadyExistsException e) {
                        throw new IllegalStateException("the archive holds " + entry.getName() + " twice");
                    }
                    files++;
                }
            }
        }
        if (!marked) throw new IllegalStateException(file + " is not a Quintet backup");
        Path pg = dataDir.resolve(PG);
        if (Files.isDirectory(pg)) {
            for (String dir : RUNTIME_DIRECTORIES) Files.createDirectories(pg.resolve(dir));
            Files.createDirectories(pg.resolve("pg_wal/archive_status"));
            // PostgreSQL refuses a data directory others can read
            Files.setPosixFilePermissions(pg, PosixFilePermissions.fromString("rwx------"));
            out.println("quintet: restored " + files + " files into " + dataDir
                    + "; starting PostgreSQL once to replay the backup's log");
            try (EmbeddedDatabase db = EmbeddedDatabase.start(dataDir, 0)) {
                out.println("quintet: PostgreSQL recovered (" + db.url() + "), stopping it");
            }
        }
        out.println("quintet: restore complete; deploy/quintet starts the suite on it");
    }
}
