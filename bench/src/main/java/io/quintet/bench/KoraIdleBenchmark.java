package io.quintet.bench;

import io.quintet.deploy.ChildProcess;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What idle sessions cost (issue #6 goal: 1 000 idle connections within 100 MB of RSS): N
 * WebSocket clients complete the handshake and their (empty) initial sync, acknowledge it, then
 * stay silent; the service's RSS before and after, and per connection.
 *
 * <p>{@code java -jar bench/target/quintet-bench.jar kora idle [--connections 1000] [--idle-seconds 10]}
 */
final class KoraIdleBenchmark {

    private KoraIdleBenchmark() {}

    static void main(String[] args) throws Exception {
        int connections = KoraBenchmark.intArg(args, "--connections", 1000);
        int idleSeconds = KoraBenchmark.intArg(args, "--idle-seconds", 10);
        try (BenchDatabase db = new BenchDatabase(2)) {
            int port = KoraBenchmark.freePort();
            ChildProcess service = KoraBenchmark.startService(db, port);
            try {
                URI uri = URI.create("ws://127.0.0.1:" + port + "/kora/");
                // a few sessions first, so the code paths of a session are loaded before the baseline
                List<KoraBenchmark.Client> warm = new ArrayList<>();
                for (int i = 0; i < 20; i++) warm.add(KoraBenchmark.Client.streaming(uri, 0));
                warm.forEach(KoraBenchmark.Client::close);
                Thread.sleep(3000);
                long before = service.residentKb().orElse(-1L);
                System.out.printf(
                        "kora idle: %d connections, RSS before %d MB, load average %s%n",
                        connections, before / 1024, KoraBenchmark.loadAverage());
                long started = System.nanoTime();
                List<KoraBenchmark.Client> clients = java.util.Collections.synchronizedList(new ArrayList<>());
                AtomicInteger next = new AtomicInteger();
                List<CompletableFuture<Void>> openers = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    openers.add(CompletableFuture.runAsync(
                            () -> {
                                while (next.getAndIncrement() < connections)
                                    clients.add(KoraBenchmark.Client.streaming(uri, 0));
                            },
                            KoraBenchmark.LOOPS));
                }
                for (CompletableFuture<Void> f : openers) f.get();
                long opened = service.residentKb().orElse(-1L);
                System.out.printf(
                        "  %d handshaken in %.1f s, RSS %d MB%n",
                        clients.size(), (System.nanoTime() - started) / 1e9, opened / 1024);
                Thread.sleep(idleSeconds * 1000L);
                long after = service.residentKb().orElse(-1L);
                System.out.printf(
                        "  after %d s idle: RSS %d MB, +%d MB for %d connections = %.1f KB per connection; load average %s%n",
                        idleSeconds,
                        after / 1024,
                        (after - before) / 1024,
                        clients.size(),
                        (after - before) / (double) clients.size(),
                        KoraBenchmark.loadAverage());
                // the service's own view, when it answers: connected clients
                clients.forEach(c -> c.inbox.clear());
                long alive =
                        clients.stream().filter(c -> !c.socket.isInputClosed()).count();
                System.out.printf("  %d of %d connections still open%n", alive, clients.size());
                clients.parallelStream().forEach(KoraBenchmark.Client::close);
            } finally {
                service.stop(java.time.Duration.ofSeconds(20));
            }
        }
    }
}
