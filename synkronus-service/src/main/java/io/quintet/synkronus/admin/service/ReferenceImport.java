package io.quintet.synkronus.admin.service;

import io.quintet.synkronus.attachment.repository.AttachmentRepository;
import io.quintet.synkronus.attachment.repository.AttachmentRepository.Content;
import io.quintet.synkronus.attachment.service.AttachmentIds;
import io.quintet.synkronus.bundle.service.BundleService;
import io.quintet.synkronus.bundle.service.BundleValidator;
import io.quintet.synkronus.error.SynkronusError;
import io.quintet.synkronus.repository.RepositoryState;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.pgclient.PgConnection;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgConnectOptions;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Takes over an existing Synkronus deployment (its PostgreSQL database and its data directory):
 * users with their bcrypt hashes, observations with their versions, attachment operations and
 * files, app bundle versions and the active one. One transaction under the counter row's lock;
 * what is already here is left alone, so running it again imports nothing twice. The repository
 * generation and the version counter move up to the reference's, so its clients keep their cursors.
 */
@Singleton
public class ReferenceImport {

    private static final Logger LOG = Logger.getLogger(ReferenceImport.class);
    private static final int PAGE = 1000;

    private final Pool pool;
    private final Vertx vertx;
    private final AttachmentRepository attachments;
    private final BundleService bundleService;

    public ReferenceImport(Pool pool, Vertx vertx, AttachmentRepository attachments, BundleService bundleService) {
        this.bundleService = bundleService;
        this.pool = pool;
        this.vertx = vertx;
        this.attachments = attachments;
    }

    public Uni<Map<String, Long>> run(String databaseUrl, String dataDir) {
        PgConnectOptions options;
        try {
            options = PgConnectOptions.fromUri(databaseUrl.replaceFirst("^postgres://", "postgresql://"));
        } catch (RuntimeException e) {
            throw SynkronusError.INVALID_REQUEST_FORMAT.exception("database_url is not a PostgreSQL URL");
        }
        Path data = dataDir == null || dataDir.isBlank() ? null : Path.of(dataDir);
        Map<String, Long> counts = new LinkedHashMap<>();
        return PgConnection.connect(vertx, options)
                .flatMap(source -> pool.withTransaction(tx -> tx.query(
                                        "SELECT repository_generation FROM synkronus.sync_version WHERE id = 1 FOR UPDATE")
                                .execute()
                                .flatMap(locked -> users(source, tx, counts))
                                .flatMap(done -> observations(source, tx, counts))
                                .flatMap(done -> operations(source, tx, counts))
                                .flatMap(done -> counter(source, tx))
                                .flatMap(done -> data == null ? Uni.createFrom().voidItem() : files(data, tx, counts))
                                .flatMap(
                                        done -> data == null ? Uni.createFrom().voidItem() : bundles(data, tx, counts)))
                        .eventually(source::close))
                .replaceWith(counts)
                .invoke(bundleService::switched)
                .invoke(c -> LOG.infof("imported from the reference deployment: %s", c));
    }

    private Uni<Void> users(PgConnection source, SqlConnection tx, Map<String, Long> counts) {
        return source.query(
                        "SELECT id, username, password_hash, role, created_at, updated_at FROM users ORDER BY username")
                .execute()
                .flatMap(rows -> {
                    int n = rows.size();
                    UUID[] ids = new UUID[n];
                    String[] names = new String[n], hashes = new String[n], roles = new String[n];
                    LocalDateTime[] created = new LocalDateTime[n], updated = new LocalDateTime[n];
                    int i = 0;
                    for (Row r : rows) {
                        ids[i] = r.getUUID(0);
                        names[i] = r.getString(1);
                        hashes[i] = r.getString(2);
                        roles[i] = r.getString(3);
                        created[i] = r.getLocalDateTime(4);
                        updated[i] = r.getLocalDateTime(5);
                        i++;
                    }
                    return tx.preparedQuery(
                                    "INSERT INTO synkronus.users (id, username, password_hash, role, created_at, updated_at) "
                                            + "SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::timestamp[], $6::timestamp[]) "
                                            + "ON CONFLICT DO NOTHING")
                            .execute(Tuple.tuple()
                                    .addArrayOfUUID(ids)
                                    .addArrayOfString(names)
                                    .addArrayOfString(hashes)
                                    .addArrayOfString(roles)
                                    .addArrayOfLocalDateTime(created)
                                    .addArrayOfLocalDateTime(updated))
                            .invoke(result -> counts.put("users", (long) result.rowCount()))
                            .replaceWithVoid();
                });
    }

    private Uni<Void> observations(PgConnection source, SqlConnection tx, Map<String, Long> counts) {
        AtomicLong imported = new AtomicLong();
        AtomicLong after = new AtomicLong(Long.MIN_VALUE);
        return Multi.createBy()
                .repeating()
                .uni(() -> source.preparedQuery("SELECT observation_id, form_type, form_version, data::text, "
                                + "created_at, updated_at, synced_at, deleted, version, geolocation::text, author, device_id, tags "
                                + "FROM observations WHERE version > $1 ORDER BY version LIMIT $2")
                        .execute(Tuple.of(after.get(), PAGE))
                        .flatMap(rows -> insertObservations(tx, rows, after, imported)))
                .whilst(n -> n == PAGE)
                .collect()
                .last()
                .invoke(() -> counts.put("observations", imported.get()))
                .replaceWithVoid();
    }

    private Uni<Integer> insertObservations(SqlConnection tx, RowSet<Row> rows, AtomicLong after, AtomicLong imported) {
        int n = rows.size();
        if (n == 0) {
            return Uni.createFrom().item(0);
        }
        List<Object[]> columns = new ArrayList<>();
        String[] id = new String[n],
                ft = new String[n],
                fv = new String[n],
                data = new String[n],
                geo = new String[n],
                author = new String[n],
                device = new String[n],
                tags = new String[n];
        OffsetDateTime[] created = new OffsetDateTime[n],
                updated = new OffsetDateTime[n],
                synced = new OffsetDateTime[n];
        Boolean[] deleted = new Boolean[n];
        Long[] version = new Long[n];
        int i = 0;
        for (Row r : rows) {
            id[i] = r.getString(0);
            ft[i] = r.getString(1);
            fv[i] = r.getString(2);
            data[i] = r.getString(3);
            created[i] = r.getOffsetDateTime(4);
            updated[i] = r.getOffsetDateTime(5);
            synced[i] = r.getOffsetDateTime(6);
            deleted[i] = r.getBoolean(7);
            version[i] = r.getLong(8);
            geo[i] = r.getString(9);
            author[i] = r.getString(10);
            device[i] = r.getString(11);
            String[] t = r.getArrayOfStrings(12);
            tags[i] = t == null ? null : io.vertx.core.json.Json.encode(t);
            after.set(Math.max(after.get(), version[i]));
            i++;
        }
        columns.add(id);
        return tx.preparedQuery(
                        "INSERT INTO synkronus.observations AS o (observation_id, form_type, form_version, data, created_at, "
                                + "updated_at, synced_at, deleted, version, geolocation, author, device_id, tags) "
                                + "SELECT r.id, r.ft, r.fv, r.d::jsonb, r.ca, r.ua, r.sa, r.del, r.ver, r.geo::jsonb, r.au, r.dev, "
                                + "CASE WHEN r.tg IS NULL THEN NULL ELSE ARRAY(SELECT jsonb_array_elements_text(r.tg::jsonb)) END "
                                + "FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::timestamptz[], $7::timestamptz[], "
                                + "$8::bool[], $9::int8[], $10::text[], $11::text[], $12::text[], $13::text[]) "
                                + "AS r(id, ft, fv, d, ca, ua, sa, del, ver, geo, au, dev, tg) "
                                + "ON CONFLICT (observation_id) DO UPDATE SET form_type = excluded.form_type, form_version = excluded.form_version, "
                                + "data = excluded.data, updated_at = excluded.updated_at, deleted = excluded.deleted, version = excluded.version, "
                                + "geolocation = excluded.geolocation, author = excluded.author, device_id = excluded.device_id, tags = excluded.tags "
                                + "WHERE o.version < excluded.version")
                .execute(Tuple.tuple()
                        .addArrayOfString(id)
                        .addArrayOfString(ft)
                        .addArrayOfString(fv)
                        .addArrayOfString(data)
                        .addArrayOfOffsetDateTime(created)
                        .addArrayOfOffsetDateTime(updated)
                        .addArrayOfOffsetDateTime(synced)
                        .addArrayOfBoolean(deleted)
                        .addArrayOfLong(version)
                        .addArrayOfString(geo)
                        .addArrayOfString(author)
                        .addArrayOfString(device)
                        .addArrayOfString(tags))
                .map(result -> {
                    imported.addAndGet(result.rowCount());
                    return n;
                });
    }

    private Uni<Void> operations(PgConnection source, SqlConnection tx, Map<String, Long> counts) {
        return source.query("SELECT attachment_id, operation, client_id, version, size, content_type, created_at "
                        + "FROM attachment_operations ORDER BY version")
                .execute()
                .flatMap(rows -> {
                    int n = rows.size();
                    String[] id = new String[n], op = new String[n], client = new String[n], type = new String[n];
                    Long[] version = new Long[n];
                    Integer[] size = new Integer[n];
                    OffsetDateTime[] created = new OffsetDateTime[n];
                    int i = 0;
                    for (Row r : rows) {
                        id[i] = r.getString(0);
                        op[i] = r.getString(1);
                        client[i] = r.getString(2);
                        version[i] = r.getLong(3);
                        size[i] = r.getInteger(4);
                        type[i] = r.getString(5);
                        created[i] = r.getOffsetDateTime(6);
                        i++;
                    }
                    return tx.preparedQuery(
                                    "INSERT INTO synkronus.attachment_operations (attachment_id, operation, client_id, version, size, "
                                            + "content_type, created_at) SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int8[], $5::int4[], "
                                            + "$6::text[], $7::timestamptz[]) AS s(a, o, c, v, sz, ct, ca) WHERE NOT EXISTS (SELECT 1 FROM "
                                            + "synkronus.attachment_operations x WHERE x.attachment_id = s.a AND x.operation = s.o AND x.version = s.v)")
                            .execute(Tuple.tuple()
                                    .addArrayOfString(id)
                                    .addArrayOfString(op)
                                    .addArrayOfString(client)
                                    .addArrayOfLong(version)
                                    .addArrayOfInteger(size)
                                    .addArrayOfString(type)
                                    .addArrayOfOffsetDateTime(created))
                            .invoke(result -> counts.put("attachment_operations", (long) result.rowCount()))
                            .replaceWithVoid();
                });
    }

    /**
     * The generation and counter move up to at least the reference's (and past every imported
     * version), never down: clients of the reference keep their generation and cursors.
     */
    private Uni<Void> counter(PgConnection source, SqlConnection tx) {
        return source.query("SELECT current_version, COALESCE(repository_generation, 1) FROM sync_version WHERE id = 1")
                .execute()
                .onFailure()
                .recoverWithUni(() -> source.query("SELECT current_version, 1 FROM sync_version WHERE id = 1")
                        .execute())
                .flatMap(rows -> {
                    Row r = rows.iterator().next();
                    long sourceCurrent = r.getLong(0);
                    long sourceGeneration = r.getLong(1);
                    return tx.preparedQuery(
                                    "WITH " + RepositoryState.CURRENT + ", m AS (SELECT COALESCE(max(version), 0) AS v "
                                            + "FROM (SELECT version FROM synkronus.observations UNION ALL SELECT version FROM synkronus.attachment_operations) x), "
                                            + "target AS (SELECT GREATEST(c.g, $2) AS g, GREATEST(c.cur, $1, m.v) AS cur, c.g AS old_g FROM c, m) "
                                            + "UPDATE synkronus.sync_version s SET repository_generation = t.g, "
                                            + "version_base = t.cur - COALESCE((SELECT head FROM synkronus.oplog_head h WHERE h.stream = 'g' || t.g), 0), "
                                            + "updated_at = now() FROM target t WHERE s.id = 1")
                            .execute(Tuple.of(sourceCurrent, sourceGeneration))
                            .replaceWithVoid();
                });
    }

    /** Files of every attachment the reference holds: attachments/ (served) and attachments_uncompressed/ (originals). */
    private Uni<Void> files(Path data, SqlConnection tx, Map<String, Long> counts) {
        AtomicLong stored = new AtomicLong();
        List<String[]> found = new ArrayList<>();
        for (String[] dir : new String[][] {{"attachments", "s/"}, {"attachments_uncompressed", "o/"}}) {
            Path folder = data.resolve(dir[0]);
            if (!Files.isDirectory(folder)) {
                continue;
            }
            try (Stream<Path> list = Files.list(folder)) {
                list.filter(Files::isRegularFile)
                        .map(p -> p.getFileName().toString())
                        .filter(AttachmentIds::valid)
                        .sorted()
                        .forEach(name -> found.add(new String[] {
                            dir[1] + name, folder.resolve(name).toString()
                        }));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return Multi.createFrom()
                .iterable(found)
                .onItem()
                .transformToUniAndConcatenate(entry -> tx.preparedQuery(
                                "SELECT 1 FROM synkronus.attachment_blobs WHERE blob_key = $1")
                        .execute(Tuple.of(entry[0]))
                        .flatMap(rows -> {
                            if (rows.size() > 0) {
                                return Uni.createFrom().voidItem();
                            }
                            Path file = Path.of(entry[1]);
                            long size;
                            try {
                                size = Files.size(file);
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                            Content content = new Content(file, size);
                            // the import holds the counter row: no reset can move the generation meanwhile
                            return tx.query("SELECT repository_generation FROM synkronus.sync_version WHERE id = 1")
                                    .execute()
                                    .flatMap(g -> attachments.stageObject(
                                            g.iterator().next().getLong(0), entry[0], content))
                                    .flatMap(location -> attachments
                                            .writeObject(tx, entry[0], content, location)
                                            .onFailure()
                                            .call(() -> attachments.discard(location)))
                                    .invoke(() -> stored.incrementAndGet())
                                    .replaceWithVoid();
                        }))
                .collect()
                .last()
                .invoke(() -> counts.put("attachment_files", stored.get()))
                .replaceWithVoid();
    }

    /** app-bundle/versions/&lt;NNNN&gt;/ (files, APP_INFO.json, bundle.zip) and versions/CURRENT_VERSION. */
    private Uni<Void> bundles(Path data, SqlConnection tx, Map<String, Long> counts) {
        Path versions = data.resolve("app-bundle").resolve("versions");
        if (!Files.isDirectory(versions)) {
            counts.put("bundle_versions", 0L);
            return Uni.createFrom().voidItem();
        }
        Map<String, Map<String, byte[]>> byVersion = new TreeMap<>();
        String current;
        try (Stream<Path> list = Files.list(versions)) {
            for (Path dir : list.filter(Files::isDirectory).toList()) {
                String name = dir.getFileName().toString();
                if (!name.matches("[0-9]{1,16}")) {
                    continue;
                }
                Map<String, byte[]> files = new TreeMap<>();
                try (Stream<Path> walk = Files.walk(dir)) {
                    for (Path f : walk.filter(Files::isRegularFile).toList()) {
                        files.put(dir.relativize(f).toString().replace('\\', '/'), Files.readAllBytes(f));
                    }
                }
                byVersion.put(name, files);
            }
            Path marker = versions.resolve("CURRENT_VERSION");
            current = Files.isRegularFile(marker)
                    ? Files.readString(marker, StandardCharsets.UTF_8).trim()
                    : null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        AtomicLong imported = new AtomicLong();
        return Multi.createFrom()
                .iterable(byVersion.entrySet())
                .onItem()
                .transformToUniAndConcatenate(v -> {
                    byte[] info = v.getValue().getOrDefault("APP_INFO.json", "{}".getBytes(StandardCharsets.UTF_8));
                    return tx.preparedQuery(
                                    "INSERT INTO synkronus.app_bundle_versions (version, app_info) VALUES ($1, $2) ON CONFLICT DO NOTHING")
                            .execute(Tuple.of(v.getKey(), new String(info, StandardCharsets.UTF_8)))
                            .flatMap(result -> {
                                if (result.rowCount() == 0) {
                                    return Uni.createFrom().voidItem();
                                }
                                imported.incrementAndGet();
                                return Multi.createFrom()
                                        .iterable(v.getValue().entrySet())
                                        .onItem()
                                        .transformToUniAndConcatenate(f -> tx.preparedQuery(
                                                        "INSERT INTO synkronus.app_bundle_files (version, path, size, sha256, content) "
                                                                + "VALUES ($1, $2, $3, $4, $5)")
                                                .execute(Tuple.tuple()
                                                        .addString(v.getKey())
                                                        .addString(f.getKey())
                                                        .addLong((long) f.getValue().length)
                                                        .addString(BundleValidator.sha256(f.getValue()))
                                                        .addBuffer(Buffer.buffer(f.getValue()))))
                                        .collect()
                                        .last()
                                        .replaceWithVoid();
                            });
                })
                .collect()
                .last()
                .flatMap(done -> current == null || !byVersion.containsKey(current)
                        ? Uni.createFrom().voidItem()
                        : tx.preparedQuery(
                                        "UPDATE synkronus.app_bundle_state SET active = $1, switched_at = date_trunc('second', now()) "
                                                + "WHERE id = 1 AND active IS NULL")
                                .execute(Tuple.of(current))
                                .replaceWithVoid())
                .invoke(() -> counts.put("bundle_versions", imported.get()));
    }

    static String key(String id) {
        return AttachmentRepository.servedKey(id);
    }
}
