package io.quintet.objectstore.osp;

import static io.quintet.objectstore.osp.RawClient.NOTE;
import static io.quintet.objectstore.osp.RawClient.TASK;
import static io.quintet.objectstore.osp.RawClient.props;
import static io.quintet.objectstore.osp.RawClient.put;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quintet.objectstore.tx.ServerClock;
import io.quintet.objectstore.wire.WireFormat;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ConflictsTest {

    @TestHTTPResource("/")
    URI base;

    private static ObjectNode pushFor(RawClient c, String gid) {
        return c.expect(
                m -> m.path("t").asText().equals("PUSH_DATA") && m.toString().contains(gid), "push of " + gid);
    }

    @Test
    @DisplayName("C50 default: the later-received write wins for the whole object")
    void c50LaterWins() {
        try (RawClient a = RawClient.connect(base, WireFormat.JSON);
                RawClient b = RawClient.connect(base, WireFormat.JSON);
                RawClient watcher = RawClient.connect(base, WireFormat.JSON)) {
            a.loginOk("MANUAL");
            b.loginOk("MANUAL");
            String gid = a.gid(1);
            a.apply(put(NOTE, gid, props().put("title", "first").put("priority", 1)));
            b.apply(put(NOTE, gid, props().put("title", "second")));
            watcher.loginOk("AUTO");
            ObjectNode begin = watcher.expect("FULL_SYNC_BEGIN");
            String found = null;
            for (int i = 1; i <= begin.path("chunks").asInt(); i++) {
                ObjectNode chunk = watcher.expect("FULL_SYNC_CHUNK");
                for (var o : chunk.path("objects"))
                    if (o.path("gid").asText().equals(gid)) found = o.path("p").toString();
                watcher.send(com.fasterxml.jackson.databind.node.JsonNodeFactory.instance
                        .objectNode()
                        .put("t", "FULL_SYNC_ACK")
                        .put("n", i));
            }
            assertTrue(
                    found.contains("\"title\":\"second\"") && found.contains("\"priority\":null"),
                    "whole object replaced: " + found);
        }
    }

    @Test
    @DisplayName(
            "C51 the higher sync clock wins even when received first; the loser gets ACK_TX.conflicts and the winner pushed back")
    void c51ClockWins() {
        try (RawClient a = RawClient.connect(base, WireFormat.JSON);
                RawClient b = RawClient.connect(base, WireFormat.JSON)) {
            a.loginOk("MANUAL");
            b.loginOk("AUTO");
            b.expect("UPDATES_COMPLETE");
            String gid = a.gid(1);
            long now = System.currentTimeMillis() << 16;
            assertEquals(
                    "APPLIED",
                    a.apply(put(TASK, gid, props().put("text", "newer").put("clock", Long.toString(now + 100))))
                            .path("status")
                            .asText());
            pushFor(b, gid);
            List<ObjectNode> beforeAck = new ArrayList<>();
            ObjectNode ack = b.apply(
                    beforeAck, put(TASK, gid, props().put("text", "older").put("clock", Long.toString(now))));
            assertEquals("APPLIED", ack.path("status").asText());
            assertEquals("LOST", ack.path("conflicts").get(0).path("outcome").asText(), ack.toString());
            // before or after the ACK_TX: the protocol orders neither way
            ObjectNode back = b.expect(
                    beforeAck,
                    m -> m.path("t").asText().equals("PUSH_DATA")
                            && m.toString().contains("newer")
                            && m.path("txs")
                                    .get(0)
                                    .path("hseq")
                                    .asText()
                                    .equals(ack.path("hseq").asText()),
                    "winner pushed back");
            assertTrue(back.toString().contains("newer"));
        }
    }

    @Test
    @DisplayName("C54 a PUT with clock 0 on a clock type gets a server-assigned clock, pushed back to the sender")
    void c54ClockZero() {
        try (RawClient a = RawClient.connect(base, WireFormat.JSON)) {
            a.loginOk("AUTO");
            a.expect("UPDATES_COMPLETE");
            String gid = a.gid(9);
            List<ObjectNode> beforeAck = new ArrayList<>();
            ObjectNode ack = a.apply(
                    beforeAck, put(TASK, gid, props().put("text", "no clock").put("clock", "0")));
            ObjectNode echo = a.expect(
                    beforeAck,
                    m -> m.path("t").asText().equals("PUSH_DATA")
                            && m.toString().contains(gid),
                    "push of " + gid);
            long clock = Long.parseLong(echo.path("txs")
                    .get(0)
                    .path("ops")
                    .get(0)
                    .path("p")
                    .path("clock")
                    .asText());
            assertTrue(Math.abs(ServerClock.toMillis(clock) - System.currentTimeMillis()) < 60_000, "clock " + clock);
            assertEquals(
                    ack.path("hseq").asText(),
                    echo.path("txs").get(0).path("hseq").asText());
        }
    }
}
