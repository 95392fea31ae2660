package io.quintet.protocol.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quintet.protocol.testing.EmbeddedPostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/** Several replicas of a service starting at once on an empty database all migrate it, once. */
class ConcurrentMigrationTest {

    @Test
    void replicasStartingTogetherMigrateOnce() throws Exception {
        String database = EmbeddedPostgresServer.createDatabase("concurrent_migration");
        String url = EmbeddedPostgresServer.jdbcUrl(database);
        int replicas = 4;
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<Void>> starts = new ArrayList<>();
        for (int i = 0; i < replicas; i++) {
            starts.add(CompletableFuture.runAsync(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                Flyway.configure()
                        .dataSource(url, EmbeddedPostgresServer.USER, EmbeddedPostgresServer.PASSWORD)
                        .schemas("replicated")
                        .locations("classpath:db/quintet-oplog")
                        .load()
                        .migrate();
            }));
        }
        go.countDown();
        CompletableFuture.allOf(starts.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        try (Connection c =
                        DriverManager.getConnection(url, EmbeddedPostgresServer.USER, EmbeddedPostgresServer.PASSWORD);
                ResultSet rs = c.createStatement()
                        .executeQuery(
                                "SELECT count(*) FROM replicated.flyway_schema_history WHERE success AND version IS NOT NULL")) {
            rs.next();
            assertEquals(1, rs.getInt(1), "the migration ran exactly once");
        }
    }
}
