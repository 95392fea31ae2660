package io.quintet.bench;

import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgPool;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import org.flywaydb.core.Flyway;

/**
 * A throw-away embedded PostgreSQL with PostgreSQL's own default settings (durable commits), so
 * the service path and the raw baseline pay the same costs in the same run.
 */
final class BenchDatabase implements AutoCloseable {

    final EmbeddedPostgres postgres;
    final Vertx vertx = Vertx.vertx();
    final Pool pool;

    BenchDatabase(int poolSize) throws IOException {
        // zonky defaults to fsync off and asynchronous commit; measure what production runs
        postgres = EmbeddedPostgres.builder()
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("max_connections", "100")
                .start();
        PgConnectOptions options = new PgConnectOptions()
                .setHost("localhost")
                .setPort(postgres.getPort())
                .setDatabase("postgres")
                .setUser("postgres")
                .setPassword("postgres")
                .setCachePreparedStatements(true);
        pool = PgPool.pool(vertx, options, new PoolOptions().setMaxSize(poolSize));
    }

    /** In Quintet's {@code QUINTET_DB_URL} form, for services a benchmark starts. */
    String url() {
        return "postgresql://localhost:" + postgres.getPort() + "/postgres";
    }

    /** The settings a service started by a benchmark needs to use this database ({@code QUINTET_DB_*}). */
    java.util.Map<String, String> connectionEnvironment() {
        return java.util.Map.of(
                "QUINTET_DB_URL", url(), "QUINTET_DB_USER", "postgres", "QUINTET_DB_PASSWORD", "postgres");
    }

    void migrate(String schema, String... locations) {
        Flyway.configure()
                .dataSource(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "postgres")
                .schemas(schema)
                .locations(locations)
                .load()
                .migrate();
    }

    @Override
    public void close() throws IOException {
        pool.closeAndAwait();
        vertx.closeAndAwait();
        postgres.close();
    }
}
