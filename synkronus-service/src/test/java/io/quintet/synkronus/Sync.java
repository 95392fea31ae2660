package io.quintet.synkronus;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Observation helpers for the tests: records, pushes and pulls as a Formulus client sends them. */
public final class Sync {

    private Sync() {}

    public static Map<String, Object> record(String id, String formType, Map<String, Object> data) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("observation_id", id);
        r.put("form_type", formType);
        r.put("form_version", "1");
        r.put("data", data);
        r.put("created_at", "2026-12-07T01:18:40.151Z");
        r.put("updated_at", "2026-12-07T01:18:40.151Z");
        r.put("deleted", false);
        return r;
    }

    public static Map<String, Object> record(String formType) {
        return record(UUID.randomUUID().toString(), formType, Map.of("name", "Ada"));
    }

    public static Map<String, Object> pushBody(List<Map<String, Object>> records) {
        Map<String, Object> body = new HashMap<>();
        body.put("transmission_id", UUID.randomUUID().toString());
        body.put("client_id", "test-client");
        body.put("records", records);
        return body;
    }

    public static Response push(String token, List<Map<String, Object>> records) {
        return Api.as(token)
                .contentType(ContentType.JSON)
                .body(pushBody(records))
                .post("/api/sync/push");
    }

    public static JsonPath pushOk(List<Map<String, Object>> records) {
        return push(Api.adminToken(), records).then().statusCode(200).extract().jsonPath();
    }

    public static Response pull(String query, Map<String, Object> body) {
        return Api.admin().contentType(ContentType.JSON).body(body).post("/api/sync/pull" + query);
    }

    public static Map<String, Object> since(long version) {
        Map<String, Object> body = new HashMap<>();
        body.put("client_id", "test-client");
        body.put("since", Map.of("version", version));
        return body;
    }

    /** Every record after {@code since}, page by page as Formulus does. */
    public static List<Map<String, Object>> pullAll(long since, int limit) {
        List<Map<String, Object>> all = new ArrayList<>();
        long cursor = since;
        while (true) {
            JsonPath page = pull("?limit=" + limit, since(cursor))
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            List<Map<String, Object>> records = page.getList("records");
            if (records != null) {
                all.addAll(records);
            }
            if (!page.getBoolean("has_more")) {
                return all;
            }
            long next = page.getLong("change_cutoff");
            if (next <= cursor) {
                throw new AssertionError("change_cutoff did not grow");
            }
            cursor = next;
        }
    }

    public static long currentVersion() {
        return pull("", since(0)).then().statusCode(200).extract().jsonPath().getLong("current_version");
    }
}
