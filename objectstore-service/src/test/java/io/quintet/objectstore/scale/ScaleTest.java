package io.quintet.objectstore.scale;

import static io.quintet.objectstore.osp.RawClient.NOTE;
import static io.quintet.objectstore.osp.RawClient.props;
import static io.quintet.objectstore.osp.RawClient.put;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quintet.objectstore.osp.RawClient;
import io.quintet.objectstore.session.SessionRegistry;
import io.quintet.objectstore.wire.WireFormat;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Items 90–93 as behaviour under load, at sizes a test run affords; their speed figures (10 000
 * clients, ops/s, push p99, a million TXs behind) come from {@code bench objectstore}, never from
 * timed asserts. The history limit is lifted so catch-up reads history rather than full-syncing.
 */
@QuarkusTest
@TestProfile(ScaleTest.LongHistory.class)
class ScaleTest {

    public static class LongHistory implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "objectstore.history-size-max-kb", "1048576",
                    "objectstore.history-size-target-kb", "524288");
        }
    }

    @TestHTTPResource("/")
    URI base;

    @Inject
    SessionRegistry sessions;

    @Inject
    Pool pool;

    @Test
    @DisplayName(
            "C90 a connect storm of 500 clients at once: every one logs in and stays connected while idle, with bounded memory per client")
    void c90ConnectStorm() throws Exception {
        int count = 500;
        long before = usedHeapAfterGc();
        int already = sessions.clients().size();
        List<RawClient> clients = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(50);
        try {
            List<Future<RawClient>> storm = new ArrayList<>();
            for (int i = 0; i < count; i++)
                storm.add(pool.submit(() -> {
                    RawClient c = RawClient.connect(base, WireFormat.JSON);
                    c.loginOk("MANUAL");
                    return c;
                }));
            for (Future<RawClient> f : storm) clients.add(f.get());
            assertEquals(already + count, sessions.clients().size(), "every client of the storm is logged in");
            long after = usedHeapAfterGc();
            long perClient = (after - before) / count;
            // server session and test-side client together; the bench measures the server's RSS alone
            assertTrue(perClient < 256 * 1024, "heap per idle client (both sides) " + perClient + " bytes");
            for (RawClient c : clients) assertTrue(!c.isClosed(), "idle clients stay connected");
        } finally {
            pool.shutdownNow();
            for (RawClient c : clients) c.close();
        }
    }

    @Test
    @DisplayName(
            "C91 1, 10 and 100 concurrent writers with TXs of 10 PUTs, 10 in flight: every TX acknowledged APPLIED in cseq order, one gap-free hseq order, every object stored")
    void c91ConcurrentWriters() throws Exception {
        for (int writers : new int[] {1, 10, 100}) {
            List<RawClient> clients = new ArrayList<>();
            ExecutorService threads = Executors.newFixedThreadPool(Math.min(writers, 50));
            try {
                for (int i = 0; i < writers; i++) {
                    RawClient c = RawClient.connect(base, WireFormat.JSON);
                    c.loginOk("MANUAL");
                    clients.add(c);
                }
                List<Future<List<Long>>> results = new ArrayList<>();
                for (RawClient c : clients) results.add(threads.submit(() -> writeTen(c)));
                TreeSet<Long> hseqs = new TreeSet<>();
                for (Future<List<Long>> r : results)
                    for (long h : r.get()) assertTrue(hseqs.add(h), "hseq " + h + " given twice");
                assertEquals(writers * 10, hseqs.size());
                for (RawClient c : clients) {
                    long stored = pool.preparedQuery("SELECT count(*) FROM objectstore.objects WHERE gid LIKE $1")
                            .execute(Tuple.of(c.peer + ".%"))
                            .await()
                            .indefinitely()
                            .iterator()
                            .next()
                            .getLong(0);
                    assertEquals(100, stored, "every PUT of writer " + c.peer + " is stored");
                }
                for (RawClient c : clients) {
                    List<String> gids = new ArrayList<>();
                    for (int cseq = 1; cseq <= 10; cseq++) for (int i = 0; i < 10; i++) gids.add(c.gid(cseq * 10L + i));
                    c.cseq(11);
                    removeAll(c, gids);
                }
            } finally {
                threads.shutdownNow();
                for (RawClient c : clients) c.close();
            }
        }
    }

    /** Ten TXs of ten PUTs sent back to back (10 in flight); answers their hseqs after checking the ACKs. */
    private static List<Long> writeTen(RawClient c) {
        for (int cseq = 1; cseq <= 10; cseq++) {
            ObjectNode[] ops = new ObjectNode[10];
            for (int i = 0; i < 10; i++)
                ops[i] = put(NOTE, c.gid(cseq * 10L + i), props().put("title", "c91 " + cseq + "/" + i));
            c.send(c.tx(cseq, ops));
        }
        List<Long> hseqs = new ArrayList<>();
        long expected = 1;
        while (expected <= 10) {
            ObjectNode ack = c.expect("ACK_TX");
            long cseq = Long.parseLong(ack.path("cseq").asText());
            // cumulative acknowledgement may skip cseqs but never goes backwards
            assertTrue(cseq >= expected, "ACK_TX in cseq order: " + cseq + " after " + (expected - 1));
            assertEquals("APPLIED", ack.path("status").asText(), ack.toString());
            hseqs.add(Long.parseLong(ack.path("hseq").asText()));
            expected = cseq + 1;
        }
        return hseqs;
    }

    @Test
    @DisplayName(
            "C92 push under load: 3 writers write while 20 clients are connected; every client receives every TX once, in hseq order without gaps")
    void c92PushUnderLoad() throws Exception {
        List<RawClient> subscribers = new ArrayList<>();
        List<RawClient> writers = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                RawClient s = RawClient.connect(base, WireFormat.JSON);
                s.loginOk("AUTO");
                s.expect("UPDATES_COMPLETE");
                subscribers.add(s);
            }
            Set<String> titles = new HashSet<>();
            for (int w = 0; w < 3; w++) {
                RawClient writer = RawClient.connect(base, WireFormat.JSON);
                writer.loginOk("MANUAL");
                writers.add(writer);
            }
            for (int batch = 0; batch < 2; batch++) {
                // each writer keeps at most 10 TXs in flight (its maxInFlight)
                for (int n = batch * 10 + 1; n <= batch * 10 + 10; n++) {
                    for (RawClient writer : writers) {
                        String title = "c92 " + writer.peer + " " + n;
                        titles.add(title);
                        writer.send(writer.tx(n, put(NOTE, writer.gid(n), props().put("title", title))));
                    }
                }
                String last = Integer.toString(batch * 10 + 10);
                for (RawClient writer : writers)
                    writer.expect(
                            m -> m.path("t").asText().equals("ACK_TX")
                                    && m.path("cseq").asText().equals(last),
                            "ACK " + last);
            }
            for (RawClient s : subscribers) {
                Set<String> seen = new HashSet<>();
                long next = -1;
                while (!seen.containsAll(titles)) {
                    ObjectNode push = s.expect("PUSH_DATA");
                    long from = Long.parseLong(push.path("from").asText());
                    long to = Long.parseLong(push.path("to").asText());
                    if (next >= 0) assertEquals(next, from, "no gap between pushes");
                    next = to + 1;
                    for (JsonNode tx : push.path("txs"))
                        for (JsonNode op : tx.path("ops")) {
                            String title = op.path("p").path("title").asText();
                            if (titles.contains(title)) assertTrue(seen.add(title), "received twice: " + title);
                        }
                    s.send(JsonNodeFactory.instance
                            .objectNode()
                            .put("t", "RX_ACK")
                            .put("hseq", Long.toString(to)));
                }
            }
            for (RawClient writer : writers) {
                List<String> gids = new ArrayList<>();
                for (int n = 1; n <= 20; n++) gids.add(writer.gid(n));
                writer.cseq(21);
                removeAll(writer, gids);
            }
        } finally {
            for (RawClient c : subscribers) c.close();
            for (RawClient c : writers) c.close();
        }
    }

    @Test
    @DisplayName(
            "C93 catch-up of a client far behind is batched and flow-controlled: merged PUSH_DATA, at most 16 unacknowledged, contiguous ranges up to UPDATES_COMPLETE")
    void c93CatchUpBatchedAndWindowed() throws Exception {
        String epoch;
        long from;
        String writerPeer;
        int txs = 400;
        String payload = "y".repeat(60 * 1024);
        try (RawClient writer = RawClient.connect(base, WireFormat.JSON)) {
            ObjectNode ok = writer.loginOk("MANUAL");
            writerPeer = writer.peer;
            epoch = ok.path("epoch").asText();
            from = Long.parseLong(ok.path("latest").asText("0"));
            for (int n = 1; n <= txs; n++) writer.apply(put(NOTE, writer.gid(n), props().put("title", n + payload)));
        }
        try {
            catchUp(epoch, from, txs);
        } finally {
            try (RawClient cleaner = RawClient.connect(base, WireFormat.JSON)) {
                cleaner.loginOk("MANUAL");
                List<String> gids = new ArrayList<>();
                for (int n = 1; n <= txs; n++) gids.add(writerGid(writerPeer, n));
                removeAll(cleaner, gids);
            }
        }
    }

    private void catchUp(String epoch, long from, int txs) {
        try (RawClient reader = RawClient.connect(base, WireFormat.JSON)) {
            ObjectNode login = RawClient.login(reader.clientId, "AUTO_NO_PUSHES");
            login.putObject("resume").put("epoch", epoch).put("lastHseq", Long.toString(from));
            reader.send(login);
            assertEquals("DELTA", reader.expect("LOGIN_OK").path("sync").asText());
            // without RX_ACK the server stops at its window (the catch-up needs more pushes than that)
            List<ObjectNode> window = new ArrayList<>();
            window.add(reader.expect("PUSH_DATA"));
            window.addAll(reader.drain(3000));
            boolean complete =
                    window.stream().anyMatch(m -> m.path("t").asText().equals("UPDATES_COMPLETE"));
            window.removeIf(m -> !m.path("t").asText().equals("PUSH_DATA"));
            assertTrue(!complete && window.size() <= 16, window.size() + " pushes without an acknowledgement");
            long expected = from + 1;
            int pushes = 0, received = 0;
            List<ObjectNode> pending = new ArrayList<>(window);
            while (!complete) {
                for (ObjectNode push : pending) {
                    assertEquals(expected, Long.parseLong(push.path("from").asText()), "contiguous ranges");
                    expected = Long.parseLong(push.path("to").asText()) + 1;
                    received += push.path("txs").size();
                    pushes++;
                    reader.send(JsonNodeFactory.instance
                            .objectNode()
                            .put("t", "RX_ACK")
                            .put("hseq", push.path("to").asText()));
                }
                pending.clear();
                ObjectNode next = reader.expect(
                        m -> m.path("t").asText().equals("PUSH_DATA")
                                || m.path("t").asText().equals("UPDATES_COMPLETE"),
                        "push or completion");
                if (next.path("t").asText().equals("UPDATES_COMPLETE")) complete = true;
                else pending.add(next);
            }
            assertTrue(received >= txs, received + " TXs caught up");
            assertTrue(pushes > 16, pushes + " pushes, more than one window");
            assertTrue(pushes < txs / 4, pushes + " PUSH_DATA messages merge " + received + " TXs");
        }
    }

    private static String writerGid(String peer, long localId) {
        return peer + "." + localId;
    }

    /** Removes what a test wrote (in TXs of 100), so later tests' full syncs stay small. */
    private static void removeAll(RawClient c, List<String> gids) {
        for (int i = 0; i < gids.size(); i += 100) {
            List<ObjectNode> ops = new ArrayList<>();
            for (String gid : gids.subList(i, Math.min(gids.size(), i + 100)))
                ops.add(JsonNodeFactory.instance
                        .objectNode()
                        .put("op", "REMOVE")
                        .put("type", NOTE)
                        .put("gid", gid));
            ObjectNode ack = c.apply(ops.toArray(ObjectNode[]::new));
            assertEquals("APPLIED", ack.path("status").asText(), ack.toString());
        }
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
