package io.quintet.objectstore;

/** The {@code --help} text: ObjectBox's option names (5.2), mapped onto this service. */
final class Help {

    static final String TEXT = """
            objectstore-service (OSP/1 sync server)
            Options (every setting also reads from sync-server-config.json and from objectstore.<key> / OBJECTSTORE_<KEY>):
              -c, --conf <path>               config file (default sync-server-config.json; env OBJECTSTORE_CONFIG)
              -m, --model <path>              model JSON (objectbox-model.json; env OBJECTSTORE_MODEL)
              --unsecured-no-authentication   accept clients without authentication (UNSAFE)
              --auth-obx-admin                admin users may log in as sync clients
              --auth-required <types>         comma-separated credential types every client must present
              --jwt-public-key-url <url>      JWT verification keys (JWKS, PEM, certificate or key-id map)
              --jwt-claim-aud <aud>           required JWT audience
              --jwt-claim-iss <iss>           required JWT issuer
              --db-max-size <size>            quota on the service's database schema (K/M/G/T, default 100G)
              --log-level <level>             all, trace, verbose, debug, info, warn, error, none
              --debug                         deprecated: --log-level debug
              --no-stacks                     no stack traces in error logs
              -b, --bind <url>                accepted; the listener is the suite's HTTP port (QUARKUS_HTTP_PORT)
              --admin-bind, --admin-threads, --admin-off, --async-tx-slot, --workers, -d/--db-directory,
              --cert, --cluster-id, --fixed-follower, --fixed-leader, --mongo-url, --mongo-db,
              --mongo-initial-import, --restore-backup, --backup-overwrites-db
                                              accepted for compatibility (storage is PostgreSQL; replicas replace clustering)
              -h, --help                      this text
              -v, --version                   version, protocol and features
            """;

    private Help() {}
}
