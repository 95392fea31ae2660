package io.quintet.protocol.service;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

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
     * Off for a service that migrates otherwise (kora: Quarkus Flyway with a baseline).
     */
    @WithDefault("true")
    boolean migrateAtStart();
}
