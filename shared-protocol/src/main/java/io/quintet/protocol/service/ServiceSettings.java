package io.quintet.protocol.service;

import io.quintet.protocol.db.IsolatedMigrations;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/**
 * What the shared service glue needs to know about the service that adopted it
 * ({@code quintet.service.*}).
 */
@ConfigMapping(prefix = "quintet.service")
public interface ServiceSettings {

    /**
     * The service's own PostgreSQL schema: its Flyway history, its tables and the shared
     * operation log's tables ({@code oplog}, {@code oplog_head}) live there, and its change-feed
     * channel is {@code <schema>_oplog}.
     */
    String schema();

    /**
     * Whether the glue migrates the schema at start ({@code classpath:db/migration} and the
     * operation log's {@code classpath:db/quintet-oplog}, through {@code IsolatedMigrations}).
     * Off for a service whose schema is migrated by other means.
     */
    @WithDefault("true")
    boolean migrateAtStart();

    /**
     * Adopting a schema another server wrote (same tables, no Flyway history): it is baselined at
     * this version, so only later scripts run over it (kora: 0, its V1 is idempotent over the Node
     * reference's tables). Unset: an existing schema without history is refused, as Flyway does.
     */
    Optional<String> baselineVersion();

    /**
     * Realign recorded checksums with the scripts before migrating, for a script that was edited in
     * place after some database applied it (kora's V1, issue 18).
     */
    @WithDefault("false")
    boolean repairAtStart();

    /** What {@link #baselineVersion()} and {@link #repairAtStart()} ask of the migration. */
    default IsolatedMigrations.Adoption adoption() {
        return new IsolatedMigrations.Adoption(baselineVersion(), repairAtStart());
    }
}
