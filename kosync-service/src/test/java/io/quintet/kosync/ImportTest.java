package io.quintet.kosync;

import static io.quintet.kosync.Json.assertAnswer;
import static io.quintet.kosync.Json.tree;
import static io.quintet.kosync.KosyncClient.auth;
import static io.quintet.kosync.KosyncClient.md5;
import static io.quintet.kosync.KosyncClient.pull;
import static io.quintet.kosync.KosyncClient.uniqueName;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quintet.kosync.admin.imports.RdbFixtures;
import io.quintet.protocol.testing.RawHttp;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Spec 14.2 and 16 item 66: imports keep logins and positions; keys are hashed on the way in. */
@QuarkusTest
class ImportTest {

    @Inject
    Pool pool;

    private static final String ALICE_KEY = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";

    /** v2026.01.0: settings at the top level, no schema, no history. */
    static String schemaless(String user) {
        return "{\"listen_address\":\":8080\",\"disable_registration\":true,\"users\":{\"" + user
                + "\":{\"username\":\"" + user
                + "\",\"password\":\"" + ALICE_KEY
                + "\",\"documents\":{\"doc1\":{\"progress\":\"12\",\"percentage\":0.12,"
                + "\"device\":\"kobo\",\"device_id\":\"\",\"timestamp\":1700000001}}}}}";
    }

    /** v2026.01.1: a config object, still no schema. */
    static String configObject(String user) {
        return "{\"config\":{\"listen_address\":\":8080\",\"disable_registration\":false,\"enable_debug_log\":false},"
                + "\"users\":{\"" + user + "\":{\"username\":\"" + user + "\",\"password\":\"" + ALICE_KEY
                + "\",\"documents\":{"
                + "\"doc2\":{\"progress\":\"/body/p[2]\",\"percentage\":0.5,\"device\":\"pb\",\"device_id\":\"ID-2\",\"timestamp\":1700000002}}}}}";
    }

    /** Schema 1 (v2026.02.0), pretty-printed, with history nested under document_history and a null history. */
    static String schema1(String user, String second) {
        return """
                {
                  "schema": 1,
                  "config": {"listen_address": ":8080", "disable_registration": false, "enable_debug_log": false, "store_history": true},
                  "users": {
                    "%1$s": {
                      "username": "%1$s",
                      "password": "%3$s",
                      "documents": {
                        "59d481d168cca6267322f150c5f6a2a3": {
                          "progress": "/body/DocFragment[11]/body/div/p[7]/text().123",
                          "percentage": 0.4213, "device": "Kobo_frost", "device_id": "3F2A", "timestamp": 1795321016
                        }
                      },
                      "history": {
                        "59d481d168cca6267322f150c5f6a2a3": {
                          "document_history": [
                            {"progress": "", "percentage": 0, "device": "", "device_id": "", "timestamp": 0},
                            {"progress": "/body/DocFragment[9]", "percentage": 0.31, "device": "Kobo_frost", "device_id": "3F2A", "timestamp": 1795320000}
                          ]
                        }
                      }
                    },
                    "%2$s": {"username": "%2$s", "password": "second-key", "documents": {}, "history": null}
                  }
                }
                """.formatted(user, second, ALICE_KEY);
    }

    /** Schema 6 (v2026.04.x): records repeat their id and carry pretty_name; README-style bare history list. */
    static String schema6(String user) {
        return "{\"schema\":6,\"config\":{\"listen_address\":\":8080\",\"disable_registration\":false,\"store_history\":false,"
                + "\"backup_encoding_type\":\"msgpack\",\"backup_on_startup\":false,\"enable_webui\":false},"
                + "\"users\":{\"" + user + "\":{\"username\":\"" + user + "\",\"password\":\"" + ALICE_KEY
                + "\",\"documents\":{"
                + "\"doc6\":{\"document\":\"doc6\",\"progress\":\"66\",\"percentage\":0.66,\"device\":\"kindle\",\"device_id\":\"K6\","
                + "\"timestamp\":1700000006,\"pretty_name\":\"My Book\"},"
                + "\"bad:id\":{\"document\":\"bad:id\",\"progress\":\"1\",\"percentage\":0.1,\"device\":\"d\",\"device_id\":\"\",\"timestamp\":1}},"
                + "\"history\":{\"doc6\":[{\"progress\":\"60\",\"percentage\":0.6,\"device\":\"kindle\",\"device_id\":\"K6\",\"timestamp\":1700000000}]}}}}";
    }

    @Test
    @DisplayName(
            "C66 KOsync database.json of every layout imports: logins work with the stored key, positions are served")
    void kosyncLayouts() {
        String a = uniqueName("ko0");
        JsonNode r0 = tree(Admin.importFile(Admin.utf8(schemaless(a)), ""));
        assertEquals("kosync", r0.get("format").asText());
        assertEquals(1, r0.get("users").asInt());
        assertTrue(r0.get("settings").get("disable_registration").asBoolean());
        assertAnswer(200, "{\"authorized\":\"OK\"}", auth(a, ALICE_KEY));
        JsonNode doc1 = tree(pull(a, ALICE_KEY, "doc1"));
        assertEquals(0.12, doc1.get("percentage").doubleValue());
        assertEquals(1700000001L, doc1.get("timestamp").longValue());
        assertFalse(doc1.has("device_id"), "an empty KOsync device_id means none");

        String b = uniqueName("ko1");
        assertEquals(
                200,
                Admin.importFile(Admin.utf8(configObject(b)), "?format=kosync").status());
        assertEquals("ID-2", tree(pull(b, ALICE_KEY, "doc2")).get("device_id").asText());

        String c = uniqueName("ko2");
        String c2 = uniqueName("ko2b");
        JsonNode r1 = tree(Admin.importFile(Admin.utf8(schema1(c, c2)), ""));
        assertEquals(2, r1.get("users").asInt());
        assertEquals(1, r1.get("history").asInt(), "the all-empty placeholder is not history");
        JsonNode got = tree(pull(c, ALICE_KEY, "59d481d168cca6267322f150c5f6a2a3"));
        assertEquals(
                "/body/DocFragment[11]/body/div/p[7]/text().123",
                got.get("progress").asText());
        assertEquals(0.4213, got.get("percentage").doubleValue());
        assertEquals(1795321016L, got.get("timestamp").longValue());
        assertAnswer(200, "{\"authorized\":\"OK\"}", auth(c2, "second-key"));
        JsonNode history =
                tree(Admin.call("GET", "/users/" + c + "/history", null)).get("history");
        assertEquals(1, history.size());
        assertEquals(0.31, history.get(0).get("percentage").doubleValue());

        String d = uniqueName("ko6");
        JsonNode r6 = tree(Admin.importFile(Admin.utf8(schema6(d)), ""));
        assertEquals(6, r6.get("settings").get("schema").asInt());
        assertEquals(1, r6.get("documents").asInt());
        assertTrue(r6.get("skipped").toString().contains("bad:id"));
        JsonNode doc6 = tree(pull(d, ALICE_KEY, "doc6"));
        assertEquals("66", doc6.get("progress").asText());
        assertEquals("K6", doc6.get("device_id").asText());
        assertEquals(
                1,
                tree(Admin.call("GET", "/users/" + d + "/history?document=doc6", null))
                        .get("history")
                        .size());
    }

    @Test
    @DisplayName("C66 existing names are left untouched and the stored keys are hashed, never verbatim")
    void existingNamesAndHashing() {
        String name = uniqueName("exists");
        assertEquals(201, KosyncClient.register(name, md5("mine")).status());
        JsonNode report = tree(Admin.importFile(Admin.utf8(schemaless(name)), ""));
        assertEquals(0, report.get("users").asInt());
        assertEquals(name, report.get("existing").get(0).asText());
        assertAnswer(200, "{\"authorized\":\"OK\"}", auth(name, md5("mine")));
        Json.assertUnauthorized(auth(name, ALICE_KEY));
        String imported = uniqueName("hashed");
        Admin.importFile(Admin.utf8(schemaless(imported)), "");
        String stored = pool.preparedQuery("SELECT key_hash FROM kosync.users WHERE username = $1")
                .execute(Tuple.of(imported))
                .await()
                .indefinitely()
                .iterator()
                .next()
                .getString(0);
        assertTrue(stored.startsWith("$2"), "bcrypt");
        assertFalse(stored.contains(ALICE_KEY));
    }

    @Test
    @DisplayName(
            "C66 the official server's Redis dump (Redis 7 listpack and hashtable encodings) preserves logins and positions")
    void redisDump() throws IOException {
        byte[] rdb;
        try (InputStream in = ImportTest.class.getResourceAsStream("/import/redis7-listpack.rdb")) {
            rdb = in.readAllBytes();
        }
        RawHttp.Reply reply = Admin.importFile(rdb, "");
        assertEquals(200, reply.status(), reply::toString);
        JsonNode report = tree(reply);
        assertEquals("redis", report.get("format").asText());
        // database 1 only: the official server's production database; a second import skips existing names
        List<String> names = List.of("alice", "José", "numeric");
        assertEquals(names.size(), report.get("users").asInt());
        assertEquals(4, report.get("documents").asInt());
        assertAnswer(200, "{\"authorized\":\"OK\"}", auth("alice", ALICE_KEY));
        assertAnswer(200, "{\"authorized\":\"OK\"}", auth("José", "d41d8cd98f00b204e9800998ecf8427e"));
        assertAnswer(200, "{\"authorized\":\"OK\"}", auth("numeric", "12345678"));
        Json.assertUnauthorized(auth("testonly", "abc"));
        JsonNode doc = tree(pull("alice", ALICE_KEY, "59d481d168cca6267322f150c5f6a2a3"));
        assertEquals(0.4213, doc.get("percentage").doubleValue());
        assertEquals(
                "/body/DocFragment[11]/body/div/p[7]/text().123",
                doc.get("progress").asText());
        assertEquals("Kobo_frost", doc.get("device").asText());
        assertEquals("3F2A9C", doc.get("device_id").asText());
        assertEquals(1795321016L, doc.get("timestamp").longValue());
        JsonNode second = tree(pull("alice", ALICE_KEY, "41cce710f34e5ec21315e19c99821415"));
        assertEquals("56", second.get("progress").asText());
        assertFalse(second.has("device_id"));
        JsonNode table = tree(pull("numeric", "12345678", "table"));
        assertEquals("hashtable", table.get("device").asText());
        JsonNode xp = tree(pull("José", "d41d8cd98f00b204e9800998ecf8427e", "longxpointer"));
        assertTrue(xp.get("progress").asText().startsWith("/body/DocFragment[20]/body/div/div"));
        assertEquals(1, xp.get("percentage").asInt());
    }

    @Test
    @DisplayName("C66 a Redis 6 dump (ziplist hashes, LZF strings) imports")
    void redisZiplistDump() {
        String user = uniqueName("zl");
        byte[] rdb = RdbFixtures.ziplistDump(user, "zkey", "zdoc");
        RawHttp.Reply reply = Admin.importFile(rdb, "?format=redis");
        assertEquals(200, reply.status(), reply::toString);
        assertAnswer(200, "{\"authorized\":\"OK\"}", auth(user, "zkey"));
        JsonNode doc = tree(pull(user, "zkey", "zdoc"));
        assertEquals("short", doc.get("progress").asText());
        assertEquals(0.25, doc.get("percentage").doubleValue());
        assertEquals(-7, Integer.parseInt(doc.get("device").asText()));
        assertEquals(1234567890L, doc.get("timestamp").longValue());
        assertEquals("11", doc.get("device_id").asText());
        JsonNode hashtable = tree(pull(user, "zkey", "zdoc2"));
        assertEquals(RdbFixtures.LONG_PROGRESS, hashtable.get("progress").asText());
    }

    @Test
    @DisplayName("C66 unreadable files answer 422 and write nothing")
    void unreadable() {
        assertEquals(422, Admin.importFile(Admin.utf8("not json at all"), "").status());
        assertEquals(422, Admin.importFile(Admin.utf8("{\"no\":\"users\"}"), "").status());
        assertEquals(422, Admin.importFile(Admin.utf8("REDIS0010\u00fa"), "").status());
        assertEquals(422, Admin.importFile(Admin.utf8("{}"), "?format=xml").status());
        assertEquals(422, Admin.importFile(new byte[0], "").status());
    }
}
