package io.quintet.kosync.admin.repository;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.quintet.kosync.admin.imports.ImportedPosition;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The admin API's bulk reads and the import's set-based writes (one statement per table). */
@ApplicationScoped
public class AdminRepository {

    private final Pool pool;

    public AdminRepository(Pool pool) {
        this.pool = pool;
    }

    public record UserSummary(
            String username,
            long documents,
            @JsonProperty("created_at") String createdAt) {}

    public Uni<List<UserSummary>> list() {
        return pool.query("SELECT u.username, (SELECT count(*) FROM kosync.progress p WHERE p.user_id = u.id),"
                        + " to_char(u.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
                        + " FROM kosync.users u ORDER BY u.username")
                .execute()
                .map(rows -> {
                    List<UserSummary> list = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        list.add(new UserSummary(row.getString(0), row.getLong(1), row.getString(2)));
                    }
                    return list;
                });
    }

    /** Ids of the accounts created; names already present are left untouched and absent here. */
    public Uni<Map<String, Long>> insertUsers(SqlClient tx, String[] names, String[] keyHashes) {
        return tx.preparedQuery(
                        "INSERT INTO kosync.users (username, key_hash)"
                                + " SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT (username) DO NOTHING RETURNING username, id")
                .execute(Tuple.of(names, keyHashes))
                .map(rows -> {
                    Map<String, Long> ids = new HashMap<>();
                    for (Row row : rows) {
                        ids.put(row.getString(0), row.getLong(1));
                    }
                    return ids;
                });
    }

    public Uni<Integer> insertPositions(
            SqlClient tx, String table, List<Long> userIds, List<ImportedPosition> positions) {
        if (positions.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        int n = positions.size();
        Long[] users = userIds.toArray(Long[]::new);
        String[] documents = new String[n];
        Double[] percentages = new Double[n];
        String[] progress = new String[n];
        String[] devices = new String[n];
        String[] deviceIds = new String[n];
        Long[] timestamps = new Long[n];
        for (int i = 0; i < n; i++) {
            ImportedPosition p = positions.get(i);
            documents[i] = p.document();
            percentages[i] = p.percentage();
            progress[i] = p.progress();
            devices[i] = p.device();
            deviceIds[i] = p.deviceId();
            timestamps[i] = p.timestamp();
        }
        // table is one of two constants chosen by the service, never input
        return tx.preparedQuery(
                        "INSERT INTO kosync." + table
                                + " (user_id, document, percentage, progress, device, device_id, pushed_at)"
                                + " SELECT * FROM unnest($1::bigint[], $2::text[], $3::float8[], $4::text[], $5::text[], $6::text[], $7::bigint[])")
                .execute(Tuple.tuple()
                        .addArrayOfLong(users)
                        .addArrayOfString(documents)
                        .addArrayOfDouble(percentages)
                        .addArrayOfString(progress)
                        .addArrayOfString(devices)
                        .addArrayOfString(deviceIds)
                        .addArrayOfLong(timestamps))
                .map(rows -> rows.rowCount());
    }
}
