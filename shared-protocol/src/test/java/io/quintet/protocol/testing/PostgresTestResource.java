package io.quintet.protocol.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;

/**
 * Points a {@code @QuarkusTest} at the embedded PostgreSQL (the reactive datasource, which the
 * shared glue's schema migration also reads). Use
 * {@code @QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "kosync"))};
 * without an argument the database is {@code quintet}.
 */
public class PostgresTestResource implements QuarkusTestResourceLifecycleManager {

    private String database = "quintet";

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault("database", database);
    }

    @Override
    public Map<String, String> start() {
        EmbeddedPostgresServer.createDatabase(database);
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.datasource.reactive.url", EmbeddedPostgresServer.reactiveUrl(database));
        config.put("quarkus.datasource.username", EmbeddedPostgresServer.USER);
        config.put("quarkus.datasource.password", EmbeddedPostgresServer.PASSWORD);
        config.put("quintet.db.url", EmbeddedPostgresServer.reactiveUrl(database));
        config.put("quarkus.devservices.enabled", "false");
        return config;
    }

    @Override
    public void stop() {
        // the server outlives one test class; it stops with the JVM
    }
}
