package io.quintet.objectstore.monitoring;

import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/** A Prometheus histogram with fixed upper bounds (cumulative on reading). */
final class Histogram {

    private final double[] bounds;
    private final LongAdder[] counts;
    private final DoubleAdder sum = new DoubleAdder();
    private final LongAdder total = new LongAdder();

    Histogram(double[] bounds) {
        this.bounds = bounds;
        this.counts = new LongAdder[bounds.length];
        for (int i = 0; i < bounds.length; i++) counts[i] = new LongAdder();
    }

    void observe(double value) {
        for (int i = 0; i < bounds.length; i++) {
            if (value <= bounds[i]) {
                counts[i].increment();
                break;
            }
        }
        sum.add(value);
        total.increment();
    }

    /** Cumulative count of observations at or below bound {@code i}. */
    long cumulative(int i) {
        long c = 0;
        for (int k = 0; k <= i; k++) c += counts[k].sum();
        return c;
    }

    double sum() {
        return sum.sum();
    }

    long count() {
        return total.sum();
    }
}
