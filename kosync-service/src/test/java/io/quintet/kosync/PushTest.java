package io.quintet.kosync;

import static io.quintet.kosync.Json.assertAnswer;
import static io.quintet.kosync.Json.assertError;
import static io.quintet.kosync.Json.tree;
import static io.quintet.kosync.KosyncClient.md5;
import static io.quintet.kosync.KosyncClient.pull;
import static io.quintet.kosync.KosyncClient.push;
import static io.quintet.kosync.KosyncClient.pushBody;
import static io.quintet.kosync.KosyncClient.registered;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quintet.protocol.testing.RawHttp;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Spec 6.3: PUT /syncs/progress. */
@QuarkusTest
class PushTest {

    private static final String KEY = md5("push");
    private static final String DOC_MISSING = "Field 'document' not provided.";

    @Test
    @DisplayName("C33 a valid PUT answers 200 with exactly document and an integer timestamp in server seconds")
    void validPush() {
        String user = registered("push", KEY);
        long before = System.currentTimeMillis() / 1000;
        RawHttp.Reply reply =
                push(user, KEY, pushBody("0123456789abcdef0123456789abcdef", 0.4213, "/body/p[1]", "Kobo", "ID1"));
        long after = System.currentTimeMillis() / 1000;
        assertEquals(200, reply.status());
        assertEquals("application/json", reply.header("Content-Type"));
        JsonNode body = tree(reply);
        assertEquals(Set.of("document", "timestamp"), fieldNames(body));
        assertEquals("0123456789abcdef0123456789abcdef", body.get("document").textValue());
        assertTrue(body.get("timestamp").isIntegralNumber());
        long ts = body.get("timestamp").longValue();
        assertTrue(ts >= before - 5 && ts <= after + 5, "seconds, near now: " + ts);
    }

    @Test
    @DisplayName("C34 a client timestamp is ignored: the server's time is stored and returned")
    void clientTimestampIgnored() {
        String user = registered("push", KEY);
        RawHttp.Reply reply = push(
                user,
                KEY,
                "{\"document\":\"ts\",\"percentage\":0.1,\"progress\":\"1\",\"device\":\"d\",\"timestamp\":1000000000}");
        long ts = tree(reply).get("timestamp").longValue();
        assertTrue(ts > 1_700_000_000L);
        assertEquals(ts, tree(pull(user, KEY, "ts")).get("timestamp").longValue());
    }

    @Test
    @DisplayName("C35 missing, empty, non-string or colon-containing document answers 403/2004")
    void invalidDocument() {
        String user = registered("push", KEY);
        for (String body : new String[] {
            "{\"percentage\":0.1,\"progress\":\"1\",\"device\":\"d\"}",
            "{\"document\":\"\",\"percentage\":0.1,\"progress\":\"1\",\"device\":\"d\"}",
            "{\"document\":42,\"percentage\":0.1,\"progress\":\"1\",\"device\":\"d\"}",
            "{\"document\":null,\"percentage\":0.1,\"progress\":\"1\",\"device\":\"d\"}",
            "{\"document\":\"a:b\",\"percentage\":0.1,\"progress\":\"1\",\"device\":\"d\"}",
            "{\"document\":\"a:b\"}"
        }) {
            assertError(403, 2004, DOC_MISSING, push(user, KEY, body));
        }
    }

    @Test
    @DisplayName("C36 missing or non-numeric percentage, missing progress or device answer 403/2003")
    void invalidFields() {
        String user = registered("push", KEY);
        for (String body : new String[] {
            "{\"document\":\"f\",\"progress\":\"1\",\"device\":\"d\"}",
            "{\"document\":\"f\",\"percentage\":\"abc\",\"progress\":\"1\",\"device\":\"d\"}",
            "{\"document\":\"f\",\"percentage\":null,\"progress\":\"1\",\"device\":\"d\"}",
            "{\"document\":\"f\",\"percentage\":true,\"progress\":\"1\",\"device\":\"d\"}",
            "{\"document\":\"f\",\"percentage\":\"NaN\",\"progress\":\"1\",\"device\":\"d\"}",
            "{\"document\":\"f\",\"percentage\":\"Infinity\",\"progress\":\"1\",\"device\":\"d\"}",
            "{\"document\":\"f\",\"percentage\":1e999,\"progress\":\"1\",\"device\":\"d\"}",
            "{\"document\":\"f\",\"percentage\":0.1,\"device\":\"d\"}",
            "{\"document\":\"f\",\"percentage\":0.1,\"progress\":false,\"device\":\"d\"}",
            "{\"document\":\"f\",\"percentage\":0.1,\"progress\":null,\"device\":\"d\"}",
            "{\"document\":\"f\",\"percentage\":0.1,\"progress\":{\"a\":1},\"device\":\"d\"}",
            "{\"document\":\"f\",\"percentage\":0.1,\"progress\":\"1\"}",
            "{\"document\":\"f\",\"percentage\":0.1,\"progress\":\"1\",\"device\":false}",
            "{\"document\":\"f\",\"percentage\":0.1,\"progress\":\"1\",\"device\":\"d\",\"device_id\":true}"
        }) {
            assertError(403, 2003, "Invalid request", push(user, KEY, body));
        }
        assertEquals("{}", pull(user, KEY, "f").text());
    }

    @Test
    @DisplayName("C37 percentage 0 is a value: 200, and GET returns 0")
    void zeroPercentage() {
        String user = registered("push", KEY);
        assertEquals(
                200,
                push(user, KEY, "{\"document\":\"zero\",\"percentage\":0,\"progress\":\"1\",\"device\":\"d\"}")
                        .status());
        JsonNode got = tree(pull(user, KEY, "zero"));
        assertTrue(got.get("percentage").isNumber());
        assertEquals(0.0, got.get("percentage").doubleValue());
        assertTrue(pull(user, KEY, "zero").text().contains("\"percentage\":0,"));
    }

    @Test
    @DisplayName("C38 percentage \"0.75\" (a string) is stored and returned as the number 0.75")
    void numericStringPercentage() {
        String user = registered("push", KEY);
        assertEquals(
                200,
                push(user, KEY, "{\"document\":\"str\",\"percentage\":\"0.75\",\"progress\":\"1\",\"device\":\"d\"}")
                        .status());
        JsonNode p = tree(pull(user, KEY, "str")).get("percentage");
        assertTrue(p.isNumber());
        assertEquals(0.75, p.doubleValue());
    }

    @Test
    @DisplayName("C39 progress 56 (a number) is returned as the string \"56\"")
    void numericProgress() {
        String user = registered("push", KEY);
        assertEquals(
                200,
                push(user, KEY, "{\"document\":\"num\",\"percentage\":0.5,\"progress\":56,\"device\":\"d\"}")
                        .status());
        JsonNode progress = tree(pull(user, KEY, "num")).get("progress");
        assertTrue(progress.isTextual());
        assertEquals("56", progress.textValue());
    }

    @Test
    @DisplayName("C40 empty strings for progress and device are accepted and round-trip")
    void emptyStrings() {
        String user = registered("push", KEY);
        assertEquals(
                200,
                push(user, KEY, "{\"document\":\"empty\",\"percentage\":0.5,\"progress\":\"\",\"device\":\"\"}")
                        .status());
        JsonNode got = tree(pull(user, KEY, "empty"));
        assertEquals("", got.get("progress").textValue());
        assertEquals("", got.get("device").textValue());
    }

    @Test
    @DisplayName("C41 a push without device_id answers 200 and GET has no device_id key")
    void noDeviceId() {
        String user = registered("push", KEY);
        assertEquals(200, push(user, KEY, pushBody("noid", 0.5, "1", "d", null)).status());
        RawHttp.Reply got = pull(user, KEY, "noid");
        assertFalse(tree(got).has("device_id"));
        assertFalse(got.text().contains("null"));
    }

    @Test
    @DisplayName("C42 a push with device_id D1 then one without keeps D1 (parity)")
    void deviceIdKept() {
        String user = registered("push", KEY);
        push(user, KEY, pushBody("keep", 0.5, "1", "kobo", "D1"));
        push(user, KEY, pushBody("keep", 0.6, "2", "pocketbook", null));
        JsonNode got = tree(pull(user, KEY, "keep"));
        assertEquals("D1", got.get("device_id").textValue());
        assertEquals("pocketbook", got.get("device").textValue());
        assertEquals(0.6, got.get("percentage").doubleValue());
    }

    @Test
    @DisplayName("C43 metadata is accepted, GET works, and a later push without it still updates")
    void metadata() {
        String user = registered("push", KEY);
        assertEquals(
                200,
                push(
                                user,
                                KEY,
                                "{\"document\":\"meta\",\"percentage\":0.1,\"progress\":\"1\",\"device\":\"d\","
                                        + "\"metadata\":{\"filename\":\"book.epub\",\"title\":\"T\",\"authors\":\"A\"}}")
                        .status());
        assertEquals(200, pull(user, KEY, "meta").status());
        assertEquals(200, push(user, KEY, pushBody("meta", 0.2, "2", "d", null)).status());
        assertEquals(0.2, tree(pull(user, KEY, "meta")).get("percentage").doubleValue());
    }

    @Test
    @DisplayName("C44 last write wins, also backwards")
    void lastWriteWins() {
        String user = registered("push", KEY);
        push(user, KEY, pushBody("lww", 0.9, "90", "d", null));
        push(user, KEY, pushBody("lww", 0.1, "10", "d", null));
        JsonNode got = tree(pull(user, KEY, "lww"));
        assertEquals(0.1, got.get("percentage").doubleValue());
        assertEquals("10", got.get("progress").textValue());
    }

    @Test
    @DisplayName("C45 the same document id pushed by two accounts stays separate")
    void isolation() {
        String a = registered("iso", KEY);
        String b = registered("iso", md5("b"));
        push(a, KEY, pushBody("shared", 0.1, "a", "da", null));
        push(b, md5("b"), pushBody("shared", 0.2, "b", "db", null));
        assertEquals("a", tree(pull(a, KEY, "shared")).get("progress").textValue());
        assertEquals("b", tree(pull(b, md5("b"), "shared")).get("progress").textValue());
        String c = registered("iso", md5("c"));
        assertEquals("{}", pull(c, md5("c"), "shared").text());
    }

    @Test
    @DisplayName("C46 document with '/' or of 256+ bytes answers 403/2004; progress over 8 KiB answers 403/2003")
    void limits() {
        String user = registered("push", KEY);
        assertError(403, 2004, DOC_MISSING, push(user, KEY, pushBody("a/b", 0.1, "1", "d", null)));
        assertError(403, 2004, DOC_MISSING, push(user, KEY, pushBody("x".repeat(256), 0.1, "1", "d", null)));
        assertEquals(
                200,
                push(user, KEY, pushBody("x".repeat(255), 0.1, "1", "d", null)).status());
        assertError(
                403,
                2003,
                "Invalid request",
                push(user, KEY, pushBody("big", 0.1, "p".repeat(8 * 1024 + 1), "d", null)));
        assertEquals(
                200,
                push(user, KEY, pushBody("big", 0.1, "p".repeat(8 * 1024), "d", null))
                        .status());
        assertError(403, 2003, "Invalid request", push(user, KEY, pushBody("big", 0.1, "1", "d".repeat(256), null)));
        assertError(403, 2003, "Invalid request", push(user, KEY, pushBody("big", 0.1, "1", "d", "i".repeat(256))));
        assertError(
                403,
                2004,
                DOC_MISSING,
                push(
                        user,
                        KEY,
                        "{\"document\":\"nul\\u0000\",\"percentage\":0.1,\"progress\":\"1\",\"device\":\"d\"}"));
        assertError(
                403,
                2003,
                "Invalid request",
                push(user, KEY, "{\"document\":\"nul\",\"percentage\":0.1,\"progress\":\"\\u0000\",\"device\":\"d\"}"));
        assertError(
                403,
                2003,
                "Invalid request",
                push(user, KEY, "{\"document\":\"sur\",\"percentage\":0.1,\"progress\":\"\\ud800\",\"device\":\"d\"}"));
    }

    @Test
    @DisplayName(
            "C47 16 connections x 1000 interleaved PUT/GET on 50 documents: no errors, every GET a complete record")
    void concurrentLoad() throws Exception {
        String user = registered("load", KEY);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        Set<String> written = ConcurrentHashMap.newKeySet();
        try {
            List<Callable<Integer>> workers = new ArrayList<>();
            for (int w = 0; w < 16; w++) {
                int worker = w;
                workers.add(() -> {
                    int errors = 0;
                    for (int i = 0; i < 1000; i++) {
                        String doc = "doc" + ((worker * 7 + i) % 50);
                        if (i % 2 == 0) {
                            String progress = "w" + worker + "-" + i;
                            written.add(doc + "|" + progress);
                            if (push(
                                                    user,
                                                    KEY,
                                                    pushBody(
                                                            doc,
                                                            (i % 100) / 100.0,
                                                            progress,
                                                            "dev" + worker,
                                                            "id" + worker))
                                            .status()
                                    != 200) errors++;
                        } else {
                            RawHttp.Reply r = pull(user, KEY, doc);
                            if (r.status() != 200) {
                                errors++;
                                continue;
                            }
                            JsonNode got = tree(r);
                            if (got.size() == 0) continue; // not pushed yet
                            boolean complete = got.has("document")
                                    && got.has("percentage")
                                    && got.has("progress")
                                    && got.has("device")
                                    && got.has("device_id")
                                    && got.has("timestamp");
                            String progress = got.path("progress").asText();
                            String writer = progress.substring(1, progress.indexOf('-'));
                            boolean oneWrite = got.path("device").asText().equals("dev" + writer)
                                    && got.path("device_id").asText().equals("id" + writer)
                                    && written.contains(doc + "|" + progress);
                            if (!complete || !oneWrite) errors++;
                        }
                    }
                    return errors;
                });
            }
            int errors = 0;
            for (Future<Integer> f : pool.invokeAll(workers)) {
                errors += f.get();
            }
            assertEquals(0, errors);
        } finally {
            pool.shutdownNow();
        }
        assertAnswer(200, "{\"state\":\"OK\"}", KosyncClient.send("GET", "/healthcheck", List.of(), null));
    }

    @Test
    @DisplayName("two devices pushing concurrently: the stored record is the push with the latest server time")
    void twoDevicesLastPushWins() throws Exception {
        String user = registered("devices", KEY);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        Map<String, Long> answered = new ConcurrentHashMap<>();
        try {
            List<Callable<Void>> devices = new ArrayList<>();
            for (String device : new String[] {"kobo", "kindle"}) {
                devices.add(() -> {
                    for (int i = 0; i < 200; i++) {
                        String progress = device + "-" + i;
                        RawHttp.Reply r =
                                push(user, KEY, pushBody("book", i / 200.0, progress, device, device + "-id"));
                        answered.put(progress, tree(r).get("timestamp").longValue());
                    }
                    return null;
                });
            }
            for (Future<Void> f : pool.invokeAll(devices)) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        JsonNode stored = tree(pull(user, KEY, "book"));
        long latest =
                answered.values().stream().mapToLong(Long::longValue).max().orElseThrow();
        String progress = stored.get("progress").textValue();
        assertTrue(answered.containsKey(progress), "the stored record is one of the pushes");
        assertEquals(latest, stored.get("timestamp").longValue());
        assertEquals(latest, answered.get(progress));
        String device = progress.substring(0, progress.indexOf('-'));
        assertEquals(device, stored.get("device").textValue());
        assertEquals(device + "-id", stored.get("device_id").textValue());
        // each device pushes in sequence, so the last commit overall is some device's last push
        assertTrue(progress.endsWith("-199"), progress);
    }

    @Test
    @DisplayName(
            "grouped pushes: an account deleted while its pushes share statements with others costs the others nothing")
    void groupedPushesSurviveADeletedAccount() throws Exception {
        String stays = registered("stays", KEY);
        String leaves = registered("leaves", KEY);
        ExecutorService pool = Executors.newFixedThreadPool(17);
        Map<Integer, Integer> staying = new ConcurrentHashMap<>();
        Map<Integer, Integer> leaving = new ConcurrentHashMap<>();
        try {
            List<Callable<Void>> work = new ArrayList<>();
            for (int w = 0; w < 16; w++) {
                int worker = w;
                work.add(() -> {
                    for (int i = 0; i < 60; i++) {
                        boolean mine = worker % 2 == 0;
                        RawHttp.Reply r = push(
                                mine ? leaves : stays,
                                KEY,
                                pushBody("g" + worker + "-" + (i % 5), i / 60.0, "p" + i, "d", "id"));
                        (mine ? leaving : staying).merge(r.status(), 1, Integer::sum);
                    }
                    return null;
                });
            }
            work.add(() -> {
                Thread.sleep(150);
                assertEquals(
                        200,
                        KosyncClient.send("DELETE", "/users/me", KosyncClient.credentials(leaves, KEY), null)
                                .status());
                return null;
            });
            for (Future<Void> f : pool.invokeAll(work)) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(Map.of(200, 8 * 60), staying, "the other account's pushes all succeed");
        assertTrue(Set.of(200, 401).containsAll(leaving.keySet()), leaving::toString);
        assertEquals(
                8 * 60, leaving.values().stream().mapToInt(Integer::intValue).sum());
        Json.assertUnauthorized(KosyncClient.auth(leaves, KEY));
    }

    static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new HashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
