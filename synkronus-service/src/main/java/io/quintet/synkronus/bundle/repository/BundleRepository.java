package io.quintet.synkronus.bundle.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Sort;
import io.quintet.synkronus.bundle.BundleVersion;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** App bundle versions, files and the active version, in schema synkronus. */
@Singleton
public class BundleRepository {

    public record State(String active, OffsetDateTime switchedAt) {}

    public record FileInfo(String path, long size, String sha256, OffsetDateTime modTime) {}

    public record FileContent(byte[] content, String sha256, OffsetDateTime modTime) {}

    /** What a push stores: the version's files (APP_INFO.json and bundle.zip among them) and its info. */
    public record NewVersion(String appInfo, Map<String, byte[]> files) {}

    private final Pool pool;

    public BundleRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<State> state() {
        return pool.query("SELECT active, switched_at FROM synkronus.app_bundle_state WHERE id = 1")
                .execute()
                .map(rows -> {
                    Row r = rows.iterator().next();
                    return new State(r.getString(0), r.getOffsetDateTime(1));
                });
    }

    public Uni<List<FileInfo>> files(String version) {
        return pool.preparedQuery(
                        "SELECT path, size, sha256, mod_time FROM synkronus.app_bundle_files WHERE version = $1 ORDER BY path")
                .execute(Tuple.of(version))
                .map(rows -> {
                    List<FileInfo> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new FileInfo(r.getString(0), r.getLong(1), r.getString(2), r.getOffsetDateTime(3)));
                    }
                    return out;
                });
    }

    public Uni<Optional<FileContent>> file(String version, String path) {
        return pool.preparedQuery(
                        "SELECT content, sha256, mod_time FROM synkronus.app_bundle_files WHERE version = $1 AND path = $2")
                .execute(Tuple.of(version, path))
                .map(rows -> rows.size() == 0
                        ? Optional.empty()
                        : Optional.of(new FileContent(
                                rows.iterator().next().getBuffer(0).getBytes(),
                                rows.iterator().next().getString(1),
                                rows.iterator().next().getOffsetDateTime(2))));
    }

    /** Every version, newest first (Panache: the plain metadata records). */
    public Uni<List<BundleVersion>> versions() {
        return Panache.withSession(() -> BundleVersion.<BundleVersion>listAll(Sort.descending("version")));
    }

    public Uni<Optional<String>> appInfo(String version) {
        return pool.preparedQuery("SELECT app_info FROM synkronus.app_bundle_versions WHERE version = $1")
                .execute(Tuple.of(version))
                .map(rows -> rows.size() == 0
                        ? Optional.empty()
                        : Optional.of(rows.iterator().next().getString(0)));
    }

    /**
     * Stores the next version under the state row's lock: {@code build} gets the new version name and
     * the active version's APP_INFO.json (or null) and answers what to store (it validates). Versions
     * beyond {@code keep}, newest kept, are deleted, never the active one.
     */
    public Uni<String> push(Function<String, Function<String, NewVersion>> build, int keep) {
        return pool.withTransaction(tx -> tx.query(
                        "SELECT s.active, (SELECT app_info FROM synkronus.app_bundle_versions v WHERE v.version = s.active), "
                                + "(SELECT max(version) FROM synkronus.app_bundle_versions WHERE version ~ '^[0-9]+$') "
                                + "FROM synkronus.app_bundle_state s WHERE s.id = 1 FOR UPDATE")
                .execute()
                .flatMap(rows -> {
                    Row r = rows.iterator().next();
                    String highest = r.getString(2);
                    String version = String.format("%04d", highest == null ? 1 : Integer.parseInt(highest) + 1);
                    NewVersion stored = build.apply(version).apply(r.getString(1));
                    return insert(tx, version, stored)
                            .flatMap(done -> retain(tx, keep))
                            .replaceWith(version);
                }));
    }

    private Uni<Void> insert(SqlConnection tx, String version, NewVersion stored) {
        int n = stored.files().size();
        String[] paths = new String[n];
        Long[] sizes = new Long[n];
        String[] hashes = new String[n];
        Buffer[] contents = new Buffer[n];
        int i = 0;
        for (Map.Entry<String, byte[]> f : stored.files().entrySet()) {
            paths[i] = f.getKey();
            sizes[i] = (long) f.getValue().length;
            hashes[i] = io.quintet.synkronus.bundle.service.BundleValidator.sha256(f.getValue());
            contents[i] = Buffer.buffer(f.getValue());
            i++;
        }
        return tx.preparedQuery("INSERT INTO synkronus.app_bundle_versions (version, app_info) VALUES ($1, $2)")
                .execute(Tuple.of(version, stored.appInfo()))
                .flatMap(done -> tx.preparedQuery(
                                "INSERT INTO synkronus.app_bundle_files (version, path, size, sha256, content) "
                                        + "SELECT $1, p, s, h, c FROM unnest($2::text[], $3::int8[], $4::text[], $5::bytea[]) AS f(p, s, h, c)")
                        .execute(Tuple.of(version)
                                .addArrayOfString(paths)
                                .addArrayOfLong(sizes)
                                .addArrayOfString(hashes)
                                .addValue(java.util.Arrays.stream(contents)
                                        .map(Buffer::getDelegate)
                                        .toArray(io.vertx.core.buffer.Buffer[]::new))))
                .replaceWithVoid();
    }

    private Uni<Void> retain(SqlConnection tx, int keep) {
        return tx.preparedQuery("DELETE FROM synkronus.app_bundle_versions WHERE version NOT IN "
                        + "(SELECT version FROM synkronus.app_bundle_versions ORDER BY version DESC LIMIT $1) "
                        + "AND version IS DISTINCT FROM (SELECT active FROM synkronus.app_bundle_state WHERE id = 1)")
                .execute(Tuple.of(keep))
                .replaceWithVoid();
    }

    /** Makes a version active; false when there is no such version. */
    public Uni<Boolean> activate(String version) {
        return pool.withTransaction(tx -> tx.preparedQuery("UPDATE synkronus.app_bundle_state SET active = $1, "
                        + "switched_at = date_trunc('second', now()) WHERE id = 1 "
                        + "AND EXISTS (SELECT 1 FROM synkronus.app_bundle_versions WHERE version = $1)")
                .execute(Tuple.of(version))
                .map(rows -> rows.rowCount() == 1));
    }
}
