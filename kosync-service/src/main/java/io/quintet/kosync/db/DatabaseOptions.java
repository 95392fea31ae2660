package io.quintet.kosync.db;

import io.vertx.pgclient.PgConnectOptions;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Optional;

/** Connection settings for the clients this service opens itself, from the datasource settings (QUINTET_DB_*). */
@Singleton
public class DatabaseOptions {

    private final String url;
    private final Optional<String> user;
    private final Optional<String> password;

    public DatabaseOptions(@ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
                           @ConfigProperty(name = "quarkus.datasource.username") Optional<String> user,
                           @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.url = url.startsWith("vertx-reactive:") ? url.substring("vertx-reactive:".length()) : url;
        this.user = user;
        this.password = password;
    }

    /** A fresh copy each time: callers tune their own. */
    public PgConnectOptions connectOptions() {
        PgConnectOptions options = PgConnectOptions.fromUri(url).setCachePreparedStatements(true);
        user.ifPresent(options::setUser);
        password.ifPresent(options::setPassword);
        return options;
    }
}
