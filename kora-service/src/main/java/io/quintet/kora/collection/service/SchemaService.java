package io.quintet.kora.collection.service;

import io.quarkus.runtime.StartupEvent;
import io.quintet.kora.collection.AppSchema;
import io.quintet.kora.collection.CollectionDef;
import io.quintet.kora.collection.repository.CollectionRepository;
import io.quintet.kora.config.KoraConfig;
import io.quintet.kora.store.OperationRepository;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The app schema ({@code setSchema}, kora.md 12.3): applying one creates or extends the collection
 * tables and rebuilds them from the log, under the delivery counter lock so no append interleaves.
 * The schema is stored in {@code kora.app_schema} with a revision that every append reads with
 * its lock, so a change made through any replica is picked up by all of them.
 */
@ApplicationScoped
public class SchemaService {

    private static final Logger LOG = Logger.getLogger(SchemaService.class);

    /** What {@link #apply} did: the new revision and the records rebuilt per collection. */
    public record Applied(long revision, Map<String, Integer> backfilled) {}

    /** The schema this replica last read or applied, with its revision (both null when none is stored). */
    public record Loaded(Long revision, AppSchema schema) {}

    private final Pool pool;
    private final OperationRepository operations;
    private final CollectionRepository collections;
    private final KoraConfig config;
    private volatile Loaded loaded = new Loaded(null, null);

    public SchemaService(
            Pool pool, OperationRepository operations, CollectionRepository collections, KoraConfig config) {
        this.pool = pool;
        this.operations = operations;
        this.collections = collections;
        this.config = config;
    }

    /** Start-up: the configured schema is applied unless it is already the stored one. */
    void start(@Observes StartupEvent event) {
        Optional<String> text = configuredSchema();
        if (text.isEmpty()) return;
        AppSchema schema = AppSchema.parse(text.get());
        // the main thread may block; the schema must be in place before clients write
        AppSchema stored = current().await().indefinitely();
        if (stored != null && stored.text().equals(schema.text())) {
            LOG.infof(
                    "app schema unchanged (%d collections)",
                    schema.collections().size());
            return;
        }
        Applied applied = apply(schema).await().indefinitely();
        LOG.infof("app schema revision %d applied: %s", applied.revision(), applied.backfilled());
    }

    private Optional<String> configuredSchema() {
        Optional<String> path = config.appSchema().path().filter(p -> !p.isBlank());
        if (path.isPresent()) {
            try {
                return Optional.of(Files.readString(Path.of(path.get()), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new IllegalStateException("cannot read kora.app-schema.path " + path.get(), e);
            }
        }
        return config.appSchema().json().filter(j -> !j.isBlank());
    }

    /** The schema at {@code revision} (as read under the append lock); null when none is stored. */
    public Uni<AppSchema> at(SqlClient client, Long revision) {
        Loaded now = loaded;
        if (Objects.equals(revision, now.revision())) return Uni.createFrom().item(now.schema());
        return load(client);
    }

    /** The stored schema, checked against the database (one small query). */
    public Uni<AppSchema> current() {
        return pool.query("SELECT revision FROM kora.app_schema WHERE id = 1")
                .execute()
                .chain(rows -> at(
                        pool, rows.size() == 0 ? null : rows.iterator().next().getLong(0)));
    }

    /** The schema last seen and its revision, for an append that verifies the revision under its lock. */
    public Loaded loaded() {
        return loaded;
    }

    /** The schema last seen, without asking the database (for hot paths that tolerate one tick of lag). */
    public AppSchema cached() {
        return loaded.schema();
    }

    private Uni<AppSchema> load(SqlClient client) {
        return client.query("SELECT revision, schema FROM kora.app_schema WHERE id = 1")
                .execute()
                .map(rows -> {
                    if (rows.size() == 0) {
                        loaded = new Loaded(null, null);
                        return null;
                    }
                    var row = rows.iterator().next();
                    AppSchema schema = AppSchema.parse(row.getString(1));
                    Loaded fresh = new Loaded(row.getLong(0), schema);
                    loaded = fresh;
                    return schema;
                });
    }

    /** {@code setSchema}: DDL, store, backfill, in one transaction holding the append lock. */
    public Uni<Applied> apply(AppSchema schema) {
        long now = System.currentTimeMillis();
        return pool.withTransaction(connection -> operations
                        .lockCounter(connection)
                        .chain(revision -> {
                            long next = revision == null ? 1 : revision + 1;
                            Map<String, Integer> counts = new LinkedHashMap<>();
                            return collections
                                    .createTables(connection, schema)
                                    .chain(() -> connection
                                            .preparedQuery(
                                                    "INSERT INTO kora.app_schema (id, revision, schema, updated_at)"
                                                            + " VALUES (1, $1, $2, $3) ON CONFLICT (id) DO UPDATE SET revision = excluded.revision,"
                                                            + " schema = excluded.schema, updated_at = excluded.updated_at")
                                            .execute(Tuple.of(next, schema.text(), now)))
                                    .chain(() -> Multi.createFrom()
                                            .iterable(schema.collections().values())
                                            .onItem()
                                            .transformToUniAndConcatenate((CollectionDef c) -> collections
                                                    .backfill(connection, c, now)
                                                    .invoke(n -> counts.put(c.name(), n)))
                                            .collect()
                                            .last())
                                    .map(x -> new Applied(next, counts));
                        }))
                .invoke(applied -> loaded = new Loaded(applied.revision(), schema));
    }
}
