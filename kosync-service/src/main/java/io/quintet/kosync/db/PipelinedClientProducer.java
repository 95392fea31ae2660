package io.quintet.kosync.db;

import io.quintet.kosync.config.KosyncConfig;
import io.quintet.protocol.service.DatabaseSettings;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgBuilder;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.sqlclient.PoolOptions;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * A client that pipelines single statements over a few connections: many concurrent pulls
 * travel in one write and wake a PostgreSQL backend once, where the datasource pool sends one
 * statement per connection and round trip. Only for reads: a pipelined commit waits for the
 * previous one's WAL flush, so writes go through the pool. The pool has a name of its own: under
 * the default name its pool gauges ({@code sql.pool.*}) clashed with the datasource pool's, which
 * has that name too (a WARN at every start).
 */
public class PipelinedClientProducer {

    static final String POOL_NAME = "kosync-pipelined-reads";

    @Produces
    @Singleton
    @Pipelined
    SqlClient pipelined(Vertx vertx, DatabaseSettings database, KosyncConfig config) {
        return PgBuilder.client()
                .with(new PoolOptions()
                        .setName(POOL_NAME)
                        .setMaxSize(config.database().pipelinedConnections()))
                .connectingTo(database.connectOptions().setPipeliningLimit(256))
                .using(vertx)
                .build();
    }

    void close(@Disposes @Pipelined SqlClient client) {
        client.closeAndForget();
    }
}
