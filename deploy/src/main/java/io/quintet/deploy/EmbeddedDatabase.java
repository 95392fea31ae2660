package io.quintet.deploy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The suite's own PostgreSQL for one-machine installs: data under {@code <data>/postgres}, kept
 * across restarts; a free port unless one is configured (5432 may belong to someone else).
 */
final class EmbeddedDatabase implements AutoCloseable {

    static final String DATABASE = "quintet";

    private final EmbeddedPostgres postgres;

    private EmbeddedDatabase(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    static EmbeddedDatabase start(Path dataDir, int port) throws IOException, SQLException {
        Path pgData = dataDir.resolve("postgres");
        Files.createDirectories(pgData);
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(pgData)
                .setCleanDataDirectory(false)
                // the launcher stops PostgreSQL itself, after the services that use it
                .setRegisterShutdownHook(false)
                // zonky starts PostgreSQL tuned for throw-away test data (-F, asynchronous commit);
                // this one holds users' data, so durability is restored (later -c options win)
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("max_connections", "200")
                .setServerConfig("listen_addresses", "127.0.0.1");
        if (port > 0) {
            builder.setPort(port);
        }
        EmbeddedDatabase db = new EmbeddedDatabase(builder.start());
        db.createDatabaseIfMissing();
        return db;
    }

    private void createDatabaseIfMissing() throws SQLException {
        try (Connection c = postgres.getPostgresDatabase().getConnection();
                Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
                if (!rs.next()) {
                    s.execute("CREATE DATABASE " + DATABASE);
                }
            }
        }
    }

    int port() {
        return postgres.getPort();
    }

    /** In Quintet's {@code QUINTET_DB_URL} form. */
    String url() {
        return "postgresql://127.0.0.1:" + port() + "/" + DATABASE;
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
