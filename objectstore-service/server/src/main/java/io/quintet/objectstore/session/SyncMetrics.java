package io.quintet.objectstore.session;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** The sync counters of section 8 under Micrometer names ({@code objectstore_*} at /q/metrics on the management interface). */
@Singleton
public class SyncMetrics {

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final AtomicInteger connected = new AtomicInteger();

    public SyncMetrics(MeterRegistry registry) {
        this.registry = registry;
        registry.gauge("objectstore_connected_clients", connected);
    }

    public void increment(String name) {
        counters.computeIfAbsent(name, n -> registry.counter("objectstore_" + n))
                .increment();
    }

    public void increment(String name, String tag, String value) {
        counters.computeIfAbsent(
                        name + "|" + tag + "=" + value, n -> registry.counter("objectstore_" + name, tag, value))
                .increment();
    }

    public double count(String name) {
        Counter c = counters.get(name);
        return c == null ? 0 : c.count();
    }

    public double count(String name, String tag, String value) {
        Counter c = counters.get(name + "|" + tag + "=" + value);
        return c == null ? 0 : c.count();
    }

    public void connected(int delta) {
        connected.addAndGet(delta);
    }
}
