package io.quintet.kosync.db;

import io.quintet.protocol.db.DatabaseConnect;
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
        this.url = url;
        this.user = user;
        this.password = password;
    }

    /** A fresh copy each time: callers tune their own. */
    public PgConnectOptions connectOptions() {
        return DatabaseConnect.options(url, user, password);
    }
}
