package io.quintet.protocol.testing;

import io.quintet.protocol.oplog.OperationLog;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgPool;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;
import org.flywaydb.core.Flyway;

/**
 * A fresh database with the operation-log migration applied in {@code schema}, plus a reactive
 * pool on it: what a service has after start-up, without the service.
 */
public final class OplogDatabase implements AutoCloseable {

    public final String database;
    public final String schema;
    public final Vertx vertx;
    public final Pool pool;
    public final OperationLog log;

    public OplogDatabase(String database, String schema, int poolSize) {
        this.database = EmbeddedPostgresServer.createDatabase(database);
        this.schema = schema;
        Flyway.configure()
                .dataSource(
                        EmbeddedPostgresServer.jdbcUrl(database),
                        EmbeddedPostgresServer.USER,
                        EmbeddedPostgresServer.PASSWORD)
                .schemas(schema)
                .locations("classpath:db/quintet-oplog")
                .load()
                .migrate();
        this.vertx = Vertx.vertx();
        this.pool = PgPool.pool(vertx, connectOptions(), new PoolOptions().setMaxSize(poolSize));
        this.log = new OperationLog(pool, schema);
    }

    public PgConnectOptions connectOptions() {
        return PgConnectOptions.fromUri(EmbeddedPostgresServer.reactiveUrl(database))
                .setUser(EmbeddedPostgresServer.USER)
                .setPassword(EmbeddedPostgresServer.PASSWORD);
    }

    @Override
    public void close() {
        pool.closeAndAwait();
        vertx.closeAndAwait();
    }
}
