package io.quintet.objectstore.db;

import io.quintet.protocol.db.DatabaseConnect;
import io.quintet.protocol.db.IsolatedMigrations;
import io.quintet.protocol.feed.ChangeFeed;
import io.quintet.protocol.oplog.OperationLog;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Optional;

/**
 * Stand-in for the suite's shared Quarkus glue (issue 12): schema migration, the operation log
 * and change feed producers. Deleted when the shared glue lands.
 */
public class InterimGlue {

    public static final String SCHEMA = "objectstore";

    /** Blocking; called first by the start-up sequence. */
    public static void migrate() {
        IsolatedMigrations.migrateServiceSchema(SCHEMA);
    }

    @Produces
    @Singleton
    OperationLog operationLog(Pool pool) {
        return new OperationLog(pool, SCHEMA);
    }

    @Produces
    @Singleton
    ChangeFeed changeFeed(Vertx vertx, OperationLog log,
                          @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
                          @ConfigProperty(name = "quarkus.datasource.username") Optional<String> user,
                          @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        return ChangeFeed.create(vertx, DatabaseConnect.options(url, user, password), log);
    }

    void close(@Disposes ChangeFeed feed) {
        feed.close();
    }
}
