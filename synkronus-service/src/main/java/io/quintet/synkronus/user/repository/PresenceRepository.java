package io.quintet.synkronus.user.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/** user_client_presence: merged writes (latest last_seen_at; other fields keep the old value when the new one is null). */
@Singleton
public class PresenceRepository {

    public record Event(
            String username,
            String clientId,
            OffsetDateTime seenAt,
            Long dataVersion,
            String bundleVersion,
            String odeVersion) {}

    public record Stored(
            String username,
            String clientId,
            OffsetDateTime lastSeenAt,
            Long lastDataVersion,
            String appBundleVersion,
            String lastOdeVersion) {}

    private static final String UPSERT = "INSERT INTO synkronus.user_client_presence AS p "
            + "(username, client_id, last_seen_at, last_data_version, app_bundle_version, last_ode_version) "
            + "SELECT e.u, e.c, e.s, e.v, e.b, e.o "
            + "FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::bigint[], $5::text[], $6::text[]) AS e(u, c, s, v, b, o) "
            + "WHERE EXISTS (SELECT 1 FROM synkronus.users x WHERE x.username = e.u) "
            + "ON CONFLICT (username, client_id) DO UPDATE SET "
            + "last_seen_at = GREATEST(p.last_seen_at, excluded.last_seen_at), "
            + "last_data_version = COALESCE(excluded.last_data_version, p.last_data_version), "
            + "app_bundle_version = COALESCE(excluded.app_bundle_version, p.app_bundle_version), "
            + "last_ode_version = COALESCE(excluded.last_ode_version, p.last_ode_version)";

    private final Pool pool;

    public PresenceRepository(Pool pool) {
        this.pool = pool;
    }

    /** Events must hold each (username, client id) once. */
    public Uni<Void> write(List<Event> events) {
        int n = events.size();
        String[] u = new String[n], c = new String[n], b = new String[n], o = new String[n];
        OffsetDateTime[] s = new OffsetDateTime[n];
        Long[] v = new Long[n];
        for (int i = 0; i < n; i++) {
            Event e = events.get(i);
            u[i] = e.username();
            c[i] = e.clientId();
            s[i] = e.seenAt();
            v[i] = e.dataVersion();
            b[i] = e.bundleVersion();
            o[i] = e.odeVersion();
        }
        return pool.preparedQuery(UPSERT)
                .execute(Tuple.tuple()
                        .addArrayOfString(u)
                        .addArrayOfString(c)
                        .addArrayOfOffsetDateTime(s)
                        .addArrayOfLong(v)
                        .addArrayOfString(b)
                        .addArrayOfString(o))
                .replaceWithVoid();
    }

    public Uni<List<Stored>> all() {
        return pool.query(
                        "SELECT username, client_id, last_seen_at, last_data_version, app_bundle_version, last_ode_version "
                                + "FROM synkronus.user_client_presence ORDER BY username, client_id")
                .execute()
                .map(rows -> {
                    List<Stored> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new Stored(
                                r.getString(0),
                                r.getString(1),
                                r.getOffsetDateTime(2),
                                r.getLong(3),
                                r.getString(4),
                                r.getString(5)));
                    }
                    return out;
                });
    }
}
