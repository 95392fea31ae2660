package io.quintet.synkronus.sync.repository;

import io.quintet.protocol.oplog.OperationLog;
import io.quintet.synkronus.repository.Generation;
import io.quintet.synkronus.repository.RepositoryState;
import io.quintet.synkronus.sync.Observation;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * The hot paths: a pull page is one statement (counter snapshot and rows together), a push is one
 * transaction of three statements whatever its size (counter share lock, operation-log append that
 * numbers the batch, one multi-row upsert over arrays).
 */
@Singleton
public class ObservationRepository {

    public record Page(long generation, long currentVersion, RowSet<Row> rows) {}

    public record Pushed(long generation, long currentVersion) {}

    private static final String COLUMNS = "o.observation_id, o.form_type, o.form_version, o.data::text, o.created_at, "
            + "o.updated_at, o.deleted, o.version, o.geolocation::text, o.author, o.device_id, o.tags";

    // version <= cur: a row committed after the snapshot waits for the next page, so the page never
    // runs ahead of the current_version it reports.
    private static final String PULL = "WITH " + RepositoryState.CURRENT + " SELECT c.g, c.cur, " + COLUMNS + " FROM c "
            + "LEFT JOIN LATERAL (SELECT * FROM synkronus.observations x WHERE x.version > $1 AND x.version <= c.cur "
            + "ORDER BY x.version, x.observation_id LIMIT $2) o ON true";
    private static final String PULL_TYPES =
            "WITH " + RepositoryState.CURRENT + " SELECT c.g, c.cur, " + COLUMNS + " FROM c "
                    + "LEFT JOIN LATERAL (SELECT * FROM synkronus.observations x WHERE x.version > $1 AND x.version <= c.cur "
                    + "AND x.form_type = ANY($3::text[]) ORDER BY x.version, x.observation_id LIMIT $2) o ON true";

    private static final String UPSERT =
            "INSERT INTO synkronus.observations AS o (observation_id, form_type, form_version, data, "
                    + "created_at, updated_at, deleted, version, geolocation, author, device_id, tags) "
                    + "SELECT r.id, r.ft, r.fv, r.d::jsonb, r.ca::timestamptz, now(), r.del, r.ver, r.geo::jsonb, r.au, r.dev, "
                    + "CASE WHEN r.tg IS NULL THEN NULL ELSE ARRAY(SELECT jsonb_array_elements_text(r.tg::jsonb)) END "
                    + "FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bool[], $7::int8[], $8::text[], "
                    + "$9::text[], $10::text[], $11::text[]) AS r(id, ft, fv, d, ca, del, ver, geo, au, dev, tg) "
                    + "ON CONFLICT (observation_id) DO UPDATE SET form_type = excluded.form_type, form_version = excluded.form_version, "
                    + "data = excluded.data, deleted = excluded.deleted, geolocation = excluded.geolocation, author = excluded.author, "
                    + "device_id = excluded.device_id, tags = excluded.tags, updated_at = excluded.updated_at, version = excluded.version";

    private final Pool pool;
    private final OperationLog log;
    private final RepositoryState state;

    public ObservationRepository(Pool pool, OperationLog log, RepositoryState state) {
        this.pool = pool;
        this.log = log;
        this.state = state;
    }

    /** Up to {@code limit} rows after {@code since} (the caller asks one more than it returns to learn has_more). */
    public Uni<Page> page(long since, List<String> formTypes, int limit) {
        Uni<RowSet<Row>> rows = formTypes.isEmpty()
                ? pool.preparedQuery(PULL).execute(Tuple.of(since, limit))
                : pool.preparedQuery(PULL_TYPES).execute(Tuple.of(since, limit, formTypes.toArray(String[]::new)));
        return rows.map(set -> {
            Row first = set.iterator().next();
            return new Page(first.getLong(0), first.getLong(1), set);
        });
    }

    /**
     * Stores the batch (ids unique, in the order given) all or nothing; the generation is checked
     * under the counter row's share lock, so a concurrent reset cannot interleave.
     */
    public Uni<Pushed> push(List<Observation> records, Generation generation) {
        return pool.withTransaction(tx -> state.lockForWrite(tx).flatMap(snapshot -> {
            generation.check(snapshot.generation());
            if (records.isEmpty()) {
                return Uni.createFrom().item(new Pushed(snapshot.generation(), snapshot.currentVersion()));
            }
            int n = records.size();
            // the observations table is the record: only the stream's commit-ordered numbers are taken
            return log.reserve(tx, snapshot.stream(), n).flatMap(top -> {
                String[] id = new String[n],
                        ft = new String[n],
                        fv = new String[n],
                        d = new String[n],
                        ca = new String[n],
                        geo = new String[n],
                        au = new String[n],
                        dev = new String[n],
                        tg = new String[n];
                Boolean[] del = new Boolean[n];
                Long[] ver = new Long[n];
                long last = 0;
                for (int i = 0; i < n; i++) {
                    Observation r = records.get(i);
                    id[i] = r.observationId();
                    ft[i] = r.formType();
                    fv[i] = r.formVersion();
                    d[i] = r.dataJson();
                    ca[i] = r.createdAt();
                    del[i] = r.deleted();
                    ver[i] = snapshot.base() + top - n + 1 + i;
                    last = Math.max(last, ver[i]);
                    geo[i] = r.geolocationJson();
                    au[i] = r.author();
                    dev[i] = r.deviceId();
                    tg[i] = r.tagsJson();
                }
                long current = last;
                return tx.preparedQuery(UPSERT)
                        .execute(Tuple.tuple()
                                .addArrayOfString(id)
                                .addArrayOfString(ft)
                                .addArrayOfString(fv)
                                .addArrayOfString(d)
                                .addArrayOfString(ca)
                                .addArrayOfBoolean(del)
                                .addArrayOfLong(ver)
                                .addArrayOfString(geo)
                                .addArrayOfString(au)
                                .addArrayOfString(dev)
                                .addArrayOfString(tg))
                        .map(done -> new Pushed(snapshot.generation(), current));
            });
        }));
    }
}
