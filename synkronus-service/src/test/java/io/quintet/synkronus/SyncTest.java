package io.quintet.synkronus;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SyncTest {

    private static String type() {
        return "t" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static List<Map<String, Object>> pullType(String type) {
        Map<String, Object> body = Sync.since(0);
        body.put("schema_types", List.of(type));
        return Sync.pull("?limit=1000", body)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("records");
    }

    @Test
    @DisplayName("C38 push 2 new observations → success_count 2, current_version grows, no failed_records/warnings")
    void c38() {
        long before = Sync.currentVersion();
        JsonPath answer = Sync.pushOk(List.of(Sync.record("survey"), Sync.record("survey")));
        assertEquals(2, answer.getInt("success_count"));
        assertTrue(answer.getLong("current_version") > before);
        assertNull(answer.get("failed_records"));
        assertNull(answer.get("warnings"));
    }

    @Test
    @DisplayName("C39 pull returns pushed rows with every field, version ≤ current_version, ordered by (version, id)")
    void c39() {
        String type = type();
        Map<String, Object> a = Sync.record(type);
        a.put("author", "ada");
        Map<String, Object> b = Sync.record(type);
        Sync.pushOk(List.of(a, b));
        Map<String, Object> body = Sync.since(0);
        body.put("schema_types", List.of(type));
        JsonPath page = Sync.pull("", body).then().statusCode(200).extract().jsonPath();
        List<Map<String, Object>> records = page.getList("records");
        assertEquals(2, records.size());
        long current = page.getLong("current_version");
        long previous = -1;
        for (Map<String, Object> r : records) {
            for (String field : List.of(
                    "observation_id",
                    "form_type",
                    "form_version",
                    "data",
                    "created_at",
                    "updated_at",
                    "deleted",
                    "version")) {
                assertTrue(r.containsKey(field), field);
            }
            long v = ((Number) r.get("version")).longValue();
            assertTrue(v <= current);
            assertTrue(v > previous);
            previous = v;
        }
        assertEquals(Map.of("name", "Ada"), records.get(0).get("data"));
        assertEquals("2026-12-07T01:18:40.151Z", records.get(0).get("created_at"));
    }

    @Test
    @DisplayName("C40 re-push with new data → version grows, created_at kept, updated_at is server time")
    void c40() {
        String type = type();
        Map<String, Object> r = Sync.record(type);
        Sync.pushOk(List.of(r));
        Map<String, Object> first = pullType(type).get(0);
        r.put("data", Map.of("name", "Ada L."));
        r.put("created_at", "2030-01-01T00:00:00Z");
        r.put("updated_at", "2001-01-01T00:00:00Z");
        Sync.pushOk(List.of(r));
        Map<String, Object> second = pullType(type).get(0);
        assertTrue(((Number) second.get("version")).longValue() > ((Number) first.get("version")).longValue());
        assertEquals(first.get("created_at"), second.get("created_at"));
        assertEquals(Map.of("name", "Ada L."), second.get("data"));
        Instant updated = Instant.parse((String) second.get("updated_at"));
        assertTrue(updated.isAfter(Instant.parse("2026-01-01T00:00:00Z")), "server time, not the pushed value");
    }

    @Test
    @DisplayName("C41 pagination 5 rows limit 2 → pages 2,2,1 without duplicates or gaps")
    void c41() {
        String type = type();
        List<Map<String, Object>> five = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            five.add(Sync.record(type));
        }
        Sync.pushOk(five);
        long cursor = 0;
        List<Integer> sizes = new ArrayList<>();
        List<Boolean> more = new ArrayList<>();
        Set<Object> seen = new HashSet<>();
        while (true) {
            Map<String, Object> body = Sync.since(cursor);
            body.put("schema_types", List.of(type));
            JsonPath page =
                    Sync.pull("?limit=2", body).then().statusCode(200).extract().jsonPath();
            List<Map<String, Object>> records = page.getList("records");
            sizes.add(records.size());
            more.add(page.getBoolean("has_more"));
            for (Map<String, Object> r : records) {
                assertTrue(seen.add(r.get("observation_id")), "duplicate");
            }
            assertEquals(
                    ((Number) records.get(records.size() - 1).get("version")).longValue(),
                    page.getLong("change_cutoff"));
            if (!page.getBoolean("has_more")) {
                break;
            }
            cursor = page.getLong("change_cutoff");
        }
        assertEquals(List.of(2, 2, 1), sizes);
        assertEquals(List.of(true, true, false), more);
        assertEquals(5, seen.size());
    }

    @Test
    @DisplayName("C42 limit=0 and limit=abc → default 50; limit=5000 → at most 1000")
    void c42() {
        String type = type();
        for (int batch = 0; batch < 3; batch++) {
            List<Map<String, Object>> records = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                records.add(Sync.record(type));
            }
            Sync.pushOk(records);
        }
        Map<String, Object> body = Sync.since(0);
        body.put("schema_types", List.of(type));
        assertEquals(
                50, Sync.pull("?limit=0", body).jsonPath().getList("records").size());
        assertEquals(
                50, Sync.pull("?limit=abc", body).jsonPath().getList("records").size());
        assertEquals(50, Sync.pull("", body).jsonPath().getList("records").size());
        JsonPath big = Sync.pull("?limit=5000", body).jsonPath();
        assertEquals(1000, big.getList("records").size());
        assertTrue(big.getBoolean("has_more"));
    }

    @Test
    @DisplayName("C43 filters: ?schemaType=a and body schema_types [a,b]")
    void c43() {
        String a = type(), b = type(), c = type();
        Sync.pushOk(List.of(Sync.record(a), Sync.record(b), Sync.record(c)));
        List<Map<String, Object>> onlyA = Sync.pull("?schemaType=" + a + "&limit=1000", Sync.since(0))
                .jsonPath()
                .getList("records");
        assertEquals(1, onlyA.size());
        assertEquals(a, onlyA.get(0).get("form_type"));
        Map<String, Object> body = Sync.since(0);
        body.put("schema_types", List.of(a, b));
        List<Map<String, Object>> ab = Sync.pull("?limit=1000", body).jsonPath().getList("records");
        assertEquals(
                Set.of(a, b),
                new HashSet<>(ab.stream().map(r -> r.get("form_type")).toList()));
    }

    @Test
    @DisplayName("C44 since.id is accepted and ignored")
    void c44() {
        String type = type();
        Sync.pushOk(List.of(Sync.record(type)));
        Map<String, Object> with = new HashMap<>();
        with.put("client_id", "c");
        with.put("since", Map.of("version", 0, "id", "whatever"));
        with.put("schema_types", List.of(type));
        assertEquals(pullType(type), Sync.pull("?limit=1000", with).jsonPath().getList("records"));
    }

    @Test
    @DisplayName("C45 an empty observation_id → 200 with failed_records[0] {index, error, record}; the others stored")
    void c45() {
        String type = type();
        Map<String, Object> bad = Sync.record("", type, Map.of("x", 1));
        JsonPath answer = Sync.pushOk(List.of(bad, Sync.record(type)));
        assertEquals(1, answer.getInt("success_count"));
        assertEquals(0, answer.getInt("failed_records[0].index"));
        assertEquals("observation_id is required", answer.getString("failed_records[0].error"));
        assertEquals("", answer.getString("failed_records[0].record.observation_id"));
        assertEquals(1, pullType(type).size());
    }

    @Test
    @DisplayName("C46 empty form_type → stored with warning MISSING_FORM_TYPE")
    void c46() {
        Map<String, Object> r = Sync.record("");
        JsonPath answer = Sync.pushOk(List.of(r));
        assertEquals("MISSING_FORM_TYPE", answer.getString("warnings[0].code"));
        assertEquals(r.get("observation_id"), answer.getString("warnings[0].id"));
        assertEquals(1, answer.getInt("success_count"));
    }

    @Test
    @DisplayName("C47 one record without data → non-2xx and nothing of the batch stored")
    void c47() {
        String type = type();
        Map<String, Object> bad = Sync.record(type);
        bad.remove("data");
        Sync.push(Api.adminToken(), List.of(Sync.record(type), bad))
                .then()
                .statusCode(500)
                .body("message", equalTo("Failed to process sync data"));
        Map<String, Object> longVersion = Sync.record(type);
        longVersion.put("form_version", "x".repeat(51));
        Sync.push(Api.adminToken(), List.of(Sync.record(type), longVersion))
                .then()
                .statusCode(500);
        Map<String, Object> badDate = Sync.record(type);
        badDate.put("created_at", "not a date");
        Sync.push(Api.adminToken(), List.of(Sync.record(type), badDate)).then().statusCode(500);
        assertEquals(0, pullType(type).size());
    }

    @Test
    @DisplayName("C48 records [] → 200 count 0; missing records, empty transmission_id/client_id, non-JSON → 400")
    void c48() {
        Sync.pushOk(List.of()).getInt("success_count");
        assertEquals(0, Sync.pushOk(List.of()).getInt("success_count"));
        Map<String, Object> noRecords = new HashMap<>(Map.of("transmission_id", "t", "client_id", "c"));
        Api.admin()
                .contentType(ContentType.JSON)
                .body(noRecords)
                .post("/api/sync/push")
                .then()
                .statusCode(400)
                .body("message", equalTo("records array is required"));
        Api.admin()
                .contentType(ContentType.JSON)
                .body(Map.of("transmission_id", "", "client_id", "c", "records", List.of()))
                .post("/api/sync/push")
                .then()
                .statusCode(400)
                .body("message", equalTo("transmission_id is required"));
        Api.admin()
                .contentType(ContentType.JSON)
                .body(Map.of("transmission_id", "t", "client_id", "", "records", List.of()))
                .post("/api/sync/push")
                .then()
                .statusCode(400)
                .body("message", equalTo("client_id is required"));
        Api.admin()
                .contentType(ContentType.TEXT)
                .body("not json")
                .post("/api/sync/push")
                .then()
                .statusCode(400)
                .contentType(containsString("application/json"))
                .body("message", equalTo("Invalid request format"));
    }

    @Test
    @DisplayName("C49 pull with empty client_id → 400")
    void c49() {
        Api.admin()
                .contentType(ContentType.JSON)
                .body(Map.of("client_id", ""))
                .post("/api/sync/pull")
                .then()
                .statusCode(400)
                .body("message", equalTo("client_id is required"));
        Api.admin()
                .contentType(ContentType.JSON)
                .body("{")
                .post("/api/sync/pull")
                .then()
                .statusCode(400);
    }

    @Test
    @DisplayName("C50 tombstone round trip keeps data")
    void c50() {
        String type = type();
        Map<String, Object> r = Sync.record(type);
        r.put("deleted", true);
        Sync.pushOk(List.of(r));
        Map<String, Object> pulled = pullType(type).get(0);
        assertEquals(true, pulled.get("deleted"));
        assertEquals(Map.of("name", "Ada"), pulled.get("data"));
    }

    @Test
    @DisplayName("C51 geolocation keeps its five numbers and drops timestamp; null → key absent")
    void c51() {
        String type = type();
        Map<String, Object> r = Sync.record(type);
        Map<String, Object> geo = new LinkedHashMap<>();
        geo.put("latitude", 1.5);
        geo.put("longitude", 2.5);
        geo.put("accuracy", 3);
        geo.put("altitude", 100.25);
        geo.put("altitude_accuracy", 4);
        geo.put("timestamp", "2026-12-07T01:18:40.151Z");
        r.put("geolocation", geo);
        Map<String, Object> none = Sync.record(type);
        none.put("geolocation", null);
        Sync.pushOk(List.of(r, none));
        for (Map<String, Object> p : pullType(type)) {
            if (p.get("observation_id").equals(r.get("observation_id"))) {
                @SuppressWarnings("unchecked")
                Map<String, Object> g = (Map<String, Object>) p.get("geolocation");
                assertEquals(Set.of("latitude", "longitude", "accuracy", "altitude", "altitude_accuracy"), g.keySet());
                assertEquals(1.5, ((Number) g.get("latitude")).doubleValue());
                assertEquals(100.25, ((Number) g.get("altitude")).doubleValue());
            } else {
                assertFalse(p.containsKey("geolocation"));
            }
        }
    }

    @Test
    @DisplayName("C52 author, device_id, tags round trip; tags [] → key absent")
    void c52() {
        String type = type();
        Map<String, Object> r = Sync.record(type);
        r.put("author", "ada");
        r.put("device_id", "dev-1");
        r.put("tags", List.of("a", "b"));
        Map<String, Object> empty = Sync.record(type);
        empty.put("tags", List.of());
        Sync.pushOk(List.of(r, empty));
        for (Map<String, Object> p : pullType(type)) {
            if (p.get("observation_id").equals(r.get("observation_id"))) {
                assertEquals("ada", p.get("author"));
                assertEquals("dev-1", p.get("device_id"));
                assertEquals(List.of("a", "b"), p.get("tags"));
            } else {
                assertFalse(p.containsKey("tags"));
                assertFalse(p.containsKey("author"));
            }
        }
    }

    @Test
    @DisplayName("C53 10 parallel pushes × 3 new records → all 200, 30 rows, distinct versions")
    void c53() throws Exception {
        String type = type();
        ExecutorService pool = Executors.newFixedThreadPool(10);
        try {
            List<CompletableFuture<Integer>> pushes = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                pushes.add(CompletableFuture.supplyAsync(
                        () -> Sync.push(
                                        Api.adminToken(),
                                        List.of(Sync.record(type), Sync.record(type), Sync.record(type)))
                                .statusCode(),
                        pool));
            }
            for (CompletableFuture<Integer> p : pushes) {
                assertEquals(200, p.get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdown();
        }
        List<Map<String, Object>> rows = pullType(type);
        assertEquals(30, rows.size());
        assertEquals(30, new HashSet<>(rows.stream().map(r -> r.get("version")).toList()).size());
    }

    @Test
    @DisplayName("C54 five sequential single inserts → current_version +1 each time")
    void c54() {
        long previous = Sync.pushOk(List.of()).getLong("current_version");
        for (int i = 0; i < 5; i++) {
            long now = Sync.pushOk(List.of(Sync.record(type()))).getLong("current_version");
            assertEquals(previous + 1, now);
            previous = now;
        }
    }

    @Test
    @DisplayName("C55 a reader paging during concurrent pushes sees every record exactly once")
    void c55() throws Exception {
        String type = type();
        long start = Sync.currentVersion();
        AtomicBoolean done = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<CompletableFuture<Void>> writers = new ArrayList<>();
        for (int w = 0; w < 3; w++) {
            writers.add(CompletableFuture.runAsync(
                    () -> {
                        for (int i = 0; i < 15; i++) {
                            List<Map<String, Object>> batch = new ArrayList<>();
                            for (int k = 0; k < 10; k++) {
                                batch.add(Sync.record(type));
                            }
                            Sync.push(Api.adminToken(), batch).then().statusCode(200);
                        }
                    },
                    pool));
        }
        Map<Object, Integer> seen = new HashMap<>();
        long cursor = start;
        CompletableFuture<Void> all = CompletableFuture.allOf(writers.toArray(CompletableFuture[]::new));
        boolean finalRound = false;
        while (true) {
            Map<String, Object> body = Sync.since(cursor);
            body.put("schema_types", List.of(type));
            JsonPath page =
                    Sync.pull("?limit=7", body).then().statusCode(200).extract().jsonPath();
            for (Map<String, Object> r : page.<Map<String, Object>>getList("records")) {
                seen.merge(r.get("observation_id"), 1, Integer::sum);
            }
            assertTrue(page.getLong("change_cutoff") <= page.getLong("current_version"));
            cursor = page.getBoolean("has_more") ? page.getLong("change_cutoff") : page.getLong("current_version");
            if (!page.getBoolean("has_more")) {
                if (finalRound) {
                    break;
                }
                if (all.isDone()) {
                    finalRound = true;
                }
            }
        }
        all.get(60, TimeUnit.SECONDS);
        pool.shutdown();
        assertEquals(450, seen.size());
        assertTrue(seen.values().stream().allMatch(n -> n == 1), "a record was delivered twice");
        assertNotEquals(start, cursor);
    }

    @Test
    @DisplayName(
            "C95 Formulus-style sync: pull pages until has_more is false, keep current_version, push in batches, pull again from the cursor")
    void c95() {
        String type = type();
        List<Map<String, Object>> seed = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            seed.add(Sync.record(type));
        }
        Sync.pushOk(seed);
        long cursor = 0;
        int pulled = 0;
        while (true) {
            Map<String, Object> body = Sync.since(cursor);
            body.put("schema_types", List.of(type));
            JsonPath page =
                    Sync.pull("?limit=3", body).then().statusCode(200).extract().jsonPath();
            pulled += page.getList("records").size();
            if (!page.getBoolean("has_more")) {
                cursor = page.getLong("current_version");
                break;
            }
            long next = page.getLong("change_cutoff");
            assertTrue(next > cursor, "change_cutoff must grow");
            cursor = next;
        }
        assertEquals(7, pulled);
        for (int batch = 0; batch < 2; batch++) {
            List<Map<String, Object>> local = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                local.add(Sync.record(type));
            }
            long after = Sync.pushOk(local).getLong("current_version");
            assertTrue(after > cursor);
        }
        // another device's change arrives after this client's cursor
        Sync.pushOk(List.of(Sync.record(type)));
        Map<String, Object> body = Sync.since(cursor);
        body.put("schema_types", List.of(type));
        assertEquals(
                9, Sync.pull("?limit=100", body).jsonPath().getList("records").size());
    }
}
