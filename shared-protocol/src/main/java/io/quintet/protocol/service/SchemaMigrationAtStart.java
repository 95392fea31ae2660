package io.quintet.protocol.service;

import io.quarkus.runtime.StartupEvent;
import io.quintet.protocol.db.IsolatedMigrations;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

/**
 * Brings the service's schema (and the shared operation log's tables in it) up to date with
 * Flyway before anything else starts, in a class loader that is dropped afterwards
 * ({@link IsolatedMigrations}); replicas starting together are serialized by Flyway's advisory
 * lock. Off with {@code quintet.service.migrate-at-start=false}.
 */
@ApplicationScoped
public class SchemaMigrationAtStart {

    /** Before every other start-up observer: followers read the log as they start. */
    void migrate(
            @Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent start,
            ServiceSettings service,
            DatabaseSettings database) {
        if (service.migrateAtStart()) {
            IsolatedMigrations.migrateServiceSchema(
                    database.reactiveUrl(), database.user(), database.password(), service.schema(), service.adoption());
        }
    }
}
