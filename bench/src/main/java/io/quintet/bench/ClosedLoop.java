package io.quintet.bench;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * Helpers every benchmark uses: a closed-loop driver (a fixed number of operations in flight for a
 * duration) for raw PostgreSQL measurements, a free port, and command-line arguments.
 */
final class ClosedLoop {

    private ClosedLoop() {}

    /** Warms up for 2 s, then keeps {@code concurrency} operations in flight for {@code length}; completions per second. */
    static double warmedRate(int concurrency, Duration length, IntFunction<CompletionStage<Void>> op) throws Exception {
        rate(concurrency, Duration.ofSeconds(2), op);
        return rate(concurrency, length, op);
    }

    /** Keeps {@code concurrency} operations in flight for {@code length}; completions per second. */
    static double rate(int concurrency, Duration length, IntFunction<CompletionStage<Void>> op) throws Exception {
        AtomicLong done = new AtomicLong();
        AtomicLong seq = new AtomicLong();
        long start = System.nanoTime();
        long end = start + length.toNanos();
        CompletableFuture<?>[] loops = new CompletableFuture<?>[concurrency];
        for (int c = 0; c < concurrency; c++) {
            CompletableFuture<Void> loop = new CompletableFuture<>();
            loops[c] = loop;
            next(op, seq, done, end, loop);
        }
        CompletableFuture.allOf(loops).get();
        return done.get() / ((System.nanoTime() - start) / 1e9);
    }

    private static void next(
            IntFunction<CompletionStage<Void>> op,
            AtomicLong seq,
            AtomicLong done,
            long end,
            CompletableFuture<Void> loop) {
        if (System.nanoTime() >= end) {
            loop.complete(null);
            return;
        }
        op.apply((int) seq.getAndIncrement()).whenComplete((v, e) -> {
            if (e == null) done.incrementAndGet();
            next(op, seq, done, end, loop);
        });
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static String stringArg(String[] args, String name, String fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) return args[i + 1];
        }
        return fallback;
    }

    static int intArg(String[] args, String name, int fallback) {
        return Integer.parseInt(stringArg(args, name, Integer.toString(fallback)));
    }
}
