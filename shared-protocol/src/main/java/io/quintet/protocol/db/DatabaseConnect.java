package io.quintet.protocol.db;

import io.vertx.pgclient.PgConnectOptions;
import java.util.Optional;

/**
 * Connection options for the clients a service opens itself (the change feed's LISTEN
 * connection, a pipelining client), from the same settings as its Quarkus datasource.
 */
public final class DatabaseConnect {

    private static final String QUARKUS_PREFIX = "vertx-reactive:";

    private DatabaseConnect() {}

    /**
     * @param reactiveUrl {@code postgresql://host:port/db} (Quintet's {@code QUINTET_DB_URL} form),
     *                    optionally with Quarkus' {@code vertx-reactive:} prefix
     */
    public static PgConnectOptions options(String reactiveUrl, Optional<String> user, Optional<String> password) {
        String url =
                reactiveUrl.startsWith(QUARKUS_PREFIX) ? reactiveUrl.substring(QUARKUS_PREFIX.length()) : reactiveUrl;
        PgConnectOptions options = PgConnectOptions.fromUri(url).setCachePreparedStatements(true);
        user.ifPresent(options::setUser);
        password.ifPresent(options::setPassword);
        return options;
    }
}
