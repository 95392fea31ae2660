package io.quintet.linkora.event;

import io.quintet.protocol.db.DatabaseConnect;
import io.quintet.protocol.feed.ChangeFeed;
import io.quintet.protocol.oplog.OperationLog;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Optional;

/** The shared operation log in schema {@code linkora} and its cross-replica change feed. */
public class OplogProducer {

    public static final String SCHEMA = "linkora";

    @Produces
    @Singleton
    OperationLog operationLog(Pool pool) {
        return new OperationLog(pool, SCHEMA);
    }

    /** Listens on its own connection, built from the datasource settings the pool uses. */
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
