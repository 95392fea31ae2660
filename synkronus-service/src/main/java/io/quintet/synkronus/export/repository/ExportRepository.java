package io.quintet.synkronus.export.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The reads behind the Parquet export (synkronus.md 11.1): live form types, their data keys, their rows. */
@ApplicationScoped
public class ExportRepository {

    /** A data column's Parquet type: number → double, boolean → boolean, anything else → string. */
    public enum ValueType {
        DOUBLE,
        BOOLEAN,
        STRING
    }

    /** One row of a form type's export; {@code data} holds the text of each key's value in column order. */
    public record ExportRow(
            String observationId,
            String formType,
            String formVersion,
            OffsetDateTime createdAt,
            OffsetDateTime updatedAt,
            OffsetDateTime syncedAt,
            boolean deleted,
            long version,
            String geolocation,
            String[] data) {}

    private final Pool pool;

    public ExportRepository(Pool pool) {
        this.pool = pool;
    }

    /** Form types with at least one live observation, each with its top-level data keys and their types, sorted. */
    public Uni<Map<String, Map<String, ValueType>>> liveFormTypes() {
        Uni<RowSet<Row>> types = pool.query("SELECT DISTINCT form_type FROM synkronus.observations WHERE NOT deleted")
                .execute();
        // a key's type looks at its non-null values only: all numbers → double, all booleans → boolean
        Uni<RowSet<Row>> keys = pool.query(
                        "SELECT form_type, key, bool_and(kind = 'number') FILTER (WHERE kind <> 'null'),"
                                + " bool_and(kind = 'boolean') FILTER (WHERE kind <> 'null') FROM ("
                                + " SELECT o.form_type, k.key, jsonb_typeof(o.data -> k.key) AS kind"
                                + " FROM synkronus.observations o CROSS JOIN LATERAL jsonb_object_keys("
                                + " CASE WHEN jsonb_typeof(o.data) = 'object' THEN o.data ELSE '{}'::jsonb END) AS k(key)"
                                + " WHERE NOT o.deleted) s GROUP BY form_type, key")
                .execute();
        return Uni.combine().all().unis(types, keys).asTuple().map(both -> {
            Map<String, Map<String, ValueType>> forms = new TreeMap<>();
            for (Row r : both.getItem1()) {
                forms.put(r.getString(0), new TreeMap<>());
            }
            for (Row r : both.getItem2()) {
                Map<String, ValueType> columns = forms.get(r.getString(0));
                if (columns != null) {
                    columns.put(r.getString(1), type(r.getBoolean(2), r.getBoolean(3)));
                }
            }
            return forms;
        });
    }

    private static ValueType type(Boolean allNumbers, Boolean allBooleans) {
        if (Boolean.TRUE.equals(allNumbers)) {
            return ValueType.DOUBLE;
        }
        return Boolean.TRUE.equals(allBooleans) ? ValueType.BOOLEAN : ValueType.STRING;
    }

    /**
     * The next page of a form type's live observations in (created_at, observation_id) order, after
     * the given row (null for the first page), with the text of each named data key (as ->> gives it).
     */
    public Uni<List<ExportRow>> page(String formType, List<String> keys, ExportRow after, int limit) {
        String select = "SELECT observation_id, form_type, form_version, created_at, updated_at, synced_at, deleted,"
                + " version, geolocation::text, ARRAY(SELECT o.data ->> k.key FROM unnest($2::text[]) WITH ORDINALITY"
                + " AS k(key, n) ORDER BY k.n) FROM synkronus.observations o WHERE form_type = $1 AND NOT deleted";
        Tuple args = Tuple.of(formType, keys.toArray(String[]::new));
        String sql;
        if (after == null) {
            sql = select + " ORDER BY created_at, observation_id LIMIT $3";
            args.addInteger(limit);
        } else {
            sql = select + " AND (created_at, observation_id) > ($3, $4) ORDER BY created_at, observation_id LIMIT $5";
            args.addOffsetDateTime(after.createdAt())
                    .addString(after.observationId())
                    .addInteger(limit);
        }
        return pool.preparedQuery(sql).execute(args).map(rows -> {
            List<ExportRow> page = new ArrayList<>(rows.size());
            for (Row r : rows) {
                page.add(new ExportRow(
                        r.getString(0),
                        r.getString(1),
                        r.getString(2),
                        r.getOffsetDateTime(3),
                        r.getOffsetDateTime(4),
                        r.getOffsetDateTime(5),
                        r.getBoolean(6),
                        r.getLong(7),
                        r.getString(8),
                        r.getArrayOfStrings(9)));
            }
            return page;
        });
    }
}
