package io.quintet.kora.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters behind {@code /kora/status} (the reference's {@code getStatus()}, with honest counts)
 * and the Prometheus metrics: connections, operations in and out, rejections, batch latency.
 */
@ApplicationScoped
@Startup // created with the service, not at the first request: uptime counts from the start, the gauges exist at once
public class ServerStats {

    private final long startedAt = System.currentTimeMillis();
    private final AtomicInteger connected = new AtomicInteger();
    private final AtomicInteger peak = new AtomicInteger();
    private final AtomicLong connectionsTotal = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final Counter received;
    private final Counter sent;
    private final Timer batchLatency;
    private final MeterRegistry registry;

    public ServerStats(MeterRegistry registry) {
        this.registry = registry;
        registry.gauge("kora.connected.clients", connected);
        this.received = Counter.builder("kora.operations.received")
                .description("Operations received from clients")
                .register(registry);
        this.sent = Counter.builder("kora.operations.sent")
                .description("Operations sent to clients")
                .register(registry);
        this.batchLatency = Timer.builder("kora.batch.latency")
                .description("Time to process one inbound operation batch")
                .register(registry);
    }

    public void connectionOpened() {
        connectionsTotal.incrementAndGet();
        peak.accumulateAndGet(connected.incrementAndGet(), Math::max);
    }

    public void connectionClosed() {
        connected.decrementAndGet();
    }

    public void operationsReceived(int count) {
        received.increment(count);
    }

    public void operationsSent(int count) {
        sent.increment(count);
    }

    /** An {@code error} or {@code operation-rejected} sent to a client, or a refused connection. */
    public void rejected(String code) {
        errors.incrementAndGet();
        registry.counter("kora.rejections", "code", code).increment();
    }

    public void batchProcessed(long startNanos) {
        batchLatency.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
    }

    public long startedAt() {
        return startedAt;
    }

    public int peakConnections() {
        return peak.get();
    }

    public long connectionsTotal() {
        return connectionsTotal.get();
    }

    public long operationsReceived() {
        return (long) received.count();
    }

    public long operationsSent() {
        return (long) sent.count();
    }

    public long errorCount() {
        return errors.get();
    }
}
