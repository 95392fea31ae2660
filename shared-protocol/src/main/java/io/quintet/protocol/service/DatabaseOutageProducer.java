package io.quintet.protocol.service;

import io.quarkus.arc.DefaultBean;
import io.quintet.protocol.db.DatabaseOutageLog;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The service's {@link DatabaseOutageLog}, on its datasource pool, named after its schema. A
 * service adopts it by injecting it where failures reach its edge (and turns on
 * {@code quarkus.log.console.filter=quintet-pool-noise} for the pool's own noise).
 */
@ApplicationScoped
public class DatabaseOutageProducer {

    @Produces
    @Singleton
    @DefaultBean
    DatabaseOutageLog databaseOutageLog(Vertx vertx, Pool pool, ServiceSettings service) {
        return new DatabaseOutageLog(service.schema(), vertx.getDelegate(), pool.getDelegate());
    }
}
