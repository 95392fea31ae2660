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
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quintet.protocol.testing.RawHttp;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Spec 6.4 and 6.5: GET /syncs/progress/{document}. */
@QuarkusTest
class PullTest {

    private static final String KEY = md5("pull");

    @Test
    @DisplayName(
            "C48 GET of a pushed record returns every field, progress byte-exact, timestamp equal to the PUT answer's")
    void fullRecord() {
        String user = registered("pull", KEY);
        String progress = "/body/DocFragment[11]/body/div/p[7]/text().123 (Ünïcödé ✓ 日本)";
        RawHttp.Reply put = push(user, KEY, pushBody("full", 0.4213, progress, "Kobo_frost", "3F2A-UUID"));
        long ts = tree(put).get("timestamp").longValue();
        RawHttp.Reply reply = pull(user, KEY, "full");
        assertEquals(200, reply.status());
        assertEquals("application/json", reply.header("Content-Type"));
        JsonNode got = tree(reply);
        assertEquals(
                Set.of("document", "percentage", "progress", "device", "device_id", "timestamp"),
                PushTest.fieldNames(got));
        assertEquals("full", got.get("document").textValue());
        assertTrue(got.get("percentage").isNumber());
        assertEquals(0.4213, got.get("percentage").doubleValue());
        assertEquals(progress, got.get("progress").textValue());
        assertEquals("Kobo_frost", got.get("device").textValue());
        assertEquals("3F2A-UUID", got.get("device_id").textValue());
        assertTrue(got.get("timestamp").isIntegralNumber());
        assertEquals(ts, got.get("timestamp").longValue());
    }

    @Test
    @DisplayName("C49 GET of a never-pushed id answers 200 with exactly {}")
    void unknownDocument() {
        String user = registered("pull", KEY);
        RawHttp.Reply reply = pull(user, KEY, "never-pushed");
        assertEquals(200, reply.status());
        assertEquals("application/json", reply.header("Content-Type"));
        assertEquals("{}", reply.text());
    }

    @Test
    @DisplayName("C50 ids with - and . are readable (no write-only ids)")
    void hyphenAndDot() {
        String user = registered("pull", KEY);
        for (String doc : new String[] {"a-b", "x.y", "book.epub", "with space", "ü-ñ", "a+b", "~tilde", "..."}) {
            assertEquals(
                    200,
                    push(user, KEY, pushBody(doc, 0.3, "p-" + doc, "d", null)).status(),
                    doc);
            String segment = URLEncoder.encode(doc, StandardCharsets.UTF_8).replace("+", "%20");
            if (doc.equals("...")) segment = "%2E%2E%2E";
            JsonNode got = tree(pull(user, KEY, segment));
            assertEquals("p-" + doc, got.path("progress").asText(), doc);
            assertEquals(doc, got.path("document").asText(), doc);
        }
    }

    @Test
    @DisplayName("C51 a %3A (colon) in the segment answers 403/2004; d%6E reads document dn")
    void colonSegment() {
        String user = registered("pull", KEY);
        assertError(403, 2004, "Field 'document' not provided.", pull(user, KEY, "a%3Ab"));
        push(user, KEY, pushBody("dn", 0.6, "6", "d", null));
        assertEquals("6", tree(pull(user, KEY, "d%6E")).get("progress").textValue());
        assertError(403, 2004, "Field 'document' not provided.", pull(user, KEY, "a%2Fb"));
    }

    @Test
    @DisplayName("C52 0.4213 returns exactly; a 17-digit value keeps at least 14 significant digits")
    void precision() {
        String user = registered("pull", KEY);
        push(user, KEY, "{\"document\":\"p1\",\"percentage\":0.4213,\"progress\":\"1\",\"device\":\"d\"}");
        assertTrue(pull(user, KEY, "p1").text().contains("\"percentage\":0.4213,"));
        push(
                user,
                KEY,
                "{\"document\":\"p2\",\"percentage\":0.318798848210613456,\"progress\":\"1\",\"device\":\"d\"}");
        double got = tree(pull(user, KEY, "p2")).get("percentage").doubleValue();
        assertEquals("3.1879884821061", String.format("%.13e", got).substring(0, 15));
    }

    @Test
    @DisplayName("C53 a long XPointer (over 300 characters) round-trips unchanged")
    void longXPointer() {
        String user = registered("pull", KEY);
        String xp = "/body/DocFragment[20]" + "/body/div[3]/section[2]/div/p[22]".repeat(12) + "/text().0";
        assertTrue(xp.length() >= 300);
        push(user, KEY, pushBody("long", 0.7, xp, "d", null));
        assertEquals(xp, tree(pull(user, KEY, "long")).get("progress").textValue());
        assertAnswer(200, "{\"authorized\":\"OK\"}", KosyncClient.auth(user, KEY));
    }
}
