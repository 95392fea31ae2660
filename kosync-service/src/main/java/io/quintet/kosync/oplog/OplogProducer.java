package io.quintet.kosync.oplog;

import io.quintet.kosync.db.DatabaseOptions;
import io.quintet.protocol.feed.ChangeFeed;
import io.quintet.protocol.oplog.OperationLog;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The shared operation log in schema {@code kosync} and its cross-replica change feed. */
public class OplogProducer {

    public static final String SCHEMA = "kosync";

    @Produces
    @Singleton
    OperationLog operationLog(Pool pool) {
        return new OperationLog(pool, SCHEMA);
    }

    /** Listens on its own connection, built from the datasource settings the pool uses. */
    @Produces
    @Singleton
    ChangeFeed changeFeed(Vertx vertx, OperationLog log, DatabaseOptions database) {
        return ChangeFeed.create(vertx, database.connectOptions(), log);
    }

    void close(@Disposes ChangeFeed feed) {
        feed.close();
    }
}
