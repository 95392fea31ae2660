package io.quintet.objectstore.osp;

import static io.quintet.objectstore.osp.RawClient.NOTE;
import static io.quintet.objectstore.osp.RawClient.SETTING;
import static io.quintet.objectstore.osp.RawClient.props;
import static io.quintet.objectstore.osp.RawClient.put;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quintet.objectstore.wire.WireFormat;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Issue 14 items that were not yet under test: 6, 40, 48, 49. */
@QuarkusTest
class EdgeCasesTest {

    static final String LOCAL_DRAFT = Long.toUnsignedString(
            RawClient.MODEL.entityNamed("LocalDraft").orElseThrow().id().uid());

    @TestHTTPResource("/")
    URI base;

    @Test
    @DisplayName("C6 a non-sync type never appears on the wire: not in full sync, and a TX carrying one is rejected")
    void c6NonSyncTypes() {
        try (RawClient a = RawClient.connect(base, WireFormat.JSON)) {
            a.loginOk("AUTO");
            ObjectNode begin = a.expect("FULL_SYNC_BEGIN");
            assertFalse(begin.path("types").toString().contains(LOCAL_DRAFT), begin.toString());
            List<ObjectNode> rest = a.drain(1500);
            assertTrue(rest.stream().noneMatch(m -> m.toString().contains(LOCAL_DRAFT)));
            ObjectNode ack = a.apply(put(LOCAL_DRAFT, a.gid(1), props().put("body", "local only")));
            assertEquals("REJECTED", ack.path("status").asText(), ack.toString());
            ObjectNode ok = a.apply(put(NOTE, a.gid(2), props().put("title", "c6 synced")));
            assertEquals("APPLIED", ok.path("status").asText());
        }
    }

    @Test
    @DisplayName(
            "C40 a client whose position belongs to another history lineage (server DB replaced, new epoch) full-syncs")
    void c40NewEpoch() {
        try (RawClient a = RawClient.connect(base, WireFormat.JSON)) {
            ObjectNode login = RawClient.login(a.clientId, "AUTO");
            login.putObject("resume")
                    .put("epoch", "0123456789abcdef0123456789abcdef")
                    .put("lastHseq", "3");
            a.send(login);
            ObjectNode ok = a.expect("LOGIN_OK");
            assertEquals("FULL", ok.path("sync").asText(), ok.toString());
            ObjectNode begin = a.expect("FULL_SYNC_BEGIN");
            assertEquals("EPOCH_CHANGED", begin.path("reason").asText());
            ObjectNode end = a.expect("FULL_SYNC_END");
            assertEquals(
                    begin.path("snapshotHseq").asText(),
                    end.path("snapshotHseq").asText());
        }
    }

    @Test
    @DisplayName(
            "C48 a shared-global-ID type keeps the same ID on every peer; the same ID from two clients overwrites (later received wins)")
    void c48SharedGlobalIds() {
        String id = Long.toString(900_000_000L + (System.nanoTime() % 1_000_000L));
        try (RawClient a = RawClient.connect(base, WireFormat.JSON);
                RawClient b = RawClient.connect(base, WireFormat.JSON)) {
            a.loginOk("AUTO");
            b.loginOk("AUTO");
            a.drain(1000);
            b.drain(1000);
            String code = "c48-" + id;
            assertEquals(
                    "APPLIED",
                    a.apply(put(SETTING, id, props().put("value", "from A").put("code", code)))
                            .path("status")
                            .asText());
            ObjectNode atB = b.expect(
                    m -> m.path("t").asText().equals("PUSH_DATA")
                            && m.toString().contains("from A"),
                    "A's setting at B");
            assertTrue(atB.toString().contains("\"gid\":\"" + id + "\""), "the same ID at B: " + atB);
            assertEquals(
                    "APPLIED",
                    b.apply(put(SETTING, id, props().put("value", "from B").put("code", code)))
                            .path("status")
                            .asText());
            ObjectNode atA = a.expect(
                    m -> m.path("t").asText().equals("PUSH_DATA")
                            && m.toString().contains("from B"),
                    "B's overwrite at A");
            assertTrue(atA.toString().contains("\"gid\":\"" + id + "\""), atA.toString());
        }
    }

    @Test
    @DisplayName(
            "C49 REMOVE of an object the server and receivers never had is applied without error, and sync goes on")
    void c49RemoveUnknown() {
        try (RawClient a = RawClient.connect(base, WireFormat.JSON);
                RawClient b = RawClient.connect(base, WireFormat.JSON)) {
            a.loginOk("AUTO");
            b.loginOk("AUTO");
            b.drain(1000);
            ObjectNode remove = JsonNodeFactory.instance
                    .objectNode()
                    .put("op", "REMOVE")
                    .put("type", NOTE)
                    .put("gid", a.gid(777));
            ObjectNode ack = a.apply(remove);
            assertEquals("APPLIED", ack.path("status").asText(), ack.toString());
            a.apply(put(NOTE, a.gid(1), props().put("title", "c49 after remove")));
            List<ObjectNode> atB = b.drain(3000);
            assertTrue(atB.stream().noneMatch(m -> m.path("t").asText().equals("ERROR")), atB.toString());
            assertTrue(atB.stream().anyMatch(m -> m.toString().contains("c49 after remove")), atB.toString());
        }
    }
}
