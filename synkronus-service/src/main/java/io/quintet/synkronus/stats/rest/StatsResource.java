package io.quintet.synkronus.stats.rest;

import io.quintet.synkronus.error.PlainText;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Observation statistics (synkronus.md 12.1): totals per form type and a dense day or week timeline. */
@Path("/api/stats")
public class StatsResource {

    private static final DateTimeFormatter LABEL = DateTimeFormatter.ofPattern("MMM d", Locale.ENGLISH);

    private final Pool pool;

    public StatsResource(Pool pool) {
        this.pool = pool;
    }

    @GET
    @Path("/observations")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Live observations per form type and per day (per week beyond a year)")
    public Uni<Response> observations() {
        Uni<List<Row>> byType = pool.query(
                        "SELECT form_type, count(*) FROM synkronus.observations WHERE NOT deleted GROUP BY form_type")
                .execute()
                .map(StatsResource::list);
        Uni<List<Row>> byDay = pool.query(
                        "SELECT (created_at AT TIME ZONE 'UTC')::date AS d, count(*) FROM synkronus.observations "
                                + "WHERE NOT deleted GROUP BY d ORDER BY d")
                .execute()
                .map(StatsResource::list);
        return Uni.combine()
                .all()
                .unis(byType, byDay)
                .asTuple()
                .map(t -> Response.ok(build(t.getItem1(), t.getItem2()), MediaType.APPLICATION_JSON_TYPE)
                        .build())
                .onFailure()
                .recoverWithItem(e -> PlainText.of(500, "failed to compute observation statistics"));
    }

    private static List<Row> list(io.vertx.mutiny.sqlclient.RowSet<Row> rows) {
        List<Row> out = new ArrayList<>();
        rows.forEach(out::add);
        return out;
    }

    static Map<String, Object> build(List<Row> types, List<Row> days) {
        long total = 0;
        TreeMap<String, Long> counts = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (Row r : types) {
            String type = r.getString(0) == null || r.getString(0).isBlank() ? "(no form type)" : r.getString(0);
            counts.merge(type, r.getLong(1), Long::sum);
            total += r.getLong(1);
        }
        List<Map<String, Object>> byFormType = new ArrayList<>();
        counts.forEach((type, count) -> byFormType.add(Map.of("formType", type, "count", count)));
        TreeMap<LocalDate, Long> perDay = new TreeMap<>();
        for (Row r : days) {
            perDay.put(r.getLocalDate(0), r.getLong(1));
        }
        Map<String, Object> timeline = new LinkedHashMap<>();
        List<Map<String, Object>> buckets = new ArrayList<>();
        if (perDay.isEmpty()) {
            timeline.put("bucketUnit", "day");
            timeline.put("rangeStart", "");
            timeline.put("rangeEnd", "");
        } else {
            LocalDate first = perDay.firstKey();
            LocalDate last = perDay.lastKey();
            boolean weekly = ChronoUnit.DAYS.between(first, last) >= 365;
            TreeMap<LocalDate, Long> bucketed = new TreeMap<>();
            perDay.forEach((day, count) -> bucketed.merge(
                    weekly ? day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)) : day, count, Long::sum));
            LocalDate start = bucketed.firstKey();
            LocalDate end = bucketed.lastKey();
            for (LocalDate d = start; !d.isAfter(end); d = d.plusDays(weekly ? 7 : 1)) {
                Map<String, Object> bucket = new LinkedHashMap<>();
                bucket.put("bucketStart", d.toString());
                bucket.put("label", LABEL.format(d));
                bucket.put("count", bucketed.getOrDefault(d, 0L));
                buckets.add(bucket);
            }
            timeline.put("bucketUnit", weekly ? "week" : "day");
            timeline.put("rangeStart", start.toString());
            timeline.put("rangeEnd", end.toString());
        }
        timeline.put("buckets", buckets);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("totalCount", total);
        answer.put("byFormType", byFormType);
        answer.put("timeline", timeline);
        answer.put("computedAt", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        return answer;
    }
}
