package io.quintet.bench;

import io.quintet.protocol.oplog.NewOperation;
import io.quintet.protocol.oplog.OperationLog;
import io.vertx.mutiny.sqlclient.Tuple;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * Appends per second through {@link OperationLog} against raw multi-row INSERTs of the same rows
 * into an equivalent table (same columns and indexes, no trigger), measured in the same run on the
 * same database; then a "since 0" read of 100 000 entries with the heap watched.
 *
 * <p>{@code java -jar bench/target/quintet-bench.jar oplog [--seconds 5] [--batch 100]}
 */
final class OplogBenchmark {

    private static final String PAYLOAD =
            "{\"type\":\"update\",\"collection\":\"links\",\"data\":{\"title\":\"A link title\",\"url\":\"https://example.org/some/path\"}}";

    private final BenchDatabase db;
    private final OperationLog log;
    private final Duration duration;
    private final AtomicLong unique = new AtomicLong();

    private OplogBenchmark(BenchDatabase db, Duration duration) {
        this.db = db;
        this.log = new OperationLog(db.pool, "bench");
        this.duration = duration;
    }

    static void main(String[] args) throws Exception {
        int seconds = intArg(args, "--seconds", 5);
        int batch = intArg(args, "--batch", 100);
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals("--only")) only = args[i + 1];
        }
        try (BenchDatabase db = new BenchDatabase(16)) {
            db.migrate("bench", "classpath:db/quintet-oplog");
            db.pool
                    .query(
                            "CREATE TABLE bench.raw_oplog (stream text NOT NULL, seq bigint NOT NULL, op_id text NOT NULL,"
                                    + " payload jsonb NOT NULL, recorded_at timestamptz NOT NULL DEFAULT now(),"
                                    + " PRIMARY KEY (stream, seq), UNIQUE (stream, op_id))")
                    .execute()
                    .await()
                    .indefinitely();
            String version = db.pool
                    .query("SHOW server_version")
                    .execute()
                    .await()
                    .indefinitely()
                    .iterator()
                    .next()
                    .getString(0);
            OplogBenchmark bench = new OplogBenchmark(db, Duration.ofSeconds(seconds));

            System.out.printf(
                    "Operation log benchmark: PostgreSQL %s (embedded, default durable settings), %d s per case, 2 cores%n",
                    version, seconds);
            System.out.printf("%-42s %14s %14s %7s%n", "case", "log ops/s", "raw rows/s", "ratio");
            bench.compare("batched (" + batch + "/append), 1 writer", 1, batch, w -> "one-" + w);
            bench.compare("batched (" + batch + "/append), 8 writers, 8 streams", 8, batch, w -> "own-" + w);
            bench.compare("batched (" + batch + "/append), 8 writers, 1 stream", 8, batch, w -> "shared");
            bench.compare("single op per append, 1 writer", 1, 1, w -> "single-" + w);
            bench.compare("single op per append, 8 writers, 8 streams", 8, 1, w -> "singles-" + w);
            if (only.isEmpty() || "read".contains(only)) bench.readSince(100_000);
        }
    }

    private static String only = "";

    private void compare(String name, int writers, int batch, IntFunction<String> streamOf) throws Exception {
        if (!name.contains(only)) return;
        // warm both paths up, then measure them back to back
        run(Duration.ofSeconds(1), writers, w -> () -> appendRaw(streamOf.apply(w) + "-warm", batch));
        run(Duration.ofSeconds(1), writers, w -> () -> appendLog(streamOf.apply(w) + "-warm", batch));
        double raw = run(duration, writers, w -> () -> appendRaw(streamOf.apply(w), batch));
        double api = run(duration, writers, w -> () -> appendLog(streamOf.apply(w), batch));
        System.out.printf("%-42s %14.0f %14.0f %7.2f%n", name, api, raw, api / raw);
    }

    private int appendLog(String stream, int batch) {
        List<NewOperation> ops = new ArrayList<>(batch);
        for (int i = 0; i < batch; i++) {
            ops.add(new NewOperation("op-" + unique.incrementAndGet(), PAYLOAD));
        }
        log.append(stream, ops).await().indefinitely();
        return batch;
    }

    private final java.util.Map<String, AtomicLong> rawSeq = new java.util.concurrent.ConcurrentHashMap<>();

    private int appendRaw(String stream, int batch) {
        String[] ids = new String[batch];
        String[] payloads = new String[batch];
        for (int i = 0; i < batch; i++) {
            ids[i] = "op-" + unique.incrementAndGet();
            payloads[i] = PAYLOAD;
        }
        // a raw writer cannot share a stream's numbering without coordination: give it its own stream
        String rawStream = stream + "-" + Thread.currentThread().getId();
        long first = rawSeq.computeIfAbsent(rawStream, s -> new AtomicLong()).getAndAdd(batch);
        db.pool
                .preparedQuery(
                        "INSERT INTO bench.raw_oplog (stream, seq, op_id, payload) "
                                + "SELECT $1, $2 + i.ord, i.op_id, i.payload::jsonb FROM unnest($3::text[], $4::text[]) WITH ORDINALITY AS i(op_id, payload, ord)")
                .execute(Tuple.of(rawStream, first, ids, payloads))
                .await()
                .indefinitely();
        return batch;
    }

    interface Step {
        int call();
    }

    /** Runs one loop per writer thread for the duration; rows per second over all writers. */
    private static double run(Duration length, int writers, IntFunction<Step> stepOf) throws Exception {
        AtomicLong rows = new AtomicLong();
        long end = System.nanoTime() + length.toNanos();
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        for (int w = 0; w < writers; w++) {
            Step step = stepOf.apply(w);
            Thread t = new Thread(() -> {
                while (System.nanoTime() < end) {
                    rows.addAndGet(step.call());
                }
            });
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) t.join();
        double seconds = (System.nanoTime() - start) / 1e9;
        return rows.get() / seconds;
    }

    private void readSince(int total) throws Exception {
        String stream = "read";
        for (int i = 0; i < total; i += 1_000) {
            appendLog(stream, 1_000);
        }
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long baseline = retainedHeap(memory);
        AtomicLong peak = new AtomicLong(baseline);
        AtomicLong count = new AtomicLong();
        long start = System.nanoTime();
        log.readSince(stream, 0, 1_000).subscribe().asStream().forEach(e -> {
            if (count.incrementAndGet() % 25_000 == 0) {
                peak.accumulateAndGet(retainedHeap(memory), Math::max);
            }
        });
        double ms = (System.nanoTime() - start) / 1e6;
        long rawStart = System.nanoTime();
        var all = db.pool
                .query(
                        "SELECT seq, op_id, payload::text, recorded_at FROM bench.oplog WHERE stream = 'read' ORDER BY seq")
                .execute()
                .await()
                .indefinitely();
        double rawMs = (System.nanoTime() - rawStart) / 1e6;
        long rawRetained = retainedHeap(memory) - baseline;
        System.out.printf(
                "read since 0: %d entries in %.0f ms (%.0f entries/s), batches of 1 000; one raw SELECT of all %d rows: %.0f ms%n",
                count.get(), ms, count.get() / (ms / 1000), all.size(), rawMs);
        System.out.printf(
                "heap retained while streaming (sampled after GC every 25 000 entries): at most %.1f MB above baseline;"
                        + " the raw SELECT's result holds %.1f MB%n",
                (peak.get() - baseline) / 1e6, rawRetained / 1e6);
    }

    private static long retainedHeap(MemoryMXBean memory) {
        System.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }

    private static int intArg(String[] args, String name, int fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) return Integer.parseInt(args[i + 1]);
        }
        return fallback;
    }
}
