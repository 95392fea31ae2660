package io.quintet.bench;

import io.quintet.deploy.ChildProcess;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import java.net.URI;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Initial sync of a fresh client (issue #6 goal: 100 000 operations in at most 10 s, bounded
 * memory): the log is seeded by SQL in the reference table layout, then one client handshakes
 * with {@code lastDeliverySequence: 0} and reads the whole delivery stream, acknowledging every
 * batch as {@code @korajs/sync} does. Printed beside the raw PostgreSQL rate of reading the same
 * rows in the service's own chunked query, in the same run.
 *
 * <p>{@code java -jar bench/target/quintet-bench.jar kora catchup [--ops 100000] [--runs 2]}
 */
final class KoraCatchupBenchmark {

    /** The service's delivery read: chunks of 5 × the default batch size (100) in delivery order. */
    private static final int CHUNK = 500;

    private static final String SELECT =
            "SELECT id, node_id, type, collection, record_id, data, previous_data, atomic_ops,"
                    + " wall_time, logical, timestamp_node_id, sequence_number, causal_deps, schema_version, delivery_seq"
                    + " FROM kora.operations WHERE delivery_seq > $1 ORDER BY delivery_seq LIMIT $2";

    private KoraCatchupBenchmark() {}

    static void main(String[] args) throws Exception {
        int ops = KoraBenchmark.intArg(args, "--ops", 100_000);
        int runs = KoraBenchmark.intArg(args, "--runs", 2);
        try (BenchDatabase db = new BenchDatabase(2)) {
            int port = KoraBenchmark.freePort();
            ChildProcess service = KoraBenchmark.startService(db, port);
            try {
                URI uri = URI.create("ws://127.0.0.1:" + port + "/kora/");
                long seeded = seed(db, ops);
                System.out.printf(
                        "kora catch-up: %d operations seeded (%.1f s), %d cores, load average %s%n",
                        ops, seeded / 1e9, Runtime.getRuntime().availableProcessors(), KoraBenchmark.loadAverage());
                for (int run = 1; run <= runs; run++) {
                    catchUp(service, uri, ops, run);
                    double raw = rawSelect(db, ops);
                    System.out.printf(
                            "  raw PostgreSQL: the same rows in chunks of %d, every column read: %.0f rows/s (%.2f s); load average %s%n",
                            CHUNK, raw, ops / raw, KoraBenchmark.loadAverage());
                }
            } finally {
                service.stop(java.time.Duration.ofSeconds(20));
            }
        }
    }

    /**
     * {@code count} operations of 8 writer nodes as the ingest path stores them (ids, HLC, data
     * text, dense delivery sequences), plus the counter and version vector that go with them.
     */
    private static long seed(BenchDatabase db, int count) {
        long started = System.nanoTime();
        long now = System.currentTimeMillis();
        db.pool
                .withTransaction(c -> c.preparedQuery(
                                "INSERT INTO kora.operations (id, node_id, type, collection, record_id, data,"
                                        + " previous_data, atomic_ops, wall_time, logical, timestamp_node_id, sequence_number, causal_deps,"
                                        + " schema_version, received_at, delivery_seq)"
                                        + " SELECT 'seed-' || (n % 8) || '-' || (n / 8 + 1), 'seed-' || (n % 8), 'insert', 'todos',"
                                        + " 'seed-' || (n % 8) || '-r' || (n / 8 + 1),"
                                        + " '{\"title\":\"todo number ' || n || ' with a realistic title\",\"done\":false,\"priority\":' || (n % 5)"
                                        + " || ',\"tags\":[\"home\",\"errand\"]}',"
                                        + " NULL, NULL, $1 + n, 0, 'seed-' || (n % 8), n / 8 + 1, '[]', 1, $1 + n, n + 1"
                                        + " FROM generate_series(0, $2 - 1) AS g(n)")
                        .execute(Tuple.of(now, count))
                        .chain(() -> c.preparedQuery("UPDATE kora.delivery_counter SET value = $1 WHERE id = 1")
                                .execute(Tuple.of((long) count)))
                        .chain(() -> c.query(
                                        "INSERT INTO kora.sync_state (node_id, max_sequence_number, last_seen_at)"
                                                + " SELECT node_id, max(sequence_number), max(received_at) FROM kora.operations GROUP BY node_id"
                                                + " ON CONFLICT (node_id) DO UPDATE SET max_sequence_number = excluded.max_sequence_number")
                                .execute()))
                .await()
                .indefinitely();
        db.pool.query("VACUUM ANALYZE kora.operations").execute().await().indefinitely();
        return System.nanoTime() - started;
    }

    /** One fresh client's complete initial sync; RSS sampled every 50 ms meanwhile. */
    private static void catchUp(ChildProcess service, URI uri, int expected, int run) throws Exception {
        long rssBefore = service.residentKb().orElse(-1L);
        AtomicLong peak = new AtomicLong(rssBefore);
        AtomicBoolean sampling = new AtomicBoolean(true);
        Thread sampler = new Thread(() -> {
            while (sampling.get()) {
                service.residentKb().ifPresent(kb -> peak.accumulateAndGet(kb, Math::max));
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.setDaemon(true);
        sampler.start();
        KoraBenchmark.Client client = new KoraBenchmark.Client();
        long started = System.nanoTime();
        client.socket =
                KoraBenchmark.HTTP.newWebSocketBuilder().buildAsync(uri, client).join();
        client.send(new JsonObject()
                .put("type", "handshake")
                .put("messageId", "h")
                .put("nodeId", client.node)
                .put("versionVector", new JsonObject())
                .put("schemaVersion", 1)
                .put("lastDeliverySequence", 0));
        JsonObject response = client.awaitType("handshake-response");
        long firstBatchAt = 0;
        long received = 0;
        int batches = 0;
        long expectedBase = 0;
        JsonObject batch;
        do {
            batch = client.awaitType("operation-batch");
            if (firstBatchAt == 0) firstBatchAt = System.nanoTime();
            client.ack(batch);
            if (batch.getLong("baseDeliverySequence", expectedBase) != expectedBase) {
                throw new IllegalStateException("gap in the delivery chain at batch " + batches + ": "
                        + batch.getLong("baseDeliverySequence") + " after " + expectedBase);
            }
            expectedBase = batch.getLong("maxDeliverySequence", expectedBase);
            received += batch.getJsonArray("operations").size();
            batches++;
        } while (!batch.getBoolean("isFinal", false));
        double elapsed = (System.nanoTime() - started) / 1e9;
        sampling.set(false);
        sampler.join();
        long rssAfter = service.residentKb().orElse(-1L);
        client.close();
        System.out.printf(
                "run %d: %d operations in %d batches (server max %d), %.2f s (first batch after %.0f ms), %.0f ops/s;"
                        + " service RSS %d MB before, %d MB peak, %d MB after; load average %s%n",
                run,
                received,
                batches,
                response.getLong("serverMaxDeliverySequence", -1L),
                elapsed,
                (firstBatchAt - started) / 1e6,
                received / elapsed,
                rssBefore / 1024,
                peak.get() / 1024,
                rssAfter / 1024,
                KoraBenchmark.loadAverage());
        if (received != expected) System.out.printf("  WARNING: expected %d operations%n", expected);
    }

    /** Rows/s of the service's own chunked delivery query, every column read as the service reads it. */
    private static double rawSelect(BenchDatabase db, int count) {
        long started = System.nanoTime();
        long after = 0;
        long rows = 0;
        while (true) {
            RowSet<Row> chunk = db.pool
                    .preparedQuery(SELECT)
                    .execute(Tuple.of(after, CHUNK))
                    .await()
                    .indefinitely();
            long bytes = 0;
            for (Row row : chunk) {
                for (int i = 0; i < 14; i++) {
                    Object v = row.getValue(i);
                    if (v != null) bytes += v.hashCode();
                }
                after = row.getLong(14);
                rows++;
            }
            if (chunk.size() < CHUNK || bytes == 42) break;
        }
        if (rows != count) System.out.printf("  WARNING: raw read %d rows%n", rows);
        return rows / ((System.nanoTime() - started) / 1e9);
    }
}
