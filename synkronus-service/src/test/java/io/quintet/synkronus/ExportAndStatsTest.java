package io.quintet.synkronus;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quintet.synkronus.stats.rest.StatsResource;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.io.ByteArrayInputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ExportAndStatsTest {

    @Test
    @DisplayName("C92 raw JSON zip: <formType>/<observation_id>.json per live observation, data nested")
    void c92() throws Exception {
        String type = "raw-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> live = Sync.record(type);
        live.put("data", Map.of("name", "Ada", "nested", Map.of("x", 1)));
        Map<String, Object> gone = Sync.record(type);
        gone.put("deleted", true);
        Sync.pushOk(List.of(live, gone));
        Response zip = Api.admin().get("/api/dataexport/raw-json");
        zip.then()
                .statusCode(200)
                .contentType(equalTo("application/zip"))
                .header("Content-Disposition", equalTo("attachment; filename=\"observations_raw_json.zip\""));
        Map<String, String> entries = new HashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip.asByteArray()))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                entries.put(e.getName(), new String(in.readAllBytes()));
            }
        }
        String doc = entries.get(type + "/" + live.get("observation_id") + ".json");
        JsonPath json = new JsonPath(doc);
        assertEquals(1, json.getInt("data.nested.x"));
        assertEquals(live.get("observation_id"), json.getString("observation_id"));
        assertFalse(entries.containsKey(type + "/" + gone.get("observation_id") + ".json"));
    }

    @Test
    @DisplayName("C93 stats: totals per form type, (no form type), dense daily buckets")
    void c93() {
        String type = "stats-" + UUID.randomUUID().toString().substring(0, 8);
        Sync.pushOk(List.of(Sync.record(type), Sync.record(type), Sync.record("")));
        JsonPath stats = Api.admin()
                .get("/api/stats/observations")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertTrue(stats.getLong("totalCount") >= 3);
        assertEquals(2, stats.getInt("byFormType.find { it.formType == '" + type + "' }.count"));
        assertTrue(stats.getInt("byFormType.find { it.formType == '(no form type)' }.count") >= 1);
        assertEquals("day", stats.getString("timeline.bucketUnit"));
        assertFalse(stats.getList("timeline.buckets").isEmpty());
    }

    @Test
    @DisplayName("C93 timeline rules: empty → day with empty range; ≥ 365 days → Monday weeks, zero-filled")
    void c93Timeline() {
        Map<String, Object> empty = StatsResourceProbe.build(List.of(), List.of());
        @SuppressWarnings("unchecked")
        Map<String, Object> timeline = (Map<String, Object>) empty.get("timeline");
        assertEquals("day", timeline.get("bucketUnit"));
        assertEquals("", timeline.get("rangeStart"));
        assertEquals(List.of(), timeline.get("buckets"));
        Map<String, Object> year = StatsResourceProbe.days(
                java.time.LocalDate.parse("2025-01-01"), java.time.LocalDate.parse("2026-01-07"));
        @SuppressWarnings("unchecked")
        Map<String, Object> weekly = (Map<String, Object>) year.get("timeline");
        assertEquals("week", weekly.get("bucketUnit"));
        assertEquals("2024-12-30", weekly.get("rangeStart"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> buckets = (List<Map<String, Object>>) weekly.get("buckets");
        assertEquals("Dec 30", buckets.get(0).get("label"));
        assertEquals(0L, buckets.get(1).get("count"));
    }

    /** Drives {@link StatsResource}'s bucketing with rows from the database. */
    static final class StatsResourceProbe {
        static Map<String, Object> build(
                List<io.vertx.mutiny.sqlclient.Row> types, List<io.vertx.mutiny.sqlclient.Row> days) {
            try {
                var m = StatsResource.class.getDeclaredMethod("build", List.class, List.class);
                m.setAccessible(true);
                @SuppressWarnings("unchecked")
                Map<String, Object> out = (Map<String, Object>) m.invoke(null, types, days);
                return out;
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }

        static Map<String, Object> days(java.time.LocalDate first, java.time.LocalDate last) {
            var pool = io.quarkus.arc.Arc.container()
                    .instance(io.vertx.mutiny.sqlclient.Pool.class)
                    .get();
            var rows = pool.preparedQuery("SELECT d::date, 1::bigint FROM (VALUES ($1::date), ($2::date)) v(d)")
                    .execute(io.vertx.mutiny.sqlclient.Tuple.of(first, last))
                    .await()
                    .indefinitely();
            List<io.vertx.mutiny.sqlclient.Row> list = new java.util.ArrayList<>();
            rows.forEach(list::add);
            return build(List.of(), list);
        }
    }
}
