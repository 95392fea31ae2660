package io.quintet.protocol.service;

import io.quintet.protocol.db.DatabaseConnect;
import io.vertx.pgclient.PgConnectOptions;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The service's database connection settings, read once from its Quarkus datasource
 * ({@code quarkus.datasource.reactive.url}, {@code .username}, {@code .password}, which every
 * service sets from {@code QUINTET_DB_URL}, {@code QUINTET_DB_USER}, {@code QUINTET_DB_PASSWORD}),
 * for the migration and the clients a service opens itself (the change feed's LISTEN
 * connection, a pipelining client).
 */
@Singleton
public class DatabaseSettings {

    private final String reactiveUrl;
    private final Optional<String> user;
    private final Optional<String> password;

    public DatabaseSettings(
            @ConfigProperty(name = "quarkus.datasource.reactive.url") String reactiveUrl,
            @ConfigProperty(name = "quarkus.datasource.username") Optional<String> user,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.reactiveUrl = reactiveUrl;
        this.user = user;
        this.password = password;
    }

    /** {@code postgresql://host:port/db}, possibly with Quarkus' {@code vertx-reactive:} prefix. */
    public String reactiveUrl() {
        return reactiveUrl;
    }

    public Optional<String> user() {
        return user;
    }

    public Optional<String> password() {
        return password;
    }

    /** A fresh copy each time: callers tune their own (pipelining limit, for instance). */
    public PgConnectOptions connectOptions() {
        return DatabaseConnect.options(reactiveUrl, user, password);
    }
}
