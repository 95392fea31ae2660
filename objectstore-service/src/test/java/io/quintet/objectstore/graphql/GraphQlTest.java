package io.quintet.objectstore.graphql;

import static io.quintet.objectstore.admin.Admin.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quintet.objectstore.admin.Admin;
import io.quintet.objectstore.osp.RawClient;
import io.quintet.objectstore.wire.WireFormat;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@QuarkusTest
class GraphQlTest {

    @TestHTTPResource("/")
    URI base;

    static JsonPath gql(String token, String query) {
        Map<String, Object> body = new HashMap<>();
        body.put("query", query);
        return as(token)
                .contentType(ContentType.JSON)
                .body(body)
                .post("/api/graphql")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    static JsonPath ok(String token, String query) {
        JsonPath r = gql(token, query);
        Object errors = r.get("errors");
        assertNull(errors, () -> query + " → " + errors);
        return r;
    }

    /** The next PUSH_DATA op of the given kind (skipping empty pushes), as the sync client received it. */
    static JsonNode pushedOp(RawClient c, String op) {
        ObjectNode push = c.expect(
                m -> m.path("t").asText().equals("PUSH_DATA")
                        && m.path("txs").toString().contains("\"op\":\"" + op + "\""),
                "PUSH_DATA with " + op);
        for (JsonNode tx : push.path("txs"))
            for (JsonNode o : tx.path("ops")) if (o.path("op").asText().equals(op)) return o;
        throw new AssertionError(push.toString());
    }

    @Test
    @DisplayName(
            "C82 GraphQL: put single and multiple, query by ids, filter operators, offset/first, delete by ids and all; writes are history TXs pushed to sync clients")
    void c82GraphQl() {
        String token = Admin.root();
        String m = "gq" + System.nanoTime();
        try (RawClient client = RawClient.connect(base, WireFormat.JSON)) {
            client.loginOk("AUTO");
            client.drain(1000);

            JsonPath one = ok(
                    token,
                    "mutation { putNote(input: {title: \"" + m
                            + "-a\", priority: 1}) { returning { id title priority } } }");
            String idA = one.getString("data.putNote.returning[0].id");
            assertTrue(idA.matches("[0-9a-f]{16}\\.[1-9][0-9]*"), idA);
            assertEquals(1, one.getInt("data.putNote.returning[0].priority"));
            JsonNode pushed = pushedOp(client, "PUT");
            assertEquals(idA, pushed.path("gid").asText());
            assertEquals(m + "-a", pushed.path("p").path("title").asText());

            JsonPath many = ok(
                    token,
                    "mutation { putNote(input: [{title: \"" + m + "-b\", priority: 2}, {title: \"" + m
                            + "-c\", priority: 3}," + " {title: \"x-" + m
                            + "-d\", priority: 4}]) { returning { id } } }");
            List<String> ids = many.getList("data.putNote.returning.id");
            assertEquals(3, ids.size());
            pushedOp(client, "PUT");

            // the writes are TXs in the history
            List<Map<String, Object>> history = as(token)
                    .queryParam("limit", 5)
                    .get("/api/v1/sync/history")
                    .then()
                    .statusCode(200)
                    .extract()
                    .path("entries");
            assertTrue(history.stream().anyMatch(e -> ((Number) e.get("opCount")).intValue() == 3), history.toString());

            // query by ids
            JsonPath byIds = ok(token, "{ note(ids: [\"" + idA + "\", \"" + ids.get(0) + "\"]) { id title } }");
            assertEquals(2, byIds.getList("data.note").size());

            // filter operators
            assertEquals(
                    1,
                    ok(token, "{ note(filter: {title: {eq: \"" + m + "-a\"}}) { id } }")
                            .getList("data.note")
                            .size());
            assertEquals(
                    3,
                    ok(token, "{ note(filter: {title: {startsWith: \"" + m + "\"}}) { id } }")
                            .getList("data.note")
                            .size());
            assertEquals(
                    1,
                    ok(token, "{ note(filter: {title: {endsWith: \"" + m + "-d\"}}) { id } }")
                            .getList("data.note")
                            .size());
            assertEquals(
                    4,
                    ok(token, "{ note(filter: {title: {contains: \"" + m + "\"}}) { id } }")
                            .getList("data.note")
                            .size());
            assertEquals(
                    3,
                    ok(token, "{ note(filter: {title: {contains: \"" + m + "\", neq: \"" + m + "-a\"}}) { id } }")
                            .getList("data.note")
                            .size());
            String both = "title: {contains: \"" + m + "\"}, ";
            assertEquals(
                    2,
                    ok(token, "{ note(filter: {" + both + "priority: {lt: 3}}) { id } }")
                            .getList("data.note")
                            .size());
            assertEquals(
                    3,
                    ok(token, "{ note(filter: {" + both + "priority: {lte: 3}}) { id } }")
                            .getList("data.note")
                            .size());
            assertEquals(
                    1,
                    ok(token, "{ note(filter: {" + both + "priority: {gt: 3}}) { id } }")
                            .getList("data.note")
                            .size());
            assertEquals(
                    2,
                    ok(token, "{ note(filter: {" + both + "priority: {gte: 3}}) { id } }")
                            .getList("data.note")
                            .size());
            assertEquals(
                    1,
                    ok(token, "{ note(filter: {" + both + "priority: {eq: 2}}) { id } }")
                            .getList("data.note")
                            .size());
            // a bool property only has eq; strings have the matchers, numbers do not
            assertTrue(gql(token, "{ note(filter: {priority: {contains: 1}}) { id } }")
                            .getList("errors")
                            .size()
                    > 0);

            // pagination: offset/first over the same ordered result
            List<String> all = ok(token, "{ note(filter: {" + both.replace(", ", "") + "}) { id } }")
                    .getList("data.note.id");
            List<String> page1 = ok(
                            token, "{ note(filter: {" + both.replace(", ", "") + "}, offset: 0, first: 2) { id } }")
                    .getList("data.note.id");
            List<String> page2 = ok(
                            token, "{ note(filter: {" + both.replace(", ", "") + "}, offset: 2, first: 2) { id } }")
                    .getList("data.note.id");
            assertEquals(all.subList(0, 2), page1);
            assertEquals(all.subList(2, 4), page2);

            // delete by ids → REMOVE pushed
            JsonPath deleted =
                    ok(token, "mutation { deleteNote(ids: [\"" + idA + "\", \"s0.999999\"]) { count ids } }");
            assertEquals(1, deleted.getInt("data.deleteNote.count"));
            assertEquals(idA, pushedOp(client, "REMOVE").path("gid").asText());
            assertEquals(
                    0,
                    ok(token, "{ note(ids: [\"" + idA + "\"]) { id } }")
                            .getList("data.note")
                            .size());

            // delete all of a type
            ok(
                    token,
                    "mutation { putTask(input: [{text: \"" + m + "-t1\"}, {text: \"" + m
                            + "-t2\"}]) { returning { id } } }");
            JsonPath gone = ok(token, "mutation { deleteTask(all: true) { count } }");
            assertTrue(gone.getInt("data.deleteTask.count") >= 2);
            assertEquals(0, ok(token, "{ task { id } }").getList("data.task").size());
            assertTrue(gql(token, "mutation { deleteTask { count } }")
                            .getList("errors")
                            .size()
                    > 0);

            // invalid input is a GraphQL error, not a 500
            assertTrue(gql(token, "mutation { putNote(input: {priority: \"many\"}) { returning { id } } }")
                            .getList("errors")
                            .size()
                    > 0);
            assertTrue(gql(token, "{ nope }").getList("errors").size() > 0);
        }

        // a read-only admin user may query, not mutate
        String viewer = Admin.user("graphql-viewer", "viewer-password", "viewer");
        ok(viewer, "{ note(first: 1) { id } }");
        JsonPath refused = gql(viewer, "mutation { putNote(input: {title: \"nope\"}) { returning { id } } }");
        Object errors = refused.get("errors");
        assertTrue(String.valueOf(errors).contains("FORBIDDEN"), String.valueOf(errors));
        io.restassured.RestAssured.given()
                .contentType(ContentType.JSON)
                .body(Map.of("query", "{ note { id } }"))
                .post("/api/graphql")
                .then()
                .statusCode(401);
    }
}
