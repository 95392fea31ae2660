package io.quintet.synkronus.glue;

import io.quarkus.runtime.StartupEvent;
import io.quintet.protocol.db.IsolatedMigrations;
import io.quintet.protocol.oplog.OperationLog;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;

/**
 * The Quarkus glue every service needs (schema migration at start, the operation log bean), kept in
 * this one class until shared-protocol's shared glue (issue 12) replaces it.
 */
@ApplicationScoped
public class SharedGlue {

    public static final String SCHEMA = "synkronus";

    /** Before every other start-up observer: the bootstrap admin needs the tables. */
    void migrate(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent start) {
        IsolatedMigrations.migrateServiceSchema(SCHEMA);
    }

    @Produces
    @Singleton
    OperationLog operationLog(Pool pool) {
        return new OperationLog(pool, SCHEMA);
    }
}
