package io.quintet.objectstore.admin;

import static io.quintet.objectstore.admin.Admin.as;
import static io.quintet.objectstore.osp.RawClient.NOTE;
import static io.quintet.objectstore.osp.RawClient.props;
import static io.quintet.objectstore.osp.RawClient.put;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quintet.objectstore.client.ObjectStoreClient;
import io.quintet.objectstore.client.SyncListener;
import io.quintet.objectstore.model.Model;
import io.quintet.objectstore.model.ModelReader;
import io.quintet.objectstore.osp.RawClient;
import io.quintet.objectstore.wire.WireCodec;
import io.quintet.objectstore.wire.WireFormat;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@QuarkusTest
class AdminApiTest {

    static final Path V2 = Path.of("src/test/resources/models/notes-v2.json");

    @TestHTTPResource("/")
    URI base;

    @TempDir
    Path dir;

    static void eventually(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("not within 60 s: " + what);
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    @DisplayName(
            "C80 admin: login, status fields, data browser paging/filters/export, counts, history by hseq and txId, clients, stats series")
    void c80DataStatusHistory() {
        String token = Admin.root();
        String marker = "adm" + System.nanoTime();
        ObjectNode lastAck;
        try (RawClient a = RawClient.connect(base, WireFormat.JSON)) {
            a.loginOk("AUTO");
            for (int i = 1; i <= 7; i++) {
                a.apply(put(
                        NOTE, a.gid(i), props().put("title", marker + "-" + i).put("priority", i)));
            }
            ObjectNode tx = a.tx(
                    8,
                    put(NOTE, a.gid(8), props().put("title", marker + "-txid").put("priority", 8)));
            tx.put("txId", marker + "-tx");
            a.send(tx);
            lastAck = a.expect("ACK_TX");

            // connected clients, with schema version
            List<Map<String, Object>> clients = as(token)
                    .get("/api/v1/sync/clients")
                    .then()
                    .statusCode(200)
                    .extract()
                    .path("$");
            assertTrue(
                    clients.stream()
                            .anyMatch(c -> a.clientId.equals(c.get("clientId"))
                                    && Integer.valueOf(1).equals(c.get("schemaVersion"))),
                    clients.toString());
        }

        JsonPath status =
                as(token).get("/api/v1/status").then().statusCode(200).extract().jsonPath();
        for (String field : List.of(
                "version",
                "protocol",
                "features",
                "uptimeSeconds",
                "dbSizeBytes",
                "diskFreeBytes",
                "rssBytes",
                "cpus",
                "loadAverage",
                "interfaces",
                "logLevel")) assertNotNull(status.get(field), field);

        List<String> types =
                as(token).get("/api/v1/types").then().statusCode(200).extract().path("name");
        assertTrue(
                types.containsAll(List.of("Note", "Folder", "Task", "Setting")) && !types.contains("LocalDraft"),
                types.toString());

        // paging with a filter: 8 objects, pages of 3
        Set<String> seen = new HashSet<>();
        for (int offset = 0; offset < 9; offset += 3) {
            JsonPath page = as(token)
                    .queryParam("offset", offset)
                    .queryParam("limit", 3)
                    .queryParam("filter", "title:startsWith:" + marker)
                    .get("/api/v1/types/Note/objects")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            assertEquals(8, page.getInt("total"));
            List<String> titles = page.getList("objects.properties.title");
            assertTrue(titles.size() <= 3);
            seen.addAll(titles);
        }
        assertEquals(8, seen.size());
        // operators
        assertEquals(
                3,
                as(token)
                        .queryParam("filter", "title:startsWith:" + marker)
                        .queryParam("filter", "priority:gte:5")
                        .queryParam("filter", "priority:lt:8")
                        .get("/api/v1/types/Note/objects")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getInt("total"));
        assertEquals(
                1,
                as(token)
                        .queryParam("filter", "title:endsWith:" + marker.substring(3) + "-txid")
                        .get("/api/v1/types/Note/objects")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getInt("total"));
        as(token)
                .queryParam("filter", "priority:contains:1")
                .get("/api/v1/types/Note/objects")
                .then()
                .statusCode(400)
                .body("error", org.hamcrest.Matchers.equalTo("BAD_REQUEST"));
        as(token)
                .queryParam("filter", "nope:eq:1")
                .get("/api/v1/types/Note/objects")
                .then()
                .statusCode(400);
        as(token).get("/api/v1/types/NoSuchType/objects").then().statusCode(404);

        // JSON download of the filtered type
        var export = as(token)
                .queryParam("filter", "title:startsWith:" + marker)
                .get("/api/v1/types/Note/export")
                .then()
                .statusCode(200)
                .extract();
        assertTrue(export.header("Content-Disposition").contains("attachment"));
        assertEquals(8, export.jsonPath().getList("objects").size());

        JsonPath counts = as(token)
                .get("/api/v1/types/counts")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertTrue(counts.getInt("total.objects") >= 8);

        // history: by hseq and by txId
        long hseq = Long.parseLong(lastAck.path("hseq").asText());
        JsonPath entry = as(token)
                .get("/api/v1/sync/history/" + hseq)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals(marker + "-tx", entry.getString("txId"));
        assertEquals("Note", entry.getString("ops[0].typeName"));
        assertEquals(marker + "-txid", entry.getString("ops[0].p.title"));
        JsonPath byTx = as(token)
                .queryParam("txId", marker + "-tx")
                .get("/api/v1/sync/history")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals(hseq, byTx.getLong("entries[0].hseq"));
        JsonPath newest = as(token)
                .queryParam("limit", 2)
                .queryParam("before", hseq + 1)
                .get("/api/v1/sync/history")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals(hseq, newest.getLong("entries[0].hseq"));
        assertEquals(hseq - 1, newest.getLong("entries[1].hseq"));
        as(token)
                .queryParam("oldest", true)
                .queryParam("limit", 1)
                .get("/api/v1/sync/history")
                .then()
                .statusCode(200);
        as(token).get("/api/v1/sync/history/999999999").then().statusCode(404);

        // statistics series (the same samples as the Prometheus endpoint)
        eventually(
                () -> {
                    JsonPath stats = as(token)
                            .get("/api/v1/sync/stats")
                            .then()
                            .statusCode(200)
                            .extract()
                            .jsonPath();
                    List<Float> applied = stats.getList("series.'obx_txs_applied{from=\"client\"}'", Float.class);
                    return !applied.isEmpty() && applied.get(applied.size() - 1) >= 8;
                },
                "statistics series show the applied TXs");
    }

    @Test
    @DisplayName(
            "C80 schema types of any version show external names and types (6.1 Schema); an unknown version is 404")
    void c80ExternalNamesAndTypes() throws Exception {
        String token = Admin.root();
        ObjectNode model = (ObjectNode) WireCodec.JSON.readTree(AdminUiTest.uploadableModel());
        ArrayNode entities = (ArrayNode) model.get("entities");
        ObjectNode added = (ObjectNode) entities.get(entities.size() - 1);
        added.put("externalName", "pins");
        ((ObjectNode) added.get("properties").get(1))
                .put("externalName", "body")
                .put("externalType", 112);
        int version = as(token)
                .contentType(ContentType.JSON)
                .body(WireCodec.JSON.writeValueAsString(model))
                .post("/api/v1/schema/versions")
                .then()
                .statusCode(201)
                .extract()
                .path("versionId");
        JsonPath types = as(token)
                .queryParam("version", version)
                .get("/api/v1/schema/types")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        int last = types.getList("$").size() - 1;
        assertEquals("pins", types.getString("[" + last + "].externalName"));
        assertEquals("body", types.getString("[" + last + "].properties[1].externalName"));
        assertEquals(112, types.getInt("[" + last + "].properties[1].externalType"));
        assertEquals("JsonToNative", types.getString("[" + last + "].properties[1].externalTypeText"));
        as(token)
                .queryParam("version", 987654)
                .get("/api/v1/schema/types")
                .then()
                .statusCode(404);
    }

    @Test
    @DisplayName(
            "C80 C8 C9 C13 schema versions: upload inactive, toggle clients allowed, switch (clients disconnected and reconnect), client hash counts, v1 clients keep v2 data")
    void c80SchemaVersions() throws Exception {
        String token = Admin.root();
        String v2 = Files.readString(V2);
        Model model2 = ModelReader.read(V2);
        AtomicInteger logins = new AtomicInteger();
        try (ObjectStoreClient sdk = ObjectStoreClient.builder(
                        RawClient.MODEL, dir.resolve("sdk"), RawClient.wsUri(base))
                .listener(new SyncListener() {
                    @Override
                    public void loggedIn(int code, String reason) {
                        if (code == 0 || code == 20) logins.incrementAndGet();
                    }
                })
                .start()) {
            eventually(() -> logins.get() >= 1, "SDK logged in");

            var created = as(token)
                    .contentType(ContentType.JSON)
                    .body(v2)
                    .post("/api/v1/schema/versions")
                    .then()
                    .statusCode(201)
                    .extract()
                    .jsonPath();
            int v2Id = created.getInt("versionId");
            assertFalse(created.getBoolean("current"));
            as(token)
                    .contentType(ContentType.JSON)
                    .body(v2)
                    .post("/api/v1/schema/versions")
                    .then()
                    .statusCode(409);
            as(token)
                    .contentType(ContentType.JSON)
                    .body("{\"entities\": 3}")
                    .post("/api/v1/schema/versions")
                    .then()
                    .statusCode(400);

            List<Map<String, Object>> versions = as(token)
                    .get("/api/v1/schema/versions")
                    .then()
                    .statusCode(200)
                    .extract()
                    .path("$");
            Map<String, Object> v1Row = versions.stream()
                    .filter(v -> Boolean.TRUE.equals(v.get("current")))
                    .findFirst()
                    .orElseThrow();
            assertEquals(1, v1Row.get("versionId"));
            assertTrue(((Number) v1Row.get("connectedClients")).intValue() >= 1, versions.toString());
            String downloaded = as(token)
                    .get("/api/v1/schema/versions/" + v2Id + "/model")
                    .then()
                    .statusCode(200)
                    .extract()
                    .asString();
            assertEquals(model2.fullHash(), ModelReader.parse(downloaded).fullHash());

            // a client of the new version is refused while the version disallows clients
            as(token)
                    .contentType(ContentType.JSON)
                    .body(Map.of("clientsAllowed", false))
                    .patch("/api/v1/schema/versions/" + v2Id)
                    .then()
                    .statusCode(200);
            try (RawClient c = RawClient.connect(base, WireFormat.JSON)) {
                ObjectNode login = RawClient.login(c.clientId, "AUTO");
                ((ObjectNode) login.get("schema"))
                        .put("baseHash", model2.baseHash())
                        .put("fullHash", model2.fullHash());
                c.send(login);
                ObjectNode fail = c.expect("LOGIN_FAIL");
                assertEquals(57, fail.path("code").asInt());
            }
            as(token)
                    .contentType(ContentType.JSON)
                    .body(Map.of("clientsAllowed", true))
                    .patch("/api/v1/schema/versions/" + v2Id)
                    .then()
                    .statusCode(200);

            try (RawClient v1Client = RawClient.connect(base, WireFormat.JSON)) {
                v1Client.loginOk("AUTO");
                // switch: connected clients are disconnected with 1001 and log in again
                JsonPath switched = as(token)
                        .contentType(ContentType.JSON)
                        .body(Map.of("versionId", v2Id))
                        .post("/api/v1/schema/current")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath();
                assertTrue(switched.getInt("disconnectedClients") >= 2);
                assertEquals(1001, v1Client.closeCode());
            }
            try {
                eventually(() -> logins.get() >= 2, "the SDK client reconnects after the switch");
                List<Map<String, Object>> after = as(token)
                        .get("/api/v1/schema/versions")
                        .then()
                        .extract()
                        .path("$");
                assertTrue(after.stream()
                        .anyMatch(v -> v.get("versionId").equals(v2Id) && Boolean.TRUE.equals(v.get("current"))));

                // C13: a v1 client never sees the type added in v2, and its PUT keeps v2's new property
                try (RawClient v2Client = RawClient.connect(base, WireFormat.JSON);
                        RawClient v1Client = RawClient.connect(base, WireFormat.JSON)) {
                    ObjectNode login2 = RawClient.login(v2Client.clientId, "AUTO");
                    ((ObjectNode) login2.get("schema"))
                            .put("baseHash", model2.baseHash())
                            .put("fullHash", model2.fullHash());
                    v2Client.send(login2);
                    assertEquals(
                            v2Id,
                            v2Client.expect("LOGIN_OK").path("schemaVersionId").asInt());
                    ObjectNode v1Ok = v1Client.loginOk("AUTO");
                    assertEquals(1, v1Ok.path("schemaVersionId").asInt());
                    v1Client.drain(1500);
                    String label =
                            model2.entityNamed("Label").orElseThrow().id().uid() + "";
                    String gid = v2Client.gid(1);
                    var tx = v2Client.tx(
                            1,
                            put(label, v2Client.gid(2), props().put("text", "only v2")),
                            put(NOTE, gid, props().put("title", "t").put("color", "red")));
                    v2Client.send(tx);
                    assertEquals(
                            "APPLIED", v2Client.expect("ACK_TX").path("status").asText());
                    ObjectNode push = v1Client.expect("PUSH_DATA");
                    assertFalse(push.toString().contains(label), "v1 never sees Label: " + push);
                    assertFalse(push.toString().contains("color"), push.toString());
                    v1Client.apply(put(NOTE, gid, props().put("title", "renamed by v1")));
                    JsonPath stored = as(token)
                            .queryParam("filter", "title:eq:renamed by v1")
                            .get("/api/v1/types/Note/objects")
                            .then()
                            .statusCode(200)
                            .extract()
                            .jsonPath();
                    assertEquals("red", stored.getString("objects[0].properties.color"));
                }

                List<Map<String, Object>> hashes = as(token)
                        .get("/api/v1/schema/client-hashes")
                        .then()
                        .statusCode(200)
                        .extract()
                        .path("$");
                assertTrue(
                        hashes.stream()
                                .anyMatch(h -> RawClient.MODEL.fullHash().equals(h.get("fullHash"))
                                        && ((Number) h.get("logins")).intValue() >= 2),
                        hashes.toString());
                assertTrue(
                        hashes.stream().anyMatch(h -> model2.fullHash().equals(h.get("fullHash"))), hashes.toString());

                // creating and switching versions left Important log events
                List<Map<String, Object>> events = as(token)
                        .queryParam("limit", 100)
                        .get("/api/v1/events")
                        .then()
                        .statusCode(200)
                        .extract()
                        .path("events");
                assertTrue(
                        events.stream()
                                .anyMatch(e -> "Important".equals(e.get("type"))
                                        && String.valueOf(e.get("message")).contains("created")),
                        events.toString());
            } finally {
                // back to version 1 for the module's other tests
                as(token)
                        .contentType(ContentType.JSON)
                        .body(Map.of("versionId", 1))
                        .post("/api/v1/schema/current")
                        .then()
                        .statusCode(200);
            }
        }
    }

    @Test
    @DisplayName(
            "C80 users: create, log in, change password (old sessions end), delete; roles; log events paging and export")
    void c80UsersAndEvents() {
        String token = Admin.root();
        String name = "ops" + System.nanoTime();
        as(token)
                .contentType(ContentType.JSON)
                .body(Map.of("name", name, "password", "first-password", "roles", "viewer"))
                .post("/api/v1/users")
                .then()
                .statusCode(201);
        as(token)
                .contentType(ContentType.JSON)
                .body(Map.of("name", name, "password", "first-password", "roles", "viewer"))
                .post("/api/v1/users")
                .then()
                .statusCode(409);
        as(token)
                .contentType(ContentType.JSON)
                .body(Map.of("name", "x", "password", "short", "roles", "viewer"))
                .post("/api/v1/users")
                .then()
                .statusCode(400);
        as(token)
                .contentType(ContentType.JSON)
                .body(Map.of("name", "y", "password", "long-enough", "roles", "superuser"))
                .post("/api/v1/users")
                .then()
                .statusCode(400);
        List<String> names =
                as(token).get("/api/v1/users").then().statusCode(200).extract().path("name");
        assertTrue(names.contains(name) && names.contains("root"));
        String viewer = Admin.login(name, "first-password");
        as(viewer).get("/api/v1/status").then().statusCode(200);
        as(token)
                .contentType(ContentType.JSON)
                .body(Map.of("password", "second-password"))
                .put("/api/v1/users/" + name + "/password")
                .then()
                .statusCode(204);
        as(viewer).get("/api/v1/status").then().statusCode(401);
        given().contentType(ContentType.JSON)
                .body(Map.of("username", name, "password", "first-password"))
                .post("/api/v2/sessions")
                .then()
                .statusCode(401);
        String again = Admin.login(name, "second-password");
        as(token).delete("/api/v1/users/" + name).then().statusCode(204);
        as(again).get("/api/v1/status").then().statusCode(401);
        as(token).delete("/api/v1/users/" + name).then().statusCode(404);
        as(token).delete("/api/v1/users/root").then().statusCode(409);

        // failed logins above were recorded as one merged event
        for (int i = 0; i < 3; i++)
            given().contentType(ContentType.JSON)
                    .body(Map.of("username", "nobody", "password", "wrong-password"))
                    .post("/api/v2/sessions")
                    .then()
                    .statusCode(401);
        List<Map<String, Object>> first = as(token)
                .queryParam("limit", 10)
                .get("/api/v1/events")
                .then()
                .statusCode(200)
                .extract()
                .path("events");
        Map<String, Object> failed = first.stream()
                .filter(e -> String.valueOf(e.get("message")).startsWith("admin login failed"))
                .findFirst()
                .orElseThrow();
        assertTrue(((Number) failed.get("count")).intValue() >= 3, failed.toString());
        // older page and jump to a time
        String oldestShown = (String) first.get(first.size() - 1).get("timestamp");
        as(token)
                .queryParam("limit", 10)
                .queryParam("before", oldestShown)
                .get("/api/v1/events")
                .then()
                .statusCode(200);
        List<Map<String, Object>> newer = as(token)
                .queryParam("limit", 10)
                .queryParam("after", oldestShown)
                .get("/api/v1/events")
                .then()
                .statusCode(200)
                .extract()
                .path("events");
        assertFalse(newer.isEmpty());
        as(token).queryParam("limit", 7).get("/api/v1/events").then().statusCode(400);
        var export =
                as(token).get("/api/v1/events/export").then().statusCode(200).extract();
        assertTrue(export.header("Content-Disposition").contains("attachment"));
        assertTrue(export.jsonPath().getList("$").size() >= first.size());
    }
}
