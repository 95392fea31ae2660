package io.quintet.synkronus;

import io.quarkus.elytron.security.common.BcryptUtil;
import io.quintet.protocol.db.IsolatedMigrations;
import io.quintet.protocol.testing.EmbeddedPostgresServer;
import io.quintet.protocol.testing.PostgresTestResource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The embedded PostgreSQL for every test of the module, declared once: database {@code synkronus};
 * under {@link SecondInstanceProfile} a second database that already holds a read-only user
 * {@code rescue} (password {@code old}) before the service starts, as a deployment being recovered would.
 */
public class SynkronusDatabase extends PostgresTestResource {

    private boolean second;

    @Override
    public void setContext(Context context) {
        second = SecondInstanceProfile.class.getName().equals(context.testProfile());
    }

    @Override
    public void init(Map<String, String> initArgs) {
        Map<String, String> args = new HashMap<>(initArgs);
        args.putIfAbsent("database", "synkronus");
        super.init(args);
    }

    @Override
    public Map<String, String> start() {
        if (!second) {
            return super.start();
        }
        super.init(Map.of("database", "synkronus_second"));
        Map<String, String> config = super.start();
        String database = "synkronus_second";
        IsolatedMigrations.migrateServiceSchema(
                EmbeddedPostgresServer.reactiveUrl(database),
                Optional.of(EmbeddedPostgresServer.USER),
                Optional.of(EmbeddedPostgresServer.PASSWORD),
                "synkronus");
        try (Connection c = DriverManager.getConnection(
                        EmbeddedPostgresServer.jdbcUrl(database),
                        EmbeddedPostgresServer.USER,
                        EmbeddedPostgresServer.PASSWORD);
                PreparedStatement insert = c.prepareStatement(
                        "INSERT INTO synkronus.users (id, username, password_hash, role, created_at, updated_at) "
                                + "VALUES (?, 'rescue', ?, 'read-only', now(), now()) ON CONFLICT (username) DO NOTHING")) {
            insert.setObject(1, UUID.randomUUID());
            insert.setString(2, BcryptUtil.bcryptHash("old", 4));
            insert.executeUpdate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return config;
    }
}
