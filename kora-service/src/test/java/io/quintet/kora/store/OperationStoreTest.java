package io.quintet.kora.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quintet.kora.codec.JsonCodec;
import io.quintet.kora.collection.AppSchema;
import io.quintet.kora.collection.repository.CollectionRepository;
import io.quintet.kora.collection.service.SchemaService;
import io.quintet.kora.config.KoraConfig;
import io.quintet.kora.config.ServerNode;
import io.quintet.kora.error.KoraError;
import io.quintet.kora.ingest.ApplyService;
import io.quintet.kora.operation.Operation;
import io.quintet.kora.operation.OperationTimestamp;
import io.quintet.kora.testing.KoraTestClient;
import io.quintet.kora.testing.KoraTestSupport;
import io.quintet.protocol.oplog.OperationLog;
import io.quintet.protocol.testing.EmbeddedPostgresServer;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgBuilder;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;
import jakarta.inject.Inject;
import java.net.URL;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@QuarkusTest
class OperationStoreTest {

    @TestHTTPResource("/")
    URL base;

    @Inject
    Pool pool;

    @Inject
    Vertx vertx;

    @Inject
    ApplyService applier;

    @Inject
    SchemaService schemas;

    @Inject
    KoraConfig config;

    @Inject
    ServerNode serverNode;

    /** A second pool on the same database: what another replica of the service holds. */
    private Pool replicaPool() {
        PgConnectOptions options = new PgConnectOptions()
                .setHost("localhost")
                .setPort(EmbeddedPostgresServer.port())
                .setDatabase("kora")
                .setUser(EmbeddedPostgresServer.USER)
                .setPassword(EmbeddedPostgresServer.PASSWORD);
        return PgBuilder.pool()
                .with(new PoolOptions().setMaxSize(4))
                .connectingTo(options)
                .using(vertx)
                .build();
    }

    private static Operation op(String node, int seq, String collection) {
        return new Operation(
                node + "-" + seq,
                node,
                "insert",
                collection,
                "r" + seq,
                JsonCodec.mapper().createObjectNode().put("seq", seq),
                null,
                new OperationTimestamp(System.currentTimeMillis(), 0, node),
                seq,
                List.of(),
                1,
                null,
                null,
                null);
    }

    private List<String> rows(String sql) {
        List<String> result = new ArrayList<>();
        for (Row row : pool.query(sql).execute().await().indefinitely()) {
            List<String> cells = new ArrayList<>();
            for (int i = 0; i < row.size(); i++) cells.add(String.valueOf(row.getValue(i)));
            result.add(String.join("|", cells));
        }
        return result;
    }

    @Test
    @DisplayName(
            "section 12.2 DDL: tables, columns, types, nullability, defaults and index names as the reference creates them")
    void referenceDdl() {
        List<String> columns = rows(
                "SELECT table_name, column_name, data_type, is_nullable, COALESCE(column_default, '')"
                        + " FROM information_schema.columns WHERE table_schema = 'kora'"
                        + " AND table_name IN ('operations', 'sync_state', 'delivery_counter') ORDER BY table_name, column_name");
        assertEquals(
                List.of(
                        "delivery_counter|id|integer|NO|",
                        "delivery_counter|value|bigint|NO|",
                        "operations|atomic_ops|text|YES|",
                        "operations|causal_deps|text|NO|'[]'::text",
                        "operations|collection|text|NO|",
                        "operations|data|text|YES|",
                        "operations|delivery_seq|bigint|YES|",
                        "operations|id|text|NO|",
                        "operations|logical|integer|NO|",
                        "operations|node_id|text|NO|",
                        "operations|previous_data|text|YES|",
                        "operations|received_at|bigint|NO|",
                        "operations|record_id|text|NO|",
                        "operations|schema_version|integer|NO|",
                        "operations|sequence_number|integer|NO|",
                        "operations|timestamp_node_id|text|NO|",
                        "operations|type|text|NO|",
                        "operations|wall_time|bigint|NO|",
                        "sync_state|last_seen_at|bigint|NO|",
                        "sync_state|max_sequence_number|integer|NO|",
                        "sync_state|node_id|text|NO|"),
                columns);
        List<String> indexes = rows("SELECT tablename, indexdef FROM pg_indexes WHERE schemaname = 'kora'"
                + " AND tablename IN ('operations', 'sync_state', 'delivery_counter') ORDER BY indexname");
        assertEquals(
                List.of(
                        "delivery_counter|CREATE UNIQUE INDEX delivery_counter_pkey ON kora.delivery_counter USING btree (id)",
                        "operations|CREATE INDEX idx_collection ON kora.operations USING btree (collection)",
                        "operations|CREATE INDEX idx_collection_record ON kora.operations USING btree (collection, record_id)",
                        "operations|CREATE INDEX idx_delivery_seq ON kora.operations USING btree (delivery_seq)",
                        "operations|CREATE INDEX idx_node_seq ON kora.operations USING btree (node_id, sequence_number)",
                        "operations|CREATE INDEX idx_received ON kora.operations USING btree (received_at)",
                        "operations|CREATE UNIQUE INDEX operations_pkey ON kora.operations USING btree (id)",
                        "sync_state|CREATE UNIQUE INDEX sync_state_pkey ON kora.sync_state USING btree (node_id)"),
                indexes);
        assertEquals(List.of("1"), rows("SELECT id FROM kora.delivery_counter"));
    }

    @Test
    @DisplayName(
            "an append judged under an app schema another replica has since replaced is redone under the lock, with the new schema's constraints")
    void appendUnderAStaleSchemaIsRedone() {
        Pool replica = replicaPool();
        try {
            // replica B, which has not yet seen any schema
            OperationRepository log = new OperationRepository(replica);
            CollectionRepository collections = new CollectionRepository(log);
            SchemaService schemasB = new SchemaService(replica, log, collections, config);
            ApplyService applierB = new ApplyService(
                    replica,
                    log,
                    new OperationTail(),
                    new DeliveryAnnouncer(new OperationLog(replica, "kora")),
                    collections,
                    schemasB,
                    serverNode);
            // meanwhile this replica sets a schema with a unique constraint
            schemas.apply(
                            AppSchema.parse(
                                    "{\"version\": 1, \"collections\": {\"stale_projects\":"
                                            + " {\"fields\": {\"code\": \"string\"}, \"constraints\": [{\"type\": \"unique\", \"fields\": [\"code\"]}]}}}"))
                    .await()
                    .indefinitely();
            String node = "stale-" + System.nanoTime();
            long now = System.currentTimeMillis();
            List<Operation> twins = new ArrayList<>();
            for (int seq = 1; seq <= 2; seq++) {
                twins.add(new Operation(
                        node + "-" + seq,
                        node,
                        "insert",
                        "stale_projects",
                        node + "-r" + seq,
                        JsonCodec.mapper().createObjectNode().put("code", node),
                        null,
                        new OperationTimestamp(now, 0, node),
                        seq,
                        List.of(),
                        1,
                        null,
                        null,
                        null));
            }
            var result = applierB.apply(twins, now).await().indefinitely();
            assertEquals(1, result.stored().size(), "the second insert breaks the unique constraint");
            assertEquals(Set.of(1), result.rejections().keySet());
            assertEquals(
                    KoraError.CONSTRAINT_VIOLATION.code(),
                    result.rejections().get(1).code());
            assertEquals(
                    List.of(node + "-r1"),
                    rows("SELECT id FROM kora.stale_projects WHERE code = '" + node + "'"),
                    "materialized as the new schema says");
        } finally {
            replica.closeAndAwait();
        }
    }

    @Test
    @DisplayName(
            "group commit: concurrent applies share transactions, in arrival order, densely numbered; a failing apply fails alone and leaves nothing")
    void groupCommitIsolatesFailures() {
        long start = new OperationRepository(pool).maxDeliverySequence().await().indefinitely();
        String node = "group-" + start;
        List<CompletableFuture<ApplyService.Result>> applies = new ArrayList<>();
        long now = System.currentTimeMillis();
        for (int i = 0; i < 12; i++) {
            List<Operation> batch = new ArrayList<>();
            for (int j = 0; j < 3; j++) batch.add(op(node, i * 3 + j + 1, "group"));
            if (i == 7) {
                // text PostgreSQL refuses (NUL): this apply's operations fail its transaction
                Operation good = batch.get(1);
                batch.set(
                        1,
                        new Operation(
                                good.id(),
                                good.nodeId(),
                                good.type(),
                                good.collection(),
                                "bad\u0000record",
                                good.data(),
                                null,
                                good.timestamp(),
                                good.sequenceNumber(),
                                List.of(),
                                1,
                                null,
                                null,
                                null));
            }
            if (i == 9) batch.add(op(node, 1, "group")); // a duplicate of apply 0's first operation
            applies.add(applier.apply(batch, now).subscribeAsCompletionStage());
        }
        List<Long> order = new ArrayList<>();
        for (int i = 0; i < applies.size(); i++) {
            if (i == 7) {
                int index = i;
                assertTrue(Assertions.assertThrows(
                                        ExecutionException.class,
                                        () -> applies.get(index).get())
                                .getCause()
                        != null);
                continue;
            }
            var result = applies.get(i).join();
            assertEquals(3, result.stored().size(), "apply " + i);
            result.stored().forEach(s -> order.add(s.deliverySequence()));
        }
        List<String> stored = rows("SELECT delivery_seq, id FROM kora.operations WHERE delivery_seq > " + start
                + " ORDER BY delivery_seq");
        assertEquals(33, stored.size());
        for (int i = 0; i < stored.size(); i++) {
            assertTrue(stored.get(i).startsWith((start + i + 1) + "|"), "dense, no gaps: " + stored);
            assertTrue(
                    !stored.get(i).contains("-22|")
                            && !stored.get(i).endsWith("-22")
                            && !stored.get(i).endsWith("-23")
                            && !stored.get(i).endsWith("-24"),
                    "nothing of the failed apply: " + stored);
        }
        for (int i = 1; i < order.size(); i++) assertTrue(order.get(i) > order.get(i - 1), "arrival order: " + order);
    }

    @Test
    @DisplayName(
            "C60 delivery sequences strictly increase in commit order under concurrent appends from several replicas; no row appears below a seen watermark")
    void c60ConcurrentAppends() {
        Pool replica = replicaPool();
        OperationRepository[] repositories = {new OperationRepository(pool), new OperationRepository(replica)};
        long start = new OperationRepository(pool).maxDeliverySequence().await().indefinitely();
        AtomicBoolean writing = new AtomicBoolean(true);
        List<String> violations = new ArrayList<>();
        Thread reader = new Thread(() -> {
            Map<Long, String> seen = new TreeMap<>();
            long watermark = start;
            while (writing.get()) {
                for (Row row : pool.preparedQuery(
                                "SELECT id, delivery_seq FROM kora.operations WHERE delivery_seq > $1 ORDER BY delivery_seq")
                        .execute(Tuple.of(start))
                        .await()
                        .indefinitely()) {
                    long seq = row.getLong(1);
                    if (!seen.containsKey(seq) && seq <= watermark)
                        violations.add(row.getString(0) + "@" + seq + " below " + watermark);
                    seen.put(seq, row.getString(0));
                    watermark = Math.max(watermark, seq);
                }
            }
        });
        reader.start();
        List<Uni<List<StoredOperation>>> appends = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            OperationRepository repository = repositories[i % 2];
            String node = "c60-" + (i % 4) + "-" + start;
            List<Operation> batch = new ArrayList<>();
            for (int j = 0; j < 5; j++) batch.add(op(node, i * 5 + j + 1, "c60"));
            batch.add(op(node, i * 5 + 1, "c60")); // a duplicate inside the batch
            appends.add(repository.append(batch, System.currentTimeMillis()));
        }
        List<List<StoredOperation>> results =
                Uni.join().all(appends).andFailFast().await().indefinitely();
        writing.set(false);
        try {
            reader.join();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        replica.closeAndAwait();
        assertTrue(violations.isEmpty(), violations.toString());
        Set<Long> sequences = new HashSet<>();
        results.forEach(list -> {
            assertEquals(5, list.size());
            list.forEach(s -> assertTrue(sequences.add(s.deliverySequence())));
        });
        List<String> stored = rows(
                "SELECT delivery_seq FROM kora.operations WHERE delivery_seq > " + start + " ORDER BY delivery_seq");
        assertEquals(200, stored.size());
        for (int i = 0; i < stored.size(); i++)
            assertEquals(String.valueOf(start + i + 1), stored.get(i), "dense, no gaps");
        // the persisted vector is the per-node max
        Map<String, Long> vector = new OperationRepository(pool)
                .versionVector()
                .await()
                .indefinitely()
                .asMap();
        for (int node = 0; node < 4; node++) {
            // node k wrote batches i = k, k+4, ..., 36+k with sequence numbers up to i*5+5
            assertEquals((36L + node) * 5 + 5, vector.get("c60-" + node + "-" + start));
        }
    }

    @Test
    @DisplayName(
            "C36 an operation appended by another replica on the same database reaches a watermark client within 2 s")
    void c36OtherReplica() {
        Pool replica = replicaPool();
        OperationRepository otherReplica = new OperationRepository(replica);
        try (KoraTestClient client = KoraTestClient.connect(KoraTestSupport.ws(base, "/"))) {
            client.handshakeAndSync(0);
            for (int i = 1; i <= 3; i++) {
                Operation op = op("c36-replica-" + System.nanoTime(), i, "c36");
                long started = System.nanoTime();
                otherReplica
                        .append(List.of(op), System.currentTimeMillis())
                        .await()
                        .indefinitely();
                JsonNode batch = client.await(
                        m -> m.path("type").asText().equals("operation-batch")
                                && m.get("operations").size() > 0,
                        3);
                long elapsed = (System.nanoTime() - started) / 1_000_000;
                assertEquals(op.id(), batch.get("operations").get(0).get("id").asText());
                assertTrue(elapsed <= 2000, "took " + elapsed + " ms");
                client.ack(batch);
            }
            // a server that writes no change-feed marker (the Node reference) is caught up by the tick
            replica.query(
                            "INSERT INTO kora.operations (id, node_id, type, collection, record_id, data, wall_time, logical,"
                                    + " timestamp_node_id, sequence_number, schema_version, received_at, delivery_seq)"
                                    + " SELECT 'node-written-" + System.nanoTime()
                                    + "', 'node-server', 'insert', 'c36', 'x', '{\"a\":1}', 1, 0,"
                                    + " 'node-server', 1, 1, 1, value + 1 FROM kora.delivery_counter WHERE id = 1;"
                                    + " UPDATE kora.delivery_counter SET value = value + 1 WHERE id = 1")
                    .execute()
                    .await()
                    .indefinitely();
            JsonNode batch = client.await(
                    m -> m.path("type").asText().equals("operation-batch")
                            && m.get("operations").size() > 0,
                    3);
            assertTrue(batch.get("operations").get(0).get("id").asText().startsWith("node-written-"));
            assertEquals("{\"a\":1}", batch.get("operations").get(0).get("data").toString());
        } finally {
            replica.closeAndAwait();
        }
    }
}
