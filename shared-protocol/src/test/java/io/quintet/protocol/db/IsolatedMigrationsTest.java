package io.quintet.protocol.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quintet.protocol.testing.EmbeddedPostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;
import java.util.Optional;
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

    /**
     * A schema another server wrote (tables, no history) is refused unless a baseline is given; with
     * one, the idempotent V1 runs over it. A script edited after it was applied fails validation
     * unless the plan repairs first.
     */
    @Test
    void adoptsAForeignSchemaAndRepairsAnEditedScript() throws Exception {
        execute(
                "CREATE SCHEMA iso_c; CREATE TABLE iso_c.things (id int PRIMARY KEY); INSERT INTO iso_c.things VALUES (7)");
        IsolatedMigrations.Plan plain = plan("iso_c", "classpath:db/adoption-test");
        assertThrows(IllegalStateException.class, () -> IsolatedMigrations.migrate(plain));

        IsolatedMigrations.Plan adopting = adopting(Optional.of("0"), false);
        assertEquals(1, IsolatedMigrations.migrate(adopting));
        assertEquals("7|null", single("SELECT id || '|' || coalesce(note, 'null') FROM iso_c.things"));

        execute("UPDATE iso_c.flyway_schema_history SET checksum = checksum + 1 WHERE version = '1'");
        assertThrows(IllegalStateException.class, () -> IsolatedMigrations.migrate(adopting));
        assertEquals(0, IsolatedMigrations.migrate(adopting(Optional.of("0"), true)));
        assertEquals(0, IsolatedMigrations.migrate(adopting), "the checksum was realigned");
    }

    private static IsolatedMigrations.Plan adopting(Optional<String> baseline, boolean repair) {
        IsolatedMigrations.Plan plain = plan("iso_c", "classpath:db/adoption-test");
        return new IsolatedMigrations.Plan(
                plain.jdbcUrl(), plain.user(), plain.password(), plain.schemas(), plain.locations(), baseline, repair);
    }

    private static Connection connect() throws Exception {
        Properties credentials = new Properties();
        credentials.setProperty("user", EmbeddedPostgresServer.USER);
        credentials.setProperty("password", EmbeddedPostgresServer.PASSWORD);
        return new Driver().connect(EmbeddedPostgresServer.jdbcUrl(DATABASE), credentials);
    }

    private static void execute(String sql) throws Exception {
        try (Connection c = connect()) {
            c.createStatement().execute(sql);
        }
    }

    private static String single(String sql) throws Exception {
        try (Connection c = connect();
                ResultSet rows = c.createStatement().executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        }
    }

    @Test
    void jdbcUrlFromTheReactiveForm() {
        assertEquals("jdbc:postgresql://h:5/db", IsolatedMigrations.jdbcUrl("postgresql://h:5/db"));
        assertEquals("jdbc:postgresql://h:5/db", IsolatedMigrations.jdbcUrl("vertx-reactive:postgresql://h:5/db"));
        assertEquals("jdbc:postgresql://h:5/db", IsolatedMigrations.jdbcUrl("jdbc:postgresql://h:5/db"));
    }
}
