package io.quintet.kosync.migration;

import io.quarkus.runtime.StartupEvent;
import io.quintet.protocol.db.IsolatedMigrations;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Optional;

/**
 * Brings schema {@code kosync} (and the shared operation log's tables in it) up to date with
 * Flyway before anything else starts; replicas starting together are serialized by Flyway's
 * advisory lock. Flyway runs in a class loader of its own ({@link IsolatedMigrations}) so an idle
 * replica does not keep it and the JDBC driver in memory.
 */
@ApplicationScoped
public class SchemaMigration {

    static final String SCHEMA = "kosync";

    private final String url;
    private final Optional<String> user;
    private final Optional<String> password;

    public SchemaMigration(@ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
                           @ConfigProperty(name = "quarkus.datasource.username") Optional<String> user,
                           @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.url = url;
        this.user = user;
        this.password = password;
    }

    /** Before every other start-up observer: the credential feed follows the log as it starts. */
    void migrate(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent start) {
        IsolatedMigrations.migrateServiceSchema(url, user, password, SCHEMA);
    }
}
