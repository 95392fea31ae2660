package io.quintet.kora.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quintet.kora.codec.JsonCodec;
import io.quintet.kora.collection.AppSchema;
import io.quintet.kora.collection.service.SchemaService;
import io.quintet.kora.config.ServerNode;
import io.quintet.kora.operation.Operation;
import io.quintet.kora.operation.OperationTimestamp;
import io.quintet.kora.store.StoredOperation;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@link ApplyService}'s constraint and relation rules (kora.md 13.2, 13.3), called directly. */
@QuarkusTest
class ApplyServiceTest {

    static final String SCHEMA = """
            {"version": 1,
             "collections": {
               "ap_projects": {"fields": {"code": "string", "team": "string", "archived": {"kind": "boolean", "default": false}},
                               "constraints": [{"type": "unique", "fields": ["code"]},
                                               {"type": "capacity", "fields": ["team"]}]},
               "ap_tasks": {"fields": {"title": "string", "projectId": "string"},
                            "constraints": [{"type": "referential", "fields": ["projectId"], "where": {"collection": "ap_projects"}}]},
               "ap_notes": {"fields": {"text": "string", "projectId": "string"}},
               "ap_pins": {"fields": {"projectId": "string"}}
             },
             "relations": {
               "taskProject": {"from": "ap_tasks", "to": "ap_projects", "field": "projectId", "onDelete": "cascade"},
               "noteProject": {"from": "ap_notes", "to": "ap_projects", "field": "projectId", "onDelete": "set-null"},
               "pinProject": {"from": "ap_pins", "to": "ap_projects", "field": "projectId", "onDelete": "restrict"}
             }}""";

    @Inject
    ApplyService applier;

    @Inject
    SchemaService schemas;

    @Inject
    ServerNode serverNode;

    @Inject
    Pool pool;

    private final String node = "apply-" + System.nanoTime();
    private int seq;

    @BeforeEach
    void schema() {
        schemas.apply(AppSchema.parse(SCHEMA)).await().indefinitely();
    }

    private Operation op(String type, String collection, String recordId, String... keyValues) {
        ObjectNode data = null;
        if (keyValues.length > 0) {
            data = JsonCodec.mapper().createObjectNode();
            for (int i = 0; i < keyValues.length; i += 2) {
                if (keyValues[i + 1] == null) data.putNull(keyValues[i]);
                else if (keyValues[i + 1].equals("true") || keyValues[i + 1].equals("false"))
                    data.put(keyValues[i], Boolean.parseBoolean(keyValues[i + 1]));
                else data.put(keyValues[i], keyValues[i + 1]);
            }
        }
        seq++;
        return new Operation(
                node + "-" + seq,
                node,
                type,
                collection,
                recordId,
                data,
                null,
                new OperationTimestamp(System.currentTimeMillis(), seq, node),
                seq,
                List.of(),
                1,
                null,
                null,
                null);
    }

    private String id(String name) {
        return node + "-" + name;
    }

    private ApplyService.Result apply(Operation... ops) {
        return applier.apply(List.of(ops), System.currentTimeMillis()).await().indefinitely();
    }

    private Row row(String table, String id) {
        var rows = pool.preparedQuery("SELECT * FROM kora." + table + " WHERE id = $1")
                .execute(Tuple.of(id))
                .await()
                .indefinitely();
        return rows.size() == 0 ? null : rows.iterator().next();
    }

    @Test
    @DisplayName(
            "unique: a second live record with the same code is refused (CONSTRAINT_VIOLATION), inside one batch and across batches")
    void unique() {
        ApplyService.Result first = apply(
                op("insert", "ap_projects", id("p1"), "code", id("A"), "team", id("t1")),
                op("insert", "ap_projects", id("p2"), "code", id("A"), "team", id("t2")));
        assertEquals(1, first.stored().size());
        assertEquals("CONSTRAINT_VIOLATION", first.rejections().get(1).code());
        assertTrue(
                first.rejections().get(1).message().startsWith("Unique constraint on ap_projects"),
                first.rejections().get(1).message());
        // an update taking an existing code is refused too
        apply(op("insert", "ap_projects", id("p3"), "code", id("B"), "team", id("t3")));
        ApplyService.Result update = apply(op("update", "ap_projects", id("p3"), "code", id("A")));
        assertEquals("CONSTRAINT_VIOLATION", update.rejections().get(0).code());
        // once the first holder is deleted, the code is free again
        assertTrue(apply(op("delete", "ap_projects", id("p1"))).rejections().isEmpty());
        assertTrue(apply(op("update", "ap_projects", id("p3"), "code", id("A")))
                .rejections()
                .isEmpty());
    }

    @Test
    @DisplayName(
            "capacity: the reference's quirk (admitted while at most one other live record is in the group); an operation refused stores nothing")
    void capacity() {
        assertTrue(apply(op("insert", "ap_projects", id("c1"), "code", id("c1"), "team", id("full")))
                .rejections()
                .isEmpty());
        assertTrue(apply(op("insert", "ap_projects", id("c2"), "code", id("c2"), "team", id("full")))
                .rejections()
                .isEmpty());
        ApplyService.Result third = apply(op("insert", "ap_projects", id("c3"), "code", id("c3"), "team", id("full")));
        assertTrue(third.stored().isEmpty());
        assertEquals("CONSTRAINT_VIOLATION", third.rejections().get(0).code());
        assertTrue(third.rejections().get(0).message().startsWith("Capacity constraint on ap_projects"));
        assertNull(row("ap_projects", id("c3")));
    }

    @Test
    @DisplayName(
            "referential: a task naming a missing project is refused; naming an existing one is stored and materialized")
    void referential() {
        ApplyService.Result missing =
                apply(op("insert", "ap_tasks", id("t1"), "title", "x", "projectId", id("nowhere")));
        assertEquals("CONSTRAINT_VIOLATION", missing.rejections().get(0).code());
        assertTrue(missing.rejections().get(0).message().contains("Referential constraint on ap_tasks.projectId"));
        apply(op("insert", "ap_projects", id("rp"), "code", id("rp"), "team", id("rp")));
        ApplyService.Result ok = apply(op("insert", "ap_tasks", id("t2"), "title", "y", "projectId", id("rp")));
        assertTrue(ok.rejections().isEmpty());
        assertEquals(id("rp"), row("ap_tasks", id("t2")).getString("projectId"));
    }

    @Test
    @DisplayName(
            "relations on delete: restrict refuses (REFERENTIAL_INTEGRITY); cascade deletes and set-null clears, as server-authored operations after the parent")
    void relations() {
        apply(
                op("insert", "ap_projects", id("parent"), "code", id("parent"), "team", id("parent")),
                op("insert", "ap_projects", id("pinned"), "code", id("pinned"), "team", id("pinned")));
        apply(op("insert", "ap_pins", id("pin"), "projectId", id("pinned")));
        ApplyService.Result restricted = apply(op("delete", "ap_projects", id("pinned")));
        assertEquals("REFERENTIAL_INTEGRITY", restricted.rejections().get(0).code());
        assertEquals(0, row("ap_projects", id("pinned")).getInteger("_deleted"));

        apply(
                op("insert", "ap_tasks", id("child"), "title", "c", "projectId", id("parent")),
                op("insert", "ap_notes", id("note"), "text", "n", "projectId", id("parent")));
        Operation delete = op("delete", "ap_projects", id("parent"));
        ApplyService.Result cascade = apply(delete);
        assertTrue(cascade.rejections().isEmpty());
        assertTrue(cascade.sideEffects());
        List<Operation> authored = new ArrayList<>();
        for (StoredOperation s : cascade.stored())
            if (!s.operation().id().equals(delete.id())) authored.add(s.operation());
        assertEquals(2, authored.size(), authored.toString());
        for (Operation effect : authored) {
            assertEquals(serverNode.id(), effect.nodeId());
            assertEquals(List.of(delete.id()), effect.causalDeps());
            assertTrue(effect.timestamp().wallTime() >= delete.timestamp().wallTime());
        }
        assertEquals(1, row("ap_projects", id("parent")).getInteger("_deleted"));
        assertEquals(1, row("ap_tasks", id("child")).getInteger("_deleted"));
        Row note = row("ap_notes", id("note"));
        assertEquals(0, note.getInteger("_deleted"));
        assertNull(note.getString("projectId"));
        assertFalse(cascade.stored().isEmpty());
    }
}
