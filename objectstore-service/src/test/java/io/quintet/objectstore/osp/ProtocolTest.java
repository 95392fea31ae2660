package io.quintet.objectstore.osp;

import static io.quintet.objectstore.osp.RawClient.NOTE;
import static io.quintet.objectstore.osp.RawClient.props;
import static io.quintet.objectstore.osp.RawClient.put;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quintet.objectstore.auth.Authenticator;
import io.quintet.objectstore.session.ObjectsMessages;
import io.quintet.objectstore.wire.WireCodec;
import io.quintet.objectstore.wire.WireFormat;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ProtocolTest {

    @TestHTTPResource("/")
    URI base;

    @Inject
    Pool pool;

    @Inject
    ObjectsMessages messages;

    private long objects() {
        return pool.query("SELECT count(*) FROM objectstore.objects")
                .execute()
                .await()
                .atMost(Duration.ofSeconds(10))
                .iterator()
                .next()
                .getLong(0);
    }

    @Test
    @DisplayName("HELLO carries protocol range, 32-byte nonce, server time, epoch, auth methods and limits")
    void hello() {
        try (RawClient c = RawClient.connect(base, WireFormat.JSON)) {
            assertEquals(1, c.hello.path("protocol").path("min").asInt());
            assertEquals(32, Base64.getDecoder().decode(c.hello.path("nonce").asText()).length);
            assertEquals(32, c.hello.path("epoch").asText().length());
            assertTrue(c.hello.path("auth").path("methods").toString().contains("NONE"));
            assertEquals(1048576, c.hello.path("maxMessageBytes").asInt());
        }
    }

    @Test
    @DisplayName("C23 a protocol version outside the server's range gets LOGIN_FAIL 55 and close 4005")
    void c23BadVersion() {
        try (RawClient c = RawClient.connect(base, WireFormat.JSON)) {
            c.send(RawClient.login(c.clientId, "AUTO").put("protocol", 2));
            ObjectNode fail = c.expect("LOGIN_FAIL");
            assertEquals(55, fail.path("code").asInt());
            assertEquals(4005, c.closeCode());
        }
    }

    @Test
    @DisplayName("C24 a second session with the same client ID replaces the first (close 4006)")
    void c24Replaced() {
        String id = RawClient.newClientId();
        try (RawClient first = RawClient.connect(base, WireFormat.JSON, id);
                RawClient second = RawClient.connect(base, WireFormat.JSON, id)) {
            first.loginOk("MANUAL");
            second.loginOk("MANUAL");
            assertEquals(4006, first.closeCode());
        }
    }

    @Test
    @DisplayName("C65 LOGIN_OK and PONG carry the server time in ns; the estimate is within the round trip")
    void c65ServerTime() {
        try (RawClient c = RawClient.connect(base, WireFormat.JSON)) {
            c.loginOk("MANUAL");
            long sent = System.currentTimeMillis() * 1_000_000;
            c.send(JsonNodeFactory.instance.objectNode().put("t", "PING").put("ts", Long.toString(sent)));
            ObjectNode pong = c.expect("PONG");
            long received = System.currentTimeMillis() * 1_000_000;
            assertEquals(Long.toString(sent), pong.path("ts").asText());
            long server = Long.parseLong(pong.path("serverTime").asText());
            assertTrue(
                    server >= sent - 1_000_000_000L && server <= received + 1_000_000_000L, "same machine, same clock");
        }
    }

    @Test
    @DisplayName("C68 a message above maxMessageBytes closes with 1009; the server keeps serving")
    void c68TooLarge() {
        try (RawClient c = RawClient.connect(base, WireFormat.JSON)) {
            c.loginOk("MANUAL");
            c.sendRawText("{\"t\":\"PING\",\"pad\":\"" + "x".repeat(1_100_000) + "\"}");
            assertEquals(1009, c.closeCode());
        }
        try (RawClient c = RawClient.connect(base, WireFormat.JSON)) {
            c.loginOk("MANUAL");
        }
    }

    @Test
    @DisplayName("C70 unknown message type → non-fatal ERROR UNKNOWN_MESSAGE; unknown fields are ignored")
    void c70Unknown() {
        try (RawClient c = RawClient.connect(base, WireFormat.JSON)) {
            c.send(RawClient.login(c.clientId, "MANUAL").put("futureField", "ignored"));
            c.expect("LOGIN_OK");
            c.send(JsonNodeFactory.instance.objectNode().put("t", "SOMETHING_NEW"));
            ObjectNode error = c.expect("ERROR");
            assertEquals("UNKNOWN_MESSAGE", error.path("code").asText());
            assertFalse(error.path("fatal").asBoolean(true));
            ObjectNode ack = c.apply(put(NOTE, c.gid(1), props().put("title", "still fine")));
            assertEquals("APPLIED", ack.path("status").asText());
        }
    }

    @Test
    @DisplayName(
            "Malformed-frame sweep: garbage, non-map, missing t, frames before login, wrong types, out-of-order cseq → documented error or close, nothing half-applied")
    void malformedSweep() {
        long before = objects();
        for (String garbage : new String[] {"not json at all", "[1,2,3]", "{\"noType\": 1}", "{\"t\": 5}"}) {
            try (RawClient c = RawClient.connect(base, WireFormat.JSON)) {
                c.sendRawText(garbage);
                ObjectNode error = c.expect("ERROR");
                assertEquals("PROTOCOL", error.path("code").asText(), garbage);
                assertTrue(error.path("fatal").asBoolean());
                assertEquals(4002, c.closeCode());
            }
        }
        try (RawClient c = RawClient.connect(base, WireFormat.CBOR)) {
            c.sendRawBinary(new byte[] {(byte) 0xff, 0x00, 0x13, 0x37});
            assertEquals("PROTOCOL", c.expect("ERROR").path("code").asText());
            assertEquals(4002, c.closeCode());
        }
        try (RawClient c = RawClient.connect(base, WireFormat.JSON)) {
            c.send(c.tx(1, put(NOTE, c.gid(1), props().put("title", "before login"))));
            ObjectNode error = c.expect("ERROR");
            assertEquals("NOT_LOGGED_IN", error.path("code").asText());
            assertEquals(4002, c.closeCode());
        }
        try (RawClient c = RawClient.connect(base, WireFormat.JSON)) {
            c.loginOk("MANUAL");
            c.send(JsonNodeFactory.instance.objectNode().put("t", "APPLY_TX").put("cseq", "one"));
            assertEquals("PROTOCOL", c.expect("ERROR").path("code").asText());
            ObjectNode wrongOps = c.tx(1);
            wrongOps.put("ops", "not a list");
            c.send(wrongOps);
            assertEquals("REJECTED", c.expect("ACK_TX").path("status").asText());
            ObjectNode wrongValue = c.tx(2, put(NOTE, c.gid(2), props().put("title", 42)));
            c.send(wrongValue);
            assertEquals("REJECTED", c.expect("ACK_TX").path("status").asText());
            c.send(c.tx(9, put(NOTE, c.gid(3), props().put("title", "out of order"))));
            ObjectNode gap = c.expect("ERROR");
            assertEquals("SEQUENCE_GAP", gap.path("code").asText());
            assertEquals("3", gap.path("expected").asText());
        }
        assertEquals(before, objects(), "nothing applied");
    }

    @Test
    @DisplayName("C69 MSG_OBJECTS reaches the server listener; a broadcast reaches logged-in clients only")
    void c69ObjectsMessages() {
        List<String> received = new CopyOnWriteArrayList<>();
        BiConsumer<String, ObjectNode> listener =
                (client, m) -> received.add(client + ":" + m.path("topic").asText());
        messages.listen(listener);
        try (RawClient in = RawClient.connect(base, WireFormat.JSON);
                RawClient out = RawClient.connect(base, WireFormat.JSON)) {
            in.loginOk("MANUAL");
            ObjectNode m = JsonNodeFactory.instance
                    .objectNode()
                    .put("t", "MSG_OBJECTS")
                    .put("topic", "chat");
            m.putArray("objects")
                    .addObject()
                    .put("type", "STRING")
                    .put("id", "0")
                    .put("data", Base64.getEncoder().encodeToString("hi".getBytes(StandardCharsets.UTF_8)));
            in.send(m);
            long deadline = System.currentTimeMillis() + 10_000;
            while (received.isEmpty() && System.currentTimeMillis() < deadline) Thread.onSpinWait();
            assertEquals(List.of(in.clientId + ":chat"), received);
            ObjectNode broadcast = JsonNodeFactory.instance.objectNode().put("topic", "news");
            broadcast.putArray("objects").addObject().put("type", "RAW").put("data", "AQID");
            assertTrue(messages.broadcast(broadcast) >= 1);
            ObjectNode got = in.expect("MSG_OBJECTS");
            assertEquals("news", got.path("topic").asText());
            assertTrue(
                    out.drain(500).stream().noneMatch(x -> x.path("t").asText().equals("MSG_OBJECTS")));
        } finally {
            messages.removeListener(listener);
        }
    }

    @Test
    @DisplayName("C71 C72 JSON and CBOR sessions produce identical results; 64-bit values near 2^63 survive both")
    void c71c72JsonAndCborAgree() {
        String big = Long.toString(Long.MAX_VALUE - 1);
        String negative = Long.toString(Long.MIN_VALUE + 1);
        ObjectNode[] results = new ObjectNode[2];
        for (WireFormat format : WireFormat.values()) {
            try (RawClient writer = RawClient.connect(base, format);
                    RawClient reader = RawClient.connect(base, format)) {
                writer.loginOk("MANUAL");
                reader.loginOk("AUTO");
                ObjectNode begin = reader.expect("FULL_SYNC_BEGIN");
                for (int i = 1; i <= begin.path("chunks").asInt(); i++) {
                    reader.expect("FULL_SYNC_CHUNK");
                    reader.send(JsonNodeFactory.instance
                            .objectNode()
                            .put("t", "FULL_SYNC_ACK")
                            .put("n", i));
                }
                reader.expect("FULL_SYNC_END");
                reader.expect("UPDATES_COMPLETE");
                ObjectNode ack = writer.apply(
                        put(
                                NOTE,
                                writer.gid(1),
                                props().put("title", "same").put("stamp", big).put("priority", -5)),
                        put(NOTE, writer.gid(2), props().put("title", "neg").put("stamp", negative)));
                assertEquals("APPLIED", ack.path("status").asText(), format + ": " + ack);
                ObjectNode push = reader.expect(
                        m -> m.path("t").asText().equals("PUSH_DATA")
                                && m.path("txs").size() > 0,
                        "push");
                ObjectNode normalized = JsonNodeFactory.instance.objectNode();
                push.path("txs").get(0).path("ops").forEach(op -> {
                    String local = op.path("gid").asText().substring(17);
                    ObjectNode p = normalized.putObject(local);
                    op.path("p")
                            .fields()
                            .forEachRemaining(f -> p.put(
                                    f.getKey(),
                                    f.getValue().isNull()
                                            ? "null"
                                            : f.getValue().asText()));
                });
                results[format.ordinal()] = normalized;
                assertEquals(big, normalized.path("1").path("stamp").asText(), format.toString());
                assertEquals(negative, normalized.path("2").path("stamp").asText(), format.toString());
            }
        }
        assertEquals(results[0], results[1]);
    }

    @Test
    @DisplayName("C76 a plain HTTP GET on the sync path answers a short text")
    void c76PlainGet() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(base).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        assertTrue(r.body().startsWith("objectstore OSP/1"));
        assertTrue(r.body().length() < 200);
    }

    @Test
    @DisplayName(
            "C16 shared secret: the HMAC proof over nonce and client ID is accepted, a wrong one gets 43; the secret never travels")
    void c16SharedSecret() {
        try (RawClient c = RawClient.connect(base, WireFormat.JSON)) {
            byte[] nonce = Base64.getDecoder().decode(c.hello.path("nonce").asText());
            String proof = Base64.getEncoder()
                    .encodeToString(Authenticator.proof(
                            "correct horse battery staple".getBytes(StandardCharsets.UTF_8), nonce, c.clientId));
            c.send(RawClient.login(
                    c.clientId,
                    "MANUAL",
                    JsonNodeFactory.instance
                            .objectNode()
                            .put("type", "SHARED_SECRET_SIPPED")
                            .put("proof", proof)));
            c.expect("LOGIN_OK");
        }
        try (RawClient c = RawClient.connect(base, WireFormat.JSON)) {
            String proof = Base64.getEncoder()
                    .encodeToString(Authenticator.proof(
                            "wrong".getBytes(StandardCharsets.UTF_8),
                            Base64.getDecoder().decode(c.hello.path("nonce").asText()),
                            c.clientId));
            c.send(RawClient.login(
                    c.clientId,
                    "MANUAL",
                    JsonNodeFactory.instance
                            .objectNode()
                            .put("type", "SHARED_SECRET_SIPPED")
                            .put("proof", proof)));
            assertEquals(43, c.expect("LOGIN_FAIL").path("code").asInt());
            assertEquals(4001, c.closeCode());
        }
    }

    @Test
    @DisplayName(
            "C21 admin user with role sync logs in; sync-readonly gets SYNC_ERROR 1 on writes and stays receive-only")
    void c21AdminUsers() {
        pool.preparedQuery(
                        "INSERT INTO objectstore.users (name, password_hash, roles) VALUES ($1, $2, $3), ($4, $5, $6) ON CONFLICT DO NOTHING")
                .execute(Tuple.from(List.of(
                        "writer",
                        io.quarkus.elytron.security.common.BcryptUtil.bcryptHash("pw1", 4),
                        "sync",
                        "reader",
                        io.quarkus.elytron.security.common.BcryptUtil.bcryptHash("pw2", 4),
                        "sync-readonly")))
                .await()
                .atMost(Duration.ofSeconds(10));
        try (RawClient c = RawClient.connect(base, WireFormat.JSON)) {
            c.send(RawClient.login(
                    c.clientId,
                    "MANUAL",
                    JsonNodeFactory.instance
                            .objectNode()
                            .put("type", "OBX_ADMIN_USER")
                            .put("user", "writer")
                            .put("password", "pw1")));
            c.expect("LOGIN_OK");
            assertEquals(
                    "APPLIED",
                    c.apply(put(NOTE, c.gid(1), props().put("title", "by writer")))
                            .path("status")
                            .asText());
        }
        try (RawClient c = RawClient.connect(base, WireFormat.JSON)) {
            c.send(RawClient.login(
                    c.clientId,
                    "MANUAL",
                    JsonNodeFactory.instance
                            .objectNode()
                            .put("type", "OBX_ADMIN_USER")
                            .put("user", "reader")
                            .put("password", "pw2")));
            c.expect("LOGIN_OK");
            c.send(c.tx(1, put(NOTE, c.gid(1), props().put("title", "by reader"))));
            ObjectNode error = c.expect("SYNC_ERROR");
            assertEquals(1, error.path("code").asInt());
            assertEquals("REJECT_TX_NO_PERMISSION", error.path("name").asText());
            c.send(JsonNodeFactory.instance
                    .objectNode()
                    .put("t", "UPDATES_REQUEST")
                    .put("subscribe", false));
            c.expect("FULL_SYNC_BEGIN");
        }
        try (RawClient c = RawClient.connect(base, WireFormat.JSON)) {
            c.send(RawClient.login(
                    c.clientId,
                    "MANUAL",
                    JsonNodeFactory.instance
                            .objectNode()
                            .put("type", "OBX_ADMIN_USER")
                            .put("user", "writer")
                            .put("password", "nope")));
            assertEquals(43, c.expect("LOGIN_FAIL").path("code").asInt());
        }
    }

    @Test
    @DisplayName("C22 AUTH_REFRESH succeeds without reconnect; a failing refresh closes with 4001")
    void c22Refresh() {
        try (RawClient c = RawClient.connect(base, WireFormat.JSON)) {
            c.loginOk("MANUAL");
            ObjectNode refresh = JsonNodeFactory.instance.objectNode().put("t", "AUTH_REFRESH");
            refresh.putArray("credentials").addObject().put("type", "NONE");
            c.send(refresh);
            c.expect("AUTH_OK");
            ObjectNode bad = JsonNodeFactory.instance.objectNode().put("t", "AUTH_REFRESH");
            bad.putArray("credentials")
                    .addObject()
                    .put("type", "SHARED_SECRET_SIPPED")
                    .put("proof", "AAAA");
            c.send(bad);
            assertEquals(43, c.expect("AUTH_FAIL").path("code").asInt());
            assertEquals(4001, c.closeCode());
        }
    }

    static String json(ObjectNode node) {
        return WireCodec.encodeText(node);
    }
}
