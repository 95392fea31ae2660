package io.quintet.objectstore.osp;

import static io.quintet.objectstore.osp.RawClient.FOLDER;
import static io.quintet.objectstore.osp.RawClient.NOTE;
import static io.quintet.objectstore.osp.RawClient.SHARED_WITH;
import static io.quintet.objectstore.osp.RawClient.props;
import static io.quintet.objectstore.osp.RawClient.put;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quintet.objectstore.wire.WireFormat;
import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@QuarkusTest
class PushAndCatchUpTest {

    @TestHTTPResource("/")
    URI base;

    /** Logs in with a resume position and waits until the first catch-up is complete. */
    private static ObjectNode resumeFrom(RawClient c, String epoch, long lastHseq, String mode) {
        ObjectNode login = RawClient.login(c.clientId, mode);
        login.putObject("resume").put("epoch", epoch).put("lastHseq", Long.toString(lastHseq));
        c.send(login);
        return c.expect("LOGIN_OK");
    }

    /** Follows a full sync to its end, acknowledging chunks; answers the objects received. */
    private static List<JsonNode> fullSync(RawClient c) {
        ObjectNode begin = c.expect("FULL_SYNC_BEGIN");
        int chunks = begin.path("chunks").asInt();
        List<JsonNode> objects = new java.util.ArrayList<>();
        for (int i = 1; i <= chunks; i++) {
            ObjectNode chunk = c.expect("FULL_SYNC_CHUNK");
            assertEquals(i, chunk.path("n").asInt());
            chunk.path("objects").forEach(objects::add);
            c.send(JsonNodeFactory.instance
                    .objectNode()
                    .put("t", "FULL_SYNC_ACK")
                    .put("n", i));
        }
        ObjectNode end = c.expect("FULL_SYNC_END");
        assertEquals(
                begin.path("snapshotHseq").asText(), end.path("snapshotHseq").asText());
        c.send(JsonNodeFactory.instance
                .objectNode()
                .put("t", "RX_ACK")
                .put("hseq", end.path("snapshotHseq").asText()));
        return objects;
    }

    @Test
    @DisplayName("C34 C43 A's TX reaches B by a LIVE push; A does not get its own data back")
    void c34LivePush() {
        try (RawClient a = RawClient.connect(base, WireFormat.JSON);
                RawClient b = RawClient.connect(base, WireFormat.JSON)) {
            a.loginOk("AUTO");
            b.loginOk("AUTO");
            fullSync(a);
            fullSync(b);
            a.expect("UPDATES_COMPLETE");
            b.expect("UPDATES_COMPLETE");
            ObjectNode ack = a.apply(put(NOTE, a.gid(1), props().put("title", "live")));
            String hseq = ack.path("hseq").asText();
            ObjectNode push = b.expect(
                    m -> m.path("t").asText().equals("PUSH_DATA")
                            && m.path("txs").size() > 0
                            && m.path("txs")
                                    .get(m.path("txs").size() - 1)
                                    .path("hseq")
                                    .asText()
                                    .equals(hseq),
                    "push of " + hseq);
            assertEquals("LIVE", push.path("kind").asText());
            JsonNode op = push.path("txs")
                    .get(push.path("txs").size() - 1)
                    .path("ops")
                    .get(0);
            assertEquals("live", op.path("p").path("title").asText());
            assertEquals(a.gid(1), op.path("gid").asText());
            for (ObjectNode m : a.drain(1500)) {
                if (m.path("t").asText().equals("PUSH_DATA")) {
                    m.path("txs")
                            .forEach(tx -> assertFalse(tx.path("hseq").asText().equals(hseq), "own TX echoed: " + m));
                }
            }
        }
    }

    @Test
    @DisplayName("C35 C36 catch-up merges many TXs into few contiguous PUSH_DATA ranges, then UPDATES_COMPLETE once")
    void c35CatchUpMerged() {
        String epoch;
        long start;
        try (RawClient writer = RawClient.connect(base, WireFormat.JSON)) {
            ObjectNode ok = writer.loginOk("MANUAL");
            epoch = ok.path("epoch").asText();
            start = Long.parseLong(ok.path("history").path("latest").asText());
            for (int i = 1; i <= 120; i++)
                writer.send(writer.tx(i, put(NOTE, writer.gid(1000 + i), props().put("title", "h" + i))));
            writer.expect(
                    m -> m.path("t").asText().equals("ACK_TX")
                            && m.path("cseq").asText().equals("120"),
                    "last ACK");
        }
        try (RawClient reader = RawClient.connect(base, WireFormat.JSON)) {
            resumeFrom(reader, epoch, start, "AUTO_NO_PUSHES");
            long expectedFrom = start + 1;
            int pushes = 0;
            int txs = 0;
            while (true) {
                ObjectNode m = reader.expect(
                        x -> x.path("t").asText().equals("PUSH_DATA")
                                || x.path("t").asText().equals("UPDATES_COMPLETE"),
                        "catch-up");
                if (m.path("t").asText().equals("UPDATES_COMPLETE")) break;
                pushes++;
                assertEquals("HISTORIC", m.path("kind").asText());
                assertEquals(Long.toString(expectedFrom), m.path("from").asText(), "contiguous ranges");
                expectedFrom = Long.parseLong(m.path("to").asText()) + 1;
                txs += m.path("txs").size();
                reader.send(JsonNodeFactory.instance
                        .objectNode()
                        .put("t", "RX_ACK")
                        .put("hseq", m.path("to").asText()));
            }
            assertTrue(txs >= 120, "all TXs arrived: " + txs);
            assertTrue(pushes <= 3, "merged into few messages: " + pushes);
            assertTrue(
                    reader.drain(800).stream()
                            .noneMatch(m -> m.path("t").asText().equals("UPDATES_COMPLETE")),
                    "completed once");
        }
    }

    @Test
    @DisplayName(
            "C44 C45 AUTO_NO_PUSHES gets no live pushes; MANUAL gets nothing until UPDATES_REQUEST and nothing after UPDATES_CANCEL; sending works in all modes")
    void c44c45Modes() {
        try (RawClient writer = RawClient.connect(base, WireFormat.JSON);
                RawClient once = RawClient.connect(base, WireFormat.JSON);
                RawClient manual = RawClient.connect(base, WireFormat.JSON)) {
            writer.loginOk("MANUAL");
            once.loginOk("AUTO_NO_PUSHES");
            fullSync(once);
            once.expect("UPDATES_COMPLETE");
            ObjectNode ok = manual.loginOk("MANUAL");
            assertEquals("NONE", ok.path("sync").asText());
            assertEquals(
                    "APPLIED",
                    manual.apply(put(NOTE, manual.gid(1), props().put("title", "drop-off")))
                            .path("status")
                            .asText());
            writer.apply(put(NOTE, writer.gid(1), props().put("title", "after")));
            assertTrue(
                    once.drain(1500).stream()
                            .noneMatch(m -> m.path("t").asText().equals("PUSH_DATA")),
                    "no live pushes");
            assertTrue(manual.drain(500).stream()
                    .noneMatch(m -> m.path("t").asText().startsWith("PUSH")
                            || m.path("t").asText().startsWith("FULL")));
            manual.send(JsonNodeFactory.instance
                    .objectNode()
                    .put("t", "UPDATES_REQUEST")
                    .put("subscribe", false));
            fullSync(manual);
            manual.expect("UPDATES_COMPLETE");
            manual.send(JsonNodeFactory.instance.objectNode().put("t", "UPDATES_CANCEL"));
            writer.apply(put(NOTE, writer.gid(2), props().put("title", "cancelled")));
            assertTrue(manual.drain(1500).stream()
                    .noneMatch(m -> m.path("t").asText().equals("PUSH_DATA")));
        }
    }

    @Test
    @DisplayName(
            "C39 C42 full sync on request is a snapshot at snapshotHseq while writes go on; deltas follow from there without gaps")
    void c39SnapshotWhileWriting() {
        try (RawClient writer = RawClient.connect(base, WireFormat.JSON);
                RawClient reader = RawClient.connect(base, WireFormat.JSON)) {
            writer.loginOk("MANUAL");
            for (int i = 1; i <= 30; i++)
                writer.send(writer.tx(i, put(NOTE, writer.gid(i), props().put("title", "s" + i))));
            writer.expect(
                    m -> m.path("t").asText().equals("ACK_TX")
                            && m.path("cseq").asText().equals("30"),
                    "ACK 30");
            reader.loginOk("MANUAL");
            reader.send(JsonNodeFactory.instance
                    .objectNode()
                    .put("t", "UPDATES_REQUEST")
                    .put("subscribe", true));
            for (int i = 31; i <= 60; i++)
                writer.send(writer.tx(i, put(NOTE, writer.gid(i), props().put("title", "s" + i))));
            ObjectNode begin = reader.expect("FULL_SYNC_BEGIN");
            long snapshot = Long.parseLong(begin.path("snapshotHseq").asText());
            Set<String> gids = new HashSet<>();
            for (int i = 1; i <= begin.path("chunks").asInt(); i++) {
                reader.expect("FULL_SYNC_CHUNK")
                        .path("objects")
                        .forEach(o -> gids.add(o.path("gid").asText()));
                reader.send(JsonNodeFactory.instance
                        .objectNode()
                        .put("t", "FULL_SYNC_ACK")
                        .put("n", i));
            }
            reader.expect("FULL_SYNC_END");
            for (int i = 1; i <= 30; i++) assertTrue(gids.contains(writer.gid(i)));
            writer.expect(
                    m -> m.path("t").asText().equals("ACK_TX")
                            && m.path("cseq").asText().equals("60"),
                    "ACK 60");
            long expectedFrom = snapshot + 1;
            while (!gids.contains(writer.gid(60))) {
                ObjectNode push = reader.expect("PUSH_DATA");
                assertEquals(Long.toString(expectedFrom), push.path("from").asText());
                expectedFrom = Long.parseLong(push.path("to").asText()) + 1;
                push.path("txs")
                        .forEach(tx -> tx.path("ops")
                                .forEach(op -> assertTrue(
                                        gids.add(op.path("gid").asText()),
                                        "no duplicate of " + op.path("gid").asText())));
                reader.send(JsonNodeFactory.instance
                        .objectNode()
                        .put("t", "RX_ACK")
                        .put("hseq", push.path("to").asText()));
            }
            reader.send(JsonNodeFactory.instance
                    .objectNode()
                    .put("t", "FULL_SYNC_REQUEST")
                    .put("reason", "APP_REQUEST"));
            assertEquals(
                    "REQUESTED", reader.expect("FULL_SYNC_BEGIN").path("reason").asText());
        }
    }

    @Test
    @DisplayName("C47 C63 many-to-many links travel in full sync after both ends")
    void c47LinksInFullSync() {
        try (RawClient a = RawClient.connect(base, WireFormat.JSON);
                RawClient b = RawClient.connect(base, WireFormat.JSON)) {
            a.loginOk("MANUAL");
            ObjectNode link = JsonNodeFactory.instance
                    .objectNode()
                    .put("op", "LINK")
                    .put("rel", SHARED_WITH)
                    .put("src", a.gid(1))
                    .put("dst", a.gid(2));
            assertEquals(
                    "APPLIED",
                    a.apply(
                                    put(FOLDER, a.gid(1), props().put("name", "one")),
                                    put(FOLDER, a.gid(2), props().put("name", "two")),
                                    link)
                            .path("status")
                            .asText());
            b.loginOk("AUTO");
            ObjectNode begin = b.expect("FULL_SYNC_BEGIN");
            boolean linkSeen = false;
            Set<String> folders = new HashSet<>();
            for (int i = 1; i <= begin.path("chunks").asInt(); i++) {
                ObjectNode chunk = b.expect("FULL_SYNC_CHUNK");
                if (chunk.path("type").asText().equals(FOLDER))
                    chunk.path("objects").forEach(o -> folders.add(o.path("gid").asText()));
                for (JsonNode l : chunk.path("links")) {
                    if (l.path("src").asText().equals(a.gid(1))
                            && l.path("dst").asText().equals(a.gid(2))) {
                        assertTrue(folders.contains(a.gid(1)) && folders.contains(a.gid(2)), "link after both ends");
                        linkSeen = true;
                    }
                }
                b.send(JsonNodeFactory.instance
                        .objectNode()
                        .put("t", "FULL_SYNC_ACK")
                        .put("n", i));
            }
            assertTrue(linkSeen);
        }
    }

    @Test
    @DisplayName(
            "C34 C71 live pushes fanned out to many clients (rendered and encoded once, shared): each gets every TX once, in"
                    + " contiguous ranges, JSON and CBOR alike; the sender gets no copy of its own TXs")
    void c34FanOut() {
        List<RawClient> clients = new java.util.ArrayList<>();
        try (RawClient a = RawClient.connect(base, WireFormat.JSON)) {
            a.loginOk("AUTO");
            fullSync(a);
            a.expect("UPDATES_COMPLETE");
            for (int i = 0; i < 12; i++) {
                RawClient c = RawClient.connect(base, i % 2 == 0 ? WireFormat.JSON : WireFormat.CBOR);
                clients.add(c);
                c.loginOk("AUTO");
                fullSync(c);
                c.expect("UPDATES_COMPLETE");
            }
            List<String> hseqs = new java.util.ArrayList<>();
            for (int n = 1; n <= 5; n++)
                hseqs.add(a.apply(put(NOTE, a.gid(500 + n), props().put("title", "fan " + n)))
                        .path("hseq")
                        .asText());
            List<String> wanted = List.of("fan 1", "fan 2", "fan 3", "fan 4", "fan 5");
            for (RawClient c : clients) {
                Set<String> seen = new HashSet<>();
                List<String> titles = new java.util.ArrayList<>();
                long nextFrom = -1;
                while (!seen.contains(hseqs.get(hseqs.size() - 1))) {
                    ObjectNode push = c.expect("PUSH_DATA");
                    if (nextFrom >= 0) assertEquals(nextFrom, push.path("from").asLong(), push.toString());
                    nextFrom = push.path("to").asLong() + 1;
                    for (JsonNode tx : push.path("txs")) {
                        assertTrue(seen.add(tx.path("hseq").asText()), "pushed once: " + push);
                        titles.add(tx.path("ops").get(0).path("p").path("title").asText());
                    }
                    c.send(JsonNodeFactory.instance
                            .objectNode()
                            .put("t", "RX_ACK")
                            .put("hseq", push.path("to").asText()));
                }
                assertTrue(seen.containsAll(hseqs), seen.toString());
                assertEquals(wanted, titles.stream().filter(wanted::contains).toList());
            }
            for (ObjectNode m : a.drain(1500))
                if (m.path("t").asText().equals("PUSH_DATA"))
                    assertEquals(0, m.path("txs").size(), "the sender's own TXs are not pushed back: " + m);
        } finally {
            clients.forEach(RawClient::close);
        }
    }
}
