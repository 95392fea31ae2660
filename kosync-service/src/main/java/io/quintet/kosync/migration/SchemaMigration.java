package io.quintet.kosync.migration;

import io.quarkus.runtime.StartupEvent;
import io.quintet.protocol.db.IsolatedMigrations;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

/**
 * Brings schema {@code kosync} (and the shared operation log's tables in it) up to date with
 * Flyway before anything else starts, in a class loader that is dropped afterwards
 * ({@link IsolatedMigrations}); replicas starting together are serialized by Flyway's advisory lock.
 */
@ApplicationScoped
public class SchemaMigration {

    /** Before every other start-up observer: the credential feed follows the log as it starts. */
    void migrate(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent start) {
        IsolatedMigrations.migrateServiceSchema("kosync");
    }
}
