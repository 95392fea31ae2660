package io.quintet.objectstore.monitoring;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.DoubleSupplier;

/**
 * The live values behind every metric of section 8 (names without the {@code obx_} prefix in the
 * calls, e.g. {@code increment("messages", "type", "sent")}). One source feeds the Prometheus text at
 * {@code /api/sync/prometheus} (via {@link MetricSampler}), the admin statistics series and
 * Micrometer's {@code objectstore_*} meters at {@code /q/metrics} on the management interface.
 */
@Singleton
public class SyncMetrics {

    /** One sampled time series: a family and label value, and for histograms the part (bucket, sum, count). */
    public record Series(MetricFamily family, String value, String part, double le) {

        /** The Prometheus sample name with labels, e.g. {@code obx_task_time_bucket{place="in_queue",le="0.1"}}. */
        public String sampleName() {
            String name = family.name() + part;
            List<String> labels = new ArrayList<>();
            if (family.label() != null) labels.add(family.label() + "=\"" + value + "\"");
            if (part.equals("_bucket"))
                labels.add("le=\"" + (Double.isInfinite(le) ? "+Inf" : MetricSampler.number(le)) + "\"");
            return labels.isEmpty() ? name : name + "{" + String.join(",", labels) + "}";
        }
    }

    private final long startedNanos = System.nanoTime();
    private final Map<String, LongAdder> counters = new HashMap<>();
    private final Map<String, Histogram> histograms = new HashMap<>();
    private final Map<String, DoubleSupplier> gauges = new ConcurrentHashMap<>();
    private final AtomicInteger connected = new AtomicInteger();
    private final List<Series> series = new ArrayList<>();
    private final List<DoubleSupplier> readers = new ArrayList<>();

    public SyncMetrics(MeterRegistry registry) {
        for (MetricFamily f : MetricCatalogue.FAMILIES) {
            for (String v : f.values()) {
                String key = key(f.name(), v);
                switch (f.kind()) {
                    case COUNTER -> {
                        LongAdder adder = new LongAdder();
                        counters.put(key, adder);
                        DoubleSupplier read = f.name().equals("obx_uptime") ? this::uptimeSeconds : adder::sum;
                        add(new Series(f, v, "", 0), read);
                        FunctionCounter.builder(micrometerName(f), read, DoubleSupplier::getAsDouble)
                                .description(f.help())
                                .tags(tags(f, v))
                                .register(registry);
                    }
                    case GAUGE -> {
                        DoubleSupplier read =
                                () -> gauges.getOrDefault(key, () -> 0).getAsDouble();
                        add(new Series(f, v, "", 0), read);
                        Gauge.builder(micrometerName(f), read, DoubleSupplier::getAsDouble)
                                .description(f.help())
                                .tags(tags(f, v))
                                .register(registry);
                    }
                    case HISTOGRAM -> {
                        Histogram h = new Histogram(f.buckets());
                        histograms.put(key, h);
                        for (int i = 0; i < f.buckets().length; i++) {
                            int bucket = i;
                            add(new Series(f, v, "_bucket", f.buckets()[i]), () -> h.cumulative(bucket));
                        }
                        add(new Series(f, v, "_bucket", Double.POSITIVE_INFINITY), h::count);
                        add(new Series(f, v, "_sum", 0), h::sum);
                        add(new Series(f, v, "_count", 0), h::count);
                        FunctionCounter.builder(micrometerName(f) + "_count", h, Histogram::count)
                                .description(f.help())
                                .tags(tags(f, v))
                                .register(registry);
                    }
                }
            }
        }
        gauge("connected_clients", connected::get);
    }

    private void add(Series s, DoubleSupplier reader) {
        series.add(s);
        readers.add(reader);
    }

    private static String micrometerName(MetricFamily f) {
        return "objectstore_" + f.name().substring("obx_".length());
    }

    private static Tags tags(MetricFamily f, String value) {
        return f.label() == null ? Tags.empty() : Tags.of(f.label(), value);
    }

    private static String key(String family, String value) {
        return family + "|" + value;
    }

    private LongAdder counter(String name, String value) {
        LongAdder c = counters.get(key("obx_" + name, value));
        if (c == null) throw new IllegalArgumentException("no such obx counter: " + name + " " + value);
        return c;
    }

    public void increment(String name) {
        counter(name, "").increment();
    }

    public void increment(String name, String label, String value) {
        counter(name, value).increment();
    }

    public void add(String name, long amount) {
        counter(name, "").add(amount);
    }

    public void add(String name, String label, String value, long amount) {
        counter(name, value).add(amount);
    }

    public double count(String name) {
        return counter(name, "").sum();
    }

    public double count(String name, String label, String value) {
        return counter(name, value).sum();
    }

    /** Binds a gauge (unlabelled) to a live reading. */
    public void gauge(String name, DoubleSupplier reading) {
        gauge(name, "", reading);
    }

    public void gauge(String name, String value, DoubleSupplier reading) {
        String key = key("obx_" + name, value);
        MetricFamily f = MetricCatalogue.BY_NAME.get("obx_" + name);
        if (f == null || f.kind() != MetricFamily.Kind.GAUGE || !f.values().contains(value))
            throw new IllegalArgumentException("no such obx gauge: " + name + " " + value);
        gauges.put(key, reading);
    }

    public void observe(String name, String value, double seconds) {
        Histogram h = histograms.get(key("obx_" + name, value));
        if (h == null) throw new IllegalArgumentException("no such obx histogram: " + name + " " + value);
        h.observe(seconds);
    }

    public void observe(String name, double seconds) {
        observe(name, "", seconds);
    }

    public void connected(int delta) {
        connected.addAndGet(delta);
    }

    public double uptimeSeconds() {
        return Math.floor((System.nanoTime() - startedNanos) / 1e9);
    }

    /** Every series in a fixed order (the order of {@link #read()}). */
    public List<Series> series() {
        return series;
    }

    /** The current value of every series, in the order of {@link #series()}. */
    public double[] read() {
        double[] out = new double[readers.size()];
        for (int i = 0; i < out.length; i++) {
            try {
                out[i] = readers.get(i).getAsDouble();
            } catch (RuntimeException e) {
                out[i] = 0;
            }
        }
        return out;
    }
}
