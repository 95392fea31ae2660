package io.quintet.objectstore.monitoring;

import java.util.List;

/**
 * One {@code obx_*} metric of section 8: its type, help text and, when labelled, the one label and
 * every value it takes (so each series exists from the first sample on, at 0).
 */
public record MetricFamily(String name, Kind kind, String help, String label, List<String> values, double[] buckets) {

    public enum Kind {
        COUNTER,
        GAUGE,
        HISTOGRAM;

        String prometheus() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    static MetricFamily counter(String name, String help) {
        return new MetricFamily(name, Kind.COUNTER, help, null, List.of(""), null);
    }

    static MetricFamily counter(String name, String help, String label, String... values) {
        return new MetricFamily(name, Kind.COUNTER, help, label, List.of(values), null);
    }

    static MetricFamily gauge(String name, String help) {
        return new MetricFamily(name, Kind.GAUGE, help, null, List.of(""), null);
    }

    static MetricFamily gauge(String name, String help, String label, String... values) {
        return new MetricFamily(name, Kind.GAUGE, help, label, List.of(values), null);
    }

    static MetricFamily histogram(String name, String help, String label, List<String> values, double... buckets) {
        return new MetricFamily(name, Kind.HISTOGRAM, help, label, values, buckets);
    }

    /** The Prometheus label set of one value ({@code {type="recv"}}), or "" when unlabelled. */
    String labels(String value) {
        return label == null ? "" : "{" + label + "=\"" + value + "\"}";
    }
}
