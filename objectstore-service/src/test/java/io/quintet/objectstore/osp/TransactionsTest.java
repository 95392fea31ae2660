package io.quintet.objectstore.osp;

import static io.quintet.objectstore.osp.RawClient.NOTE;
import static io.quintet.objectstore.osp.RawClient.SETTING;
import static io.quintet.objectstore.osp.RawClient.props;
import static io.quintet.objectstore.osp.RawClient.put;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quintet.objectstore.monitoring.SyncMetrics;
import io.quintet.objectstore.wire.WireFormat;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@QuarkusTest
class TransactionsTest {

    @TestHTTPResource("/")
    URI base;

    @Inject
    Pool pool;

    @Inject
    SyncMetrics metrics;

    private long count(String gid) {
        return pool.preparedQuery("SELECT count(*) FROM objectstore.objects WHERE gid = $1")
                .execute(Tuple.of(gid))
                .await()
                .atMost(Duration.ofSeconds(10))
                .iterator()
                .next()
                .getLong(0);
    }

    private String title(String gid) {
        var rows = pool.preparedQuery("SELECT props ->> $2 FROM objectstore.objects WHERE gid = $1")
                .execute(Tuple.of(
                        gid,
                        Long.toString(RawClient.MODEL
                                .entityNamed("Note")
                                .orElseThrow()
                                .property("title")
                                .orElseThrow()
                                .id()
                                .uid())))
                .await()
                .atMost(Duration.ofSeconds(10));
        return rows.iterator().hasNext() ? rows.iterator().next().getString(0) : null;
    }

    @Test
    @DisplayName("C25 one TX gets ACK_TX APPLIED with an hseq, and the data is on the server")
    void c25SingleTx() {
        try (RawClient a = RawClient.connect(base, WireFormat.JSON)) {
            a.loginOk("AUTO");
            ObjectNode ack =
                    a.apply(put(NOTE, a.gid(1), props().put("title", "Buy milk").put("priority", 3)));
            assertEquals("APPLIED", ack.path("status").asText(), ack.toString());
            assertTrue(Long.parseLong(ack.path("hseq").asText()) > 0);
            assertEquals("Buy milk", title(a.gid(1)));
        }
    }

    @Test
    @DisplayName("C26 maxInFlight: a window of TXs sent without waiting is acknowledged in cseq order")
    void c26Pipelined() {
        try (RawClient a = RawClient.connect(base, WireFormat.JSON)) {
            ObjectNode ok = a.loginOk("MANUAL");
            int window = ok.path("maxInFlight").asInt();
            assertEquals(10, window);
            for (int i = 1; i <= window; i++) a.send(a.tx(i, put(NOTE, a.gid(i), props().put("title", "n" + i))));
            long lastHseq = 0;
            for (int i = 1; i <= window; i++) {
                ObjectNode ack = a.expect("ACK_TX");
                assertEquals(Integer.toString(i), ack.path("cseq").asText());
                long h = Long.parseLong(ack.path("hseq").asText());
                assertTrue(h > lastHseq);
                lastHseq = h;
            }
        }
    }

    @Test
    @DisplayName(
            "C27 C29 C32 a resend after reconnect is a DUPLICATE, applied once; LOGIN_OK.lastAppliedCseq tells what the server has")
    void c27DuplicateAfterReconnect() {
        String id = RawClient.newClientId();
        double before = metrics.count("skipped_tx_dups");
        String gid;
        try (RawClient a = RawClient.connect(base, WireFormat.JSON, id)) {
            a.loginOk("MANUAL");
            gid = a.gid(7);
            assertEquals(
                    "APPLIED",
                    a.apply(put(NOTE, gid, props().put("title", "once")))
                            .path("status")
                            .asText());
        }
        try (RawClient again = RawClient.connect(base, WireFormat.JSON, id)) {
            ObjectNode ok = again.loginOk("MANUAL");
            assertEquals("1", ok.path("lastAppliedCseq").asText());
            again.cseq(1);
            ObjectNode ack = again.apply(put(NOTE, gid, props().put("title", "twice")));
            assertEquals("DUPLICATE", ack.path("status").asText());
            assertEquals("once", title(gid));
            assertEquals(1, count(gid));
        }
        assertTrue(metrics.count("skipped_tx_dups") > before);
    }

    @Test
    @DisplayName("C28 a cseq gap gets ERROR SEQUENCE_GAP with the expected cseq; nothing is applied")
    void c28SequenceGap() {
        try (RawClient a = RawClient.connect(base, WireFormat.JSON)) {
            a.loginOk("MANUAL");
            a.send(a.tx(5, put(NOTE, a.gid(50), props().put("title", "gap"))));
            ObjectNode error = a.expect("ERROR");
            assertEquals("SEQUENCE_GAP", error.path("code").asText());
            assertEquals("1", error.path("expected").asText());
            assertEquals(false, error.path("fatal").asBoolean(true));
            assertEquals(0, count(a.gid(50)));
        }
    }

    @Test
    @DisplayName("C30 a TX with one invalid op is rejected whole; nothing of it is stored")
    void c30Atomic() {
        try (RawClient a = RawClient.connect(base, WireFormat.JSON)) {
            a.loginOk("MANUAL");
            ObjectNode ack = a.apply(
                    put(NOTE, a.gid(60), props().put("title", "fine")),
                    put(NOTE, a.gid(61), props().put("priority", "not a number")));
            assertEquals("REJECTED", ack.path("status").asText());
            assertEquals("SCHEMA_VIOLATION", ack.path("code").asText());
            assertEquals(0, count(a.gid(60)));
            assertEquals(
                    "APPLIED",
                    a.apply(put(NOTE, a.gid(62), props().put("title", "next")))
                            .path("status")
                            .asText(),
                    "the rejected TX consumed its cseq");
        }
    }

    @Test
    @DisplayName("C31 a UNIQUE violation rejects the TX with 71")
    void c31Unique() {
        try (RawClient a = RawClient.connect(base, WireFormat.JSON)) {
            a.loginOk("MANUAL");
            String code = "code-" + a.clientId;
            assertEquals(
                    "APPLIED",
                    a.apply(put(
                                    SETTING,
                                    Long.toString(9_000_000L + Math.abs(a.clientId.hashCode() % 100_000)),
                                    props().put("code", code)))
                            .path("status")
                            .asText());
            ObjectNode ack = a.apply(put(
                    SETTING,
                    Long.toString(8_000_000L + Math.abs(a.clientId.hashCode() % 100_000)),
                    props().put("code", code)));
            assertEquals("REJECTED", ack.path("status").asText());
            assertEquals("71", ack.path("code").asText());
        }
    }

    @Test
    @DisplayName("3.4: a new object whose GID names another peer is rejected with BAD_GID")
    void badGid() {
        try (RawClient a = RawClient.connect(base, WireFormat.JSON)) {
            a.loginOk("MANUAL");
            ObjectNode ack = a.apply(put(NOTE, "0123456789abcdef.1", props().put("title", "spoofed")));
            assertEquals("REJECTED", ack.path("status").asText());
            assertEquals("BAD_GID", ack.path("code").asText());
        }
    }
}
