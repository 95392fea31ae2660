package io.quintet.protocol.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quintet.protocol.testing.EmbeddedPostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.Driver;

class IsolatedMigrationsTest {

    static final String DATABASE = "isolated_migrations";

    @BeforeAll
    static void database() {
        EmbeddedPostgresServer.createDatabase(DATABASE);
    }

    static IsolatedMigrations.Plan plan(String schema, String location) {
        return new IsolatedMigrations.Plan(
                EmbeddedPostgresServer.jdbcUrl(DATABASE),
                EmbeddedPostgresServer.USER,
                EmbeddedPostgresServer.PASSWORD,
                List.of(schema),
                List.of(location));
    }

    /** The oplog tables land in the schema; a second run finds nothing to do; no driver stays registered by the loader. */
    @Test
    void migratesOnceAndLeavesNoDriverBehind() throws Exception {
        int first = IsolatedMigrations.migrate(plan("iso_a", "classpath:db/quintet-oplog"));
        assertTrue(first >= 1, "migrations ran: " + first);
        assertEquals(0, IsolatedMigrations.migrate(plan("iso_a", "classpath:db/quintet-oplog")));
        Properties credentials = new Properties();
        credentials.setProperty("user", EmbeddedPostgresServer.USER);
        credentials.setProperty("password", EmbeddedPostgresServer.PASSWORD);
        try (Connection c = new Driver().connect(EmbeddedPostgresServer.jdbcUrl(DATABASE), credentials);
                ResultSet rows = c.createStatement()
                        .executeQuery(
                                "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'iso_a' AND table_name = 'flyway_schema_history'")) {
            rows.next();
            assertEquals(1, rows.getInt(1));
        }
        assertTrue(
                DriverManager.drivers()
                        .noneMatch(d -> d.getClass().getClassLoader() != null
                                && "quintet-migrations"
                                        .equals(d.getClass().getClassLoader().getName())),
                "the isolated driver is deregistered");
    }

    /** A location that does not exist is an error, not an empty migration. */
    @Test
    void aMissingLocationFails() {
        IllegalStateException failure = assertThrows(
                IllegalStateException.class,
                () -> IsolatedMigrations.migrate(plan("iso_b", "classpath:db/no-such-location")));
        assertTrue(failure.getMessage().startsWith("schema migration failed"), failure.getMessage());
    }

    @Test
    void jdbcUrlFromTheReactiveForm() {
        assertEquals("jdbc:postgresql://h:5/db", IsolatedMigrations.jdbcUrl("postgresql://h:5/db"));
        assertEquals("jdbc:postgresql://h:5/db", IsolatedMigrations.jdbcUrl("vertx-reactive:postgresql://h:5/db"));
        assertEquals("jdbc:postgresql://h:5/db", IsolatedMigrations.jdbcUrl("jdbc:postgresql://h:5/db"));
    }
}
