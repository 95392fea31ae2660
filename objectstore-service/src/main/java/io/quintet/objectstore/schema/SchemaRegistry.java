package io.quintet.objectstore.schema;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.VertxContextSupport;
import io.quintet.objectstore.config.SyncServerSettings;
import io.quintet.objectstore.model.Model;
import io.quintet.objectstore.model.ModelException;
import io.quintet.objectstore.model.ModelReader;
import io.quintet.objectstore.model.SchemaEvolution;
import io.quintet.protocol.oplog.OperationLog;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The schema version registry (2.14) and client schema validation (2.15). Start-up registers or
 * switches to the configured model file; sessions resolve the hashes a client presents.
 */
@Singleton
public class SchemaRegistry {

    private static final Logger LOG = Logger.getLogger("io.quintet.objectstore.SchVer");

    /** Notify-only stream on which a replica tells the others that the version rows changed. */
    public static final String CHANGES = "schema-versions";

    private final SyncServerSettings settings;
    private final OperationLog log;
    private final Pool pool;
    private volatile List<RegisteredVersion> versions = List.of();

    public SchemaRegistry(SyncServerSettings settings, OperationLog log, Pool pool) {
        this.settings = settings;
        this.log = log;
        this.pool = pool;
    }

    /** Tells every replica (itself included) to re-read the version rows. */
    private void announce() {
        log.announce(CHANGES, System.currentTimeMillis());
    }

    /** Blocking start-up step (after migration): applies rules 1–4 of 2.14. */
    public void startUp() {
        Optional<Model> file = settings.modelFile().map(ModelReader::read);
        try {
            VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> Panache.getSession()
                    .chain(s -> s.createNativeQuery("LOCK TABLE objectstore.schema_versions IN EXCLUSIVE MODE")
                            .executeUpdate())
                    .chain(() -> SchemaVersion.<SchemaVersion>listAll())
                    .chain(all -> register(all, file))));
            reload();
        } catch (ModelException | IllegalStateException e) {
            throw e;
        } catch (Throwable e) {
            if (e.getCause() instanceof ModelException m) throw m;
            throw new IllegalStateException("schema registration failed: " + e.getMessage(), e);
        }
    }

    private Uni<Void> register(List<SchemaVersion> all, Optional<Model> file) {
        if (all.isEmpty()) {
            if (file.isEmpty()) {
                return Uni.createFrom()
                        .failure(
                                new ModelException(
                                        "database has no schema and no model file was given (modelFile, -m/--model, OBJECTSTORE_MODEL)"));
            }
            LOG.infof(
                    "database has no schema, loading from %s",
                    settings.modelFile().get());
            return insert(file.get(), "startup-file")
                    .invoke(v -> LOG.infof("inserted new schema version ID %d", v.versionId))
                    .replaceWithVoid();
        }
        if (file.isEmpty()) return Uni.createFrom().voidItem();
        Model model = file.get();
        SchemaVersion current = all.stream().filter(v -> v.current).findFirst().orElse(null);
        Optional<SchemaVersion> known =
                all.stream().filter(v -> v.fullHash.equals(model.fullHash())).findFirst();
        if (known.isPresent()) {
            if (current != null && current.versionId.equals(known.get().versionId))
                return Uni.createFrom().voidItem();
            return makeCurrent(all, known.get());
        }
        if (current != null) {
            SchemaEvolution.check(ModelReader.parse(current.modelJson), model);
        }
        return insert(model, "startup-file")
                .invoke(v -> LOG.infof("inserted new schema version ID %d", v.versionId))
                .chain(v -> makeCurrent(all, v));
    }

    private Uni<SchemaVersion> insert(Model model, String source) {
        SchemaVersion v = new SchemaVersion();
        v.source = source;
        v.modelJson = model.text();
        v.modelSizeBytes = model.text().getBytes(StandardCharsets.UTF_8).length;
        v.baseHash = model.baseHash();
        v.fullHash = model.fullHash();
        v.clientsAllowed = true;
        v.current = false;
        return v.<SchemaVersion>persist()
                .call(() -> Panache.getSession().chain(s -> s.flush()))
                .invoke(saved -> {
                    if (saved.versionId == 1) saved.current = true;
                });
    }

    private Uni<Void> makeCurrent(List<SchemaVersion> all, SchemaVersion target) {
        LOG.infof("switching schema version ID to %d", target.versionId);
        for (SchemaVersion v : all) {
            v.current = false;
        }
        return Panache.getSession()
                .chain(s -> s.flush())
                .invoke(() -> target.current = true)
                .replaceWithVoid();
    }

    /**
     * Admin upload (6.1): registers a model as a new, inactive version after the evolution checks of
     * 2.12 against the current version; a model already registered (same full hash) is a conflict.
     */
    public Uni<SchemaVersion> upload(Model model) {
        return Panache.withTransaction(() -> Panache.getSession()
                        .chain(s -> s.createNativeQuery("LOCK TABLE objectstore.schema_versions IN EXCLUSIVE MODE")
                                .executeUpdate())
                        .chain(() -> SchemaVersion.<SchemaVersion>listAll())
                        .chain(all -> {
                            if (all.stream().anyMatch(v -> v.fullHash.equals(model.fullHash())))
                                return Uni.createFrom()
                                        .failure(new IllegalStateException("this model is already registered"));
                            all.stream()
                                    .filter(v -> v.current)
                                    .findFirst()
                                    .ifPresent(c -> SchemaEvolution.check(ModelReader.parse(c.modelJson), model));
                            return insert(model, "admin-upload");
                        }))
                .invoke(v -> LOG.infof("inserted new schema version ID %d", v.versionId))
                .call(this::reloadAsync)
                .invoke(this::announce);
    }

    /** Makes a registered version current (the caller disconnects clients so they resolve anew). */
    public Uni<Void> switchTo(int versionId) {
        return Panache.withTransaction(() -> SchemaVersion.<SchemaVersion>listAll()
                        .chain(all -> {
                            SchemaVersion target = all.stream()
                                    .filter(v -> v.versionId == versionId)
                                    .findFirst()
                                    .orElse(null);
                            if (target == null)
                                return Uni.createFrom()
                                        .failure(new java.util.NoSuchElementException("no version " + versionId));
                            return makeCurrent(all, target);
                        }))
                .call(this::reloadAsync)
                .invoke(this::announce);
    }

    /** The "clients allowed" switch of a version (2.14): a disallowed version rejects its clients with 57. */
    public Uni<Void> clientsAllowed(int versionId, boolean allowed) {
        return Panache.withTransaction(() -> SchemaVersion.<SchemaVersion>findById(versionId)
                        .chain(v -> {
                            if (v == null)
                                return Uni.createFrom()
                                        .failure(new java.util.NoSuchElementException("no version " + versionId));
                            v.clientsAllowed = allowed;
                            return Uni.createFrom().voidItem();
                        }))
                .call(this::reloadAsync)
                .invoke(this::announce);
    }

    /** Every stored version row (for the admin list and model download). */
    public Uni<List<SchemaVersion>> stored() {
        return Panache.withSession(() -> SchemaVersion.<SchemaVersion>listAll());
    }

    public Uni<Void> reloadAsync() {
        return Panache.withSession(() -> SchemaVersion.<SchemaVersion>listAll())
                .invoke(this::keep)
                .replaceWithVoid();
    }

    /**
     * Re-reads the version rows on the plain pool (callable from any Vert.x thread, e.g. a change
     * feed notice, where no Hibernate session can be opened); a model text already parsed is reused.
     */
    public Uni<Void> refresh() {
        return pool.query("SELECT version_id, model_json, clients_allowed, is_current FROM objectstore.schema_versions "
                        + "ORDER BY version_id")
                .execute()
                .invoke(rows -> {
                    List<RegisteredVersion> known = versions;
                    List<RegisteredVersion> out = new java.util.ArrayList<>();
                    for (Row r : rows) {
                        int id = r.getInteger(0);
                        String text = r.getString(1);
                        Model model = known.stream()
                                .filter(v ->
                                        v.versionId() == id && v.model().text().equals(text))
                                .map(RegisteredVersion::model)
                                .findFirst()
                                .orElseGet(() -> ModelReader.parse(text));
                        out.add(new RegisteredVersion(id, model, r.getBoolean(2), r.getBoolean(3)));
                    }
                    versions = List.copyOf(out);
                })
                .replaceWithVoid();
    }

    private void keep(List<SchemaVersion> all) {
        versions = all.stream()
                .sorted(Comparator.comparing(v -> v.versionId))
                .map(v ->
                        new RegisteredVersion(v.versionId, ModelReader.parse(v.modelJson), v.clientsAllowed, v.current))
                .toList();
    }

    /** Reads the registry into memory (also after an admin change). */
    public void reload() {
        List<SchemaVersion> all;
        try {
            all = VertxContextSupport.subscribeAndAwait(
                    () -> Panache.withSession(() -> SchemaVersion.<SchemaVersion>listAll()));
        } catch (Throwable e) {
            throw new IllegalStateException("cannot read schema versions: " + e.getMessage(), e);
        }
        keep(all);
    }

    public RegisteredVersion current() {
        return versions.stream().filter(RegisteredVersion::current).findFirst().orElseThrow();
    }

    public List<RegisteredVersion> versions() {
        return versions;
    }

    public Optional<RegisteredVersion> version(int id) {
        return versions.stream().filter(v -> v.versionId() == id).findFirst();
    }

    /** 2.15 steps 1–5. */
    public SchemaResolution resolve(String baseHash, String fullHash) {
        List<RegisteredVersion> all = versions;
        if (fullHash != null) {
            for (RegisteredVersion v : all)
                if (v.model().fullHash().equalsIgnoreCase(fullHash)) return SchemaResolution.of(v);
        }
        if (baseHash != null) {
            for (int i = all.size() - 1; i >= 0; i--) {
                if (all.get(i).model().baseHash().equalsIgnoreCase(baseHash)) return SchemaResolution.of(all.get(i));
            }
        }
        if (settings.schemaDefaultHash().isPresent()) {
            String d = settings.schemaDefaultHash().get();
            for (int i = all.size() - 1; i >= 0; i--) {
                Model m = all.get(i).model();
                if (m.fullHash().equals(d) || m.baseHash().equals(d)) return SchemaResolution.of(all.get(i));
            }
            return SchemaResolution.rejected("defaultHash names no registered schema version");
        }
        if (settings.schemaStrict())
            return SchemaResolution.rejected("unknown data model (strict client schema validation)");
        return SchemaResolution.of(current());
    }
}
