package io.quintet.kora.collection;

import static io.quintet.kora.testing.KoraTestClient.JSON;
import static io.quintet.kora.testing.KoraTestClient.data;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quintet.kora.config.ServerNode;
import io.quintet.kora.testing.KoraTestClient;
import io.quintet.kora.testing.KoraTestSupport;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.net.URL;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** Materialized collections, constraints, relations and the admin read API (kora.md 12.3, 12.4, 13). */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CollectionTest {

    static final String TOKEN = "test-admin-token";

    static final String SCHEMA = """
            {"version": 1,
             "collections": {
               "cprojects": {"fields": {"name": {"kind": "string"}, "code": "string",
                                         "archived": {"kind": "boolean", "default": false}},
                             "indexes": ["code"],
                             "constraints": [{"type": "unique", "fields": ["code"]}]},
               "ctasks": {"fields": {"title": "string", "projectId": "string", "points": "number",
                                      "status": {"kind": "enum", "values": ["open", "done"], "default": "open"},
                                      "tags": "array", "meta": "object", "body": "richtext", "due": "timestamp"},
                          "indexes": ["projectId"],
                          "constraints": [{"type": "referential", "fields": ["projectId"], "where": {"collection": "cprojects"}}]},
               "cnotes": {"fields": {"text": "string", "projectId": "string"}},
               "cpins": {"fields": {"projectId": "string"}}
             },
             "relations": {
               "taskProject": {"from": "ctasks", "to": "cprojects", "field": "projectId", "onDelete": "cascade"},
               "noteProject": {"from": "cnotes", "to": "cprojects", "field": "projectId", "onDelete": "set-null"},
               "pinProject": {"from": "cpins", "to": "cprojects", "field": "projectId", "onDelete": "restrict"}
             }}""";

    @TestHTTPResource("/")
    URL base;

    @Inject
    Pool pool;

    @Inject
    ServerNode serverNode;

    private KoraTestClient client() {
        return KoraTestClient.connect(KoraTestSupport.ws(base, "/"));
    }

    private static RequestSpecification admin() {
        return RestAssured.given().header("Authorization", "Bearer " + TOKEN);
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    private void ensureSchema() {
        admin().body(SCHEMA).put("/admin/schema").then().statusCode(200);
    }

    private List<Row> rows(String sql, Object... args) {
        List<Row> result = new ArrayList<>();
        pool.preparedQuery(sql).execute(Tuple.from(args)).await().indefinitely().forEach(result::add);
        return result;
    }

    private boolean stored(String opId) {
        return !rows("SELECT 1 FROM kora.operations WHERE id = $1", opId).isEmpty();
    }

    private JsonNode find(String collection, String id) {
        String body = admin().get("/admin/collections/" + collection + "/records/" + id)
                .then()
                .extract()
                .asString();
        try {
            return JSON.readTree(body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes a batch and returns every message up to and including its acknowledgment. */
    private static List<JsonNode> write(KoraTestClient c, JsonNode... ops) {
        c.send(c.batch(ops));
        List<JsonNode> replies = new ArrayList<>();
        JsonNode m;
        do {
            m = c.next();
            if (m.path("type").asText().equals("operation-batch")) {
                c.ack(m);
                continue;
            }
            replies.add(m);
        } while (!m.path("type").asText().equals("acknowledgment"));
        return replies;
    }

    @Test
    @Order(1)
    @DisplayName(
            "C61 setSchema creates tables, columns and indexes per 12.3, backfills existing operations, adds new columns on re-run")
    void c61SetSchema() {
        String early = unique("early");
        try (KoraTestClient a = client()) {
            a.handshakeAndSync(0);
            // written before any schema: only logged
            write(a, a.insert("cprojects", early, data("name", "Early", "code", early)));
        }
        ensureSchema();
        JsonNode row = find("cprojects", early);
        assertEquals("Early", row.get("name").asText());
        assertFalse(row.get("archived").asBoolean());
        assertTrue(row.get("_created_at").asLong() > 0);
        Set<String> columns = new HashSet<>();
        rows("SELECT column_name || ':' || data_type FROM information_schema.columns WHERE table_schema = 'kora'"
                        + " AND table_name = 'ctasks'")
                .forEach(r -> columns.add(r.getString(0)));
        assertEquals(
                Set.of(
                        "id:text",
                        "title:text",
                        "projectId:text",
                        "points:double precision",
                        "status:text",
                        "tags:jsonb",
                        "meta:jsonb",
                        "body:bytea",
                        "due:bigint",
                        "_created_at:bigint",
                        "_updated_at:bigint",
                        "_deleted:integer"),
                columns);
        Set<String> indexes = new HashSet<>();
        rows("SELECT indexname FROM pg_indexes WHERE schemaname = 'kora' AND tablename IN ('ctasks', 'cprojects')")
                .forEach(r -> indexes.add(r.getString(0)));
        assertTrue(
                indexes.containsAll(Set.of(
                        "idx_ctasks_projectId", "idx_ctasks__deleted", "idx_cprojects_code", "idx_cprojects__deleted")),
                indexes::toString);
        assertEquals(
                "'open'::text",
                rows("SELECT column_default FROM information_schema.columns WHERE table_schema = 'kora'"
                                + " AND table_name = 'ctasks' AND column_name = 'status'")
                        .get(0)
                        .getString(0));
        // re-run with one more field: idempotent, the column is added, data kept
        ensureSchema();
        String extended = SCHEMA.replace(
                "\"code\": \"string\",",
                "\"code\": \"string\", \"color\": {\"kind\": \"string\", \"default\": \"red\"},");
        admin().body(extended).put("/admin/schema").then().statusCode(200);
        assertEquals("red", find("cprojects", early).get("color").asText());
        ensureSchema(); // back to the shared schema; the column stays (never dropped)
        assertEquals(
                1,
                rows("SELECT 1 FROM information_schema.columns WHERE table_schema = 'kora' AND table_name = 'cprojects'"
                                + " AND column_name = 'color'")
                        .size());
    }

    @Test
    @Order(2)
    @DisplayName(
            "C63 admin API auth matrix: no token 401 with WWW-Authenticate, wrong token 401, Bearer and x-kora-admin-token accepted")
    void c63AdminAuth() {
        ensureSchema();
        for (String path : List.of(
                "/admin/schema",
                "/admin/collections/cprojects/records",
                "/admin/collections/cprojects/count",
                "/admin/collections/cprojects/records/x")) {
            RestAssured.given()
                    .get(path)
                    .then()
                    .statusCode(401)
                    .header("WWW-Authenticate", "Bearer realm=\"kora\"")
                    .body("error", equalTo("UNAUTHORIZED"));
            RestAssured.given()
                    .header("Authorization", "Bearer wrong")
                    .get(path)
                    .then()
                    .statusCode(401);
            RestAssured.given()
                    .header("x-kora-admin-token", "wrong")
                    .get(path)
                    .then()
                    .statusCode(401);
            RestAssured.given()
                    .header("Authorization", "Basic " + TOKEN)
                    .get(path)
                    .then()
                    .statusCode(401);
        }
        RestAssured.given().body(SCHEMA).put("/admin/schema").then().statusCode(401);
        RestAssured.given()
                .header("Authorization", "Bearer wrong")
                .body("{}")
                .post("/admin/collections/cprojects/query")
                .then()
                .statusCode(401);
        RestAssured.given()
                .header("x-kora-admin-token", TOKEN)
                .get("/admin/collections/cprojects/count")
                .then()
                .statusCode(200);
        admin().get("/admin/schema").then().statusCode(200).body("collections.ctasks.fields.title", equalTo("string"));
        // bad schemas get the API's own 400, never a 500
        admin().body("{\"collections\": {\"operations\": {\"fields\": {}}}}")
                .put("/admin/schema")
                .then()
                .statusCode(400)
                .body("error", equalTo("INVALID_REQUEST"));
        admin().body("not json").put("/admin/schema").then().statusCode(400);
    }

    @Test
    @Order(3)
    @DisplayName(
            "C63 C45 findRecord hides soft-deleted rows (richtext bytes materialized); queryCollection where/orderBy/limit/offset/includeDeleted; countCollection; unknown field → error")
    void c63Reads() {
        ensureSchema();
        String project = unique("p");
        try (KoraTestClient a = client()) {
            a.handshakeAndSync(0);
            write(a, a.insert("cprojects", project, data("name", "P", "code", project)));
            List<JsonNode> ops = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                ObjectNode d = data("title", "t" + i, "projectId", project);
                d.put("points", i * 1.5);
                d.put("status", i % 2 == 0 ? "open" : "done");
                d.putArray("tags").add("x" + i);
                d.putObject("meta").put("n", i);
                d.put("due", 1_700_000_000_000L + i);
                if (i == 1) d.putObject("body").put("$koraBytes", "AAEC/w==");
                if (i == 2) d.putObject("body").put("__kora_bytes__", "3q2+7w==");
                ops.add(a.insert("ctasks", project + "-t" + i, d));
            }
            write(a, ops.toArray(JsonNode[]::new));
            write(a, a.op("delete", "ctasks", project + "-t4", null, null, System.currentTimeMillis()));
        }
        JsonNode t1 = find("ctasks", project + "-t1");
        assertEquals(1.5, t1.get("points").asDouble());
        assertEquals("done", t1.get("status").asText());
        assertEquals("x1", t1.get("tags").get(0).asText());
        assertEquals(1, t1.get("meta").get("n").asInt());
        assertEquals(1_700_000_000_001L, t1.get("due").asLong());
        assertFalse(t1.has("_deleted"));
        // C45: binary richtext lands as bytes in the BYTEA column and reads back in the canonical tag
        assertEquals("AAEC/w==", t1.get("body").get("$koraBytes").asText());
        assertEquals(
                "3q2+7w==",
                find("ctasks", project + "-t2").get("body").get("$koraBytes").asText());
        assertEquals(
                4,
                rows("SELECT octet_length(body) FROM kora.ctasks WHERE id = $1", project + "-t1")
                        .get(0)
                        .getInteger(0));
        admin().get("/admin/collections/ctasks/records/" + project + "-t4")
                .then()
                .statusCode(404)
                .body("error", equalTo("NOT_FOUND"));

        String where = "{\"projectId\":\"" + project + "\"}";
        admin().queryParam("where", where)
                .get("/admin/collections/ctasks/count")
                .then()
                .statusCode(200)
                .body("count", equalTo(4));
        admin().queryParam("where", where)
                .queryParam("orderBy", "points")
                .queryParam("orderDirection", "desc")
                .queryParam("limit", 2)
                .queryParam("offset", 1)
                .get("/admin/collections/ctasks/records")
                .then()
                .statusCode(200)
                .body("title", equalTo(List.of("t2", "t1")));
        admin().queryParam("where", where)
                .queryParam("includeDeleted", "true")
                .get("/admin/collections/ctasks/records")
                .then()
                .statusCode(200)
                .body("size()", equalTo(5));
        admin().body("{\"where\": {\"projectId\": \"" + project + "\", \"status\": \"open\"}, \"orderBy\": \"title\"}")
                .post("/admin/collections/ctasks/query")
                .then()
                .statusCode(200)
                .body("title", equalTo(List.of("t0", "t2")));
        // booleans compare against their stored 0/1
        admin().queryParam("where", "{\"code\":\"" + project + "\",\"archived\":false}")
                .get("/admin/collections/cprojects/count")
                .then()
                .statusCode(200)
                .body("count", equalTo(1));
        admin().queryParam("where", "{\"nope\":1}")
                .get("/admin/collections/ctasks/records")
                .then()
                .statusCode(400)
                .body("error", equalTo("INVALID_REQUEST"));
        admin().queryParam("orderBy", "nope")
                .get("/admin/collections/ctasks/records")
                .then()
                .statusCode(400);
        admin().queryParam("limit", "x")
                .get("/admin/collections/ctasks/records")
                .then()
                .statusCode(400);
        admin().get("/admin/collections/unknown/records")
                .then()
                .statusCode(404)
                .body("error", equalTo("UNKNOWN_COLLECTION"));
    }

    @Test
    @Order(4)
    @DisplayName(
            "C62 replay through the server: different fields both survive, same field highest HLC wins, offline increments compose, delete then update resurrects")
    void c62Replay() {
        ensureSchema();
        String project = unique("p");
        String task = unique("task");
        long now = System.currentTimeMillis();
        try (KoraTestClient a = client();
                KoraTestClient b = client()) {
            a.handshakeAndSync(0);
            b.handshakeAndSync(0);
            write(a, a.insert("cprojects", project, data("name", "P", "code", project)));
            ObjectNode d = data("title", "start", "projectId", project);
            d.put("points", 5);
            ObjectNode insert = a.op("insert", "ctasks", task, d, null, now);
            write(a, insert);
            // same field: b's later write arrives first and still wins
            ObjectNode later =
                    b.op("update", "ctasks", task, data("title", "later"), data("title", "start"), now + 2000);
            ObjectNode earlier =
                    a.op("update", "ctasks", task, data("title", "earlier"), data("title", "start"), now + 1000);
            write(b, later);
            write(a, earlier);
            // offline increments from two devices, each 5 → 6
            ObjectNode incA = a.op("update", "ctasks", task, num("points", 6), num("points", 5), now + 3000);
            incA.putObject("atomicOps")
                    .putObject("points")
                    .put("type", "increment")
                    .put("value", 1);
            ObjectNode incB = b.op("update", "ctasks", task, num("points", 6), num("points", 5), now + 3001);
            incB.putObject("atomicOps")
                    .putObject("points")
                    .put("type", "increment")
                    .put("value", 1);
            write(a, incA);
            write(b, incB);
            JsonNode row = find("ctasks", task);
            assertEquals("later", row.get("title").asText());
            assertEquals(7, row.get("points").asInt());
            // delete, then a later update from the other device resurrects with old and new fields
            write(a, a.op("delete", "ctasks", task, null, null, now + 4000));
            admin().get("/admin/collections/ctasks/records/" + task).then().statusCode(404);
            write(b, b.op("update", "ctasks", task, data("status", "done"), data("status", "open"), now + 5000));
            row = find("ctasks", task);
            assertEquals("done", row.get("status").asText());
            assertEquals("later", row.get("title").asText());
            assertEquals(
                    insert.get("timestamp").get("wallTime").asLong(),
                    row.get("_created_at").asLong());
            assertEquals(now + 5000, row.get("_updated_at").asLong());
        }
    }

    private static ObjectNode num(String field, double value) {
        ObjectNode d = JSON.createObjectNode();
        d.put(field, value);
        return d;
    }

    @Test
    @Order(5)
    @DisplayName(
            "C26 unique constraint duplicate → CONSTRAINT_VIOLATION, acknowledged, not stored; referential constraint to a missing record refused too")
    void c26Unique() {
        ensureSchema();
        String code = unique("code");
        try (KoraTestClient a = client()) {
            a.handshakeAndSync(0);
            ObjectNode first = a.insert("cprojects", unique("p"), data("name", "one", "code", code));
            ObjectNode second = a.insert("cprojects", unique("p"), data("name", "two", "code", code));
            List<JsonNode> replies = write(a, first, second);
            assertEquals(2, replies.size(), replies::toString);
            assertEquals("CONSTRAINT_VIOLATION", replies.get(0).get("code").asText());
            assertFalse(replies.get(0).get("retriable").asBoolean());
            assertEquals(
                    second.get("sequenceNumber").asLong(),
                    replies.get(1).get("lastSequenceNumber").asLong());
            assertTrue(stored(first.get("id").asText()));
            assertFalse(stored(second.get("id").asText()));
            // an update moving another project onto the taken code is refused as well
            String other = unique("p");
            write(a, a.insert("cprojects", other, data("name", "three", "code", unique("code"))));
            ObjectNode clash = a.op(
                    "update", "cprojects", other, data("code", code), data("code", "x"), System.currentTimeMillis());
            assertEquals(
                    "CONSTRAINT_VIOLATION", write(a, clash).get(0).get("code").asText());
            ObjectNode orphan = a.insert("ctasks", unique("t"), data("title", "x", "projectId", "no-such-project"));
            assertEquals(
                    "CONSTRAINT_VIOLATION", write(a, orphan).get(0).get("code").asText());
            assertFalse(stored(orphan.get("id").asText()));
        }
    }

    @Test
    @Order(6)
    @DisplayName("C27 delete with a restrict relation in use → REFERENTIAL_INTEGRITY, not stored, record still live")
    void c27Restrict() {
        ensureSchema();
        String project = unique("p");
        try (KoraTestClient a = client()) {
            a.handshakeAndSync(0);
            write(
                    a,
                    a.insert("cprojects", project, data("name", "P", "code", project)),
                    a.insert("cpins", unique("pin"), data("projectId", project)));
            ObjectNode delete = a.op("delete", "cprojects", project, null, null, System.currentTimeMillis());
            List<JsonNode> replies = write(a, delete);
            assertEquals("error", replies.get(0).get("type").asText());
            assertEquals("REFERENTIAL_INTEGRITY", replies.get(0).get("code").asText());
            assertFalse(replies.get(0).get("retriable").asBoolean());
            assertFalse(stored(delete.get("id").asText()));
            assertEquals(project, find("cprojects", project).get("id").asText());
        }
    }

    @Test
    @Order(7)
    @DisplayName(
            "C28 C29 delete with cascade → server-authored child deletes, set-null → server-authored updates; relayed to others and to the author")
    void c28CascadeAndSetNull() {
        ensureSchema();
        String project = unique("p");
        String t1 = project + "-a";
        String t2 = project + "-b";
        String note = project + "-n";
        try (KoraTestClient a = client();
                KoraTestClient b = client()) {
            a.handshakeAndSync(0);
            b.handshakeAndSync(0);
            write(
                    a,
                    a.insert("cprojects", project, data("name", "P", "code", project)),
                    a.insert("ctasks", t2, data("title", "b", "projectId", project)),
                    a.insert("ctasks", t1, data("title", "a", "projectId", project)),
                    a.insert("cnotes", note, data("text", "n", "projectId", project)));
            collect(b, 4, 5); // the inserts
            ObjectNode delete = a.op("delete", "cprojects", project, null, null, System.currentTimeMillis());
            List<JsonNode> replies = write(a, delete);
            assertEquals(1, replies.size(), replies::toString);

            String server = serverNode.id();
            List<JsonNode> seenByB = collect(b, 4, 5);
            assertEquals(delete.get("id").asText(), seenByB.get(0).get("id").asText());
            List<JsonNode> effects = seenByB.subList(1, 4);
            for (JsonNode effect : effects) {
                assertEquals(server, effect.get("nodeId").asText());
                assertEquals(
                        List.of(delete.get("id").asText()),
                        List.of(effect.get("causalDeps").get(0).asText()));
                assertEquals(1, effect.get("causalDeps").size());
                assertTrue(effect.get("timestamp").get("wallTime").asLong()
                        >= delete.get("timestamp").get("wallTime").asLong());
                assertEquals(64, effect.get("id").asText().length());
            }
            // relations in name order (noteProject, taskProject), referencing records by id
            assertEquals("update", effects.get(0).get("type").asText());
            assertEquals(note, effects.get(0).get("recordId").asText());
            assertTrue(effects.get(0).get("data").get("projectId").isNull());
            assertEquals(
                    project, effects.get(0).get("previousData").get("projectId").asText());
            assertEquals(
                    List.of("delete", "delete"),
                    List.of(
                            effects.get(1).get("type").asText(),
                            effects.get(2).get("type").asText()));
            assertEquals(
                    List.of(t1, t2),
                    List.of(
                            effects.get(1).get("recordId").asText(),
                            effects.get(2).get("recordId").asText()));
            assertTrue(effects.get(1).get("sequenceNumber").asLong()
                    > effects.get(0).get("sequenceNumber").asLong());

            // the author gets the server's operations too, not its own delete
            List<JsonNode> seenByA = collect(a, 3, 5);
            assertTrue(seenByA.stream().allMatch(op -> op.get("nodeId").asText().equals(server)));

            admin().get("/admin/collections/ctasks/records/" + t1).then().statusCode(404);
            admin().queryParam("where", "{\"id\":\"" + t1 + "\",\"_deleted\":1}")
                    .queryParam("includeDeleted", "true")
                    .get("/admin/collections/ctasks/count")
                    .then()
                    .statusCode(200);
            assertTrue(find("cnotes", note).get("projectId").isNull());
        }
    }

    /** Operations relayed to {@code c} until {@code count} arrived (acknowledging each batch). */
    private static List<JsonNode> collect(KoraTestClient c, int count, double seconds) {
        List<JsonNode> ops = new ArrayList<>();
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        while (ops.size() < count && System.nanoTime() < deadline) {
            JsonNode m = c.poll(200);
            if (m != null && m.path("type").asText().equals("operation-batch")) {
                m.get("operations").forEach(ops::add);
                c.ack(m);
            }
        }
        assertEquals(count, ops.size(), ops::toString);
        return ops;
    }

    @Test
    @Order(8)
    @DisplayName(
            "C24 partial update not restating the scope field of an in-scope record → accepted and relayed (materialized backfill); out-of-scope record refused")
    void c24Backfill() {
        ensureSchema();
        String project = unique("p");
        String elsewhere = unique("p");
        String task = unique("t");
        String foreign = unique("t");
        try (KoraTestClient writer = client();
                KoraTestClient a = client();
                KoraTestClient b = client()) {
            writer.handshakeAndSync(0);
            write(
                    writer,
                    writer.insert("cprojects", project, data("name", "P", "code", project)),
                    writer.insert("cprojects", elsewhere, data("name", "E", "code", elsewhere)),
                    writer.insert("ctasks", task, data("title", "mine", "projectId", project)),
                    writer.insert("ctasks", foreign, data("title", "theirs", "projectId", elsewhere)));
            for (KoraTestClient c : List.of(a, b)) {
                ObjectNode h = c.handshake(0L);
                h.putObject("syncScope").putObject("ctasks").put("projectId", project);
                c.handshakeAndSync(h);
            }
            ObjectNode partial = a.op(
                    "update",
                    "ctasks",
                    task,
                    data("title", "renamed"),
                    data("title", "mine"),
                    System.currentTimeMillis());
            List<JsonNode> replies = write(a, partial);
            assertEquals(1, replies.size(), replies::toString);
            assertTrue(stored(partial.get("id").asText()));
            JsonNode relayed = b.await(
                    m -> m.path("type").asText().equals("operation-batch")
                            && m.get("operations").size() > 0,
                    5);
            assertEquals(
                    partial.get("id").asText(),
                    relayed.get("operations").get(0).get("id").asText());
            ObjectNode outside = a.op(
                    "update",
                    "ctasks",
                    foreign,
                    data("title", "hijack"),
                    data("title", "theirs"),
                    System.currentTimeMillis());
            replies = write(a, outside);
            assertEquals("SCOPE_VIOLATION", replies.get(0).get("code").asText());
            assertFalse(stored(outside.get("id").asText()));
        }
    }
}
