package io.quintet.objectstore.monitoring;

import io.vertx.mutiny.core.Vertx;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Samples every metric once per second (section 8) and keeps the last hour of samples: the
 * Prometheus endpoint serves the newest sample with its timestamp, the admin statistics charts read
 * the same series over time. Started with the server, so the series cover all traffic since start-up.
 */
@Singleton
@io.quarkus.runtime.Startup
public class MetricSampler {

    /** One second's reading of every series of {@link SyncMetrics#series()}. */
    public record Sample(long timestampMs, double[] values) {}

    static final int KEPT = 3600;

    private final SyncMetrics metrics;
    private final Vertx vertx;
    private final ArrayDeque<Sample> samples = new ArrayDeque<>();
    private long timer = -1;

    public MetricSampler(SyncMetrics metrics, Vertx vertx) {
        this.metrics = metrics;
        this.vertx = vertx;
    }

    @PostConstruct
    void start() {
        sample();
        timer = vertx.setPeriodic(1000, id -> sample());
    }

    @PreDestroy
    void stop() {
        if (timer >= 0) vertx.cancelTimer(timer);
    }

    void sample() {
        Sample s = new Sample(System.currentTimeMillis(), metrics.read());
        synchronized (samples) {
            samples.addLast(s);
            if (samples.size() > KEPT) samples.removeFirst();
        }
    }

    public Sample latest() {
        synchronized (samples) {
            return samples.peekLast();
        }
    }

    /** Samples with {@code from <= timestamp <= to}, thinned to at most {@code maxPoints} evenly spaced ones. */
    public List<Sample> range(long fromMs, long toMs, int maxPoints) {
        List<Sample> picked = new ArrayList<>();
        synchronized (samples) {
            for (Sample s : samples) {
                if (s.timestampMs() >= fromMs && s.timestampMs() <= toMs) picked.add(s);
            }
        }
        if (picked.size() <= maxPoints) return picked;
        List<Sample> thinned = new ArrayList<>(maxPoints);
        double step = (double) picked.size() / maxPoints;
        for (int i = 0; i < maxPoints; i++) thinned.add(picked.get((int) Math.floor(i * step)));
        thinned.set(thinned.size() - 1, picked.get(picked.size() - 1));
        return thinned;
    }

    /** Prometheus text format 0.0.4 of the newest sample, every line with its millisecond timestamp. */
    public String prometheusText() {
        Sample s = latest();
        List<SyncMetrics.Series> all = metrics.series();
        StringBuilder out = new StringBuilder(8192);
        MetricFamily current = null;
        for (int i = 0; i < all.size(); i++) {
            SyncMetrics.Series series = all.get(i);
            if (series.family() != current) {
                current = series.family();
                out.append("# HELP ")
                        .append(current.name())
                        .append(' ')
                        .append(current.help())
                        .append('\n');
                out.append("# TYPE ")
                        .append(current.name())
                        .append(' ')
                        .append(current.kind().prometheus())
                        .append('\n');
            }
            out.append(series.sampleName())
                    .append(' ')
                    .append(number(s.values()[i]))
                    .append(' ')
                    .append(s.timestampMs())
                    .append('\n');
        }
        return out.toString();
    }

    static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        return Double.toString(v);
    }
}
