package io.quintet.kosync.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;

/** Protocol counters on /q/metrics: kosync_pushes_total, kosync_pulls_total, kosync_auth_failures_total, kosync_registrations_total. */
@Singleton
public class KosyncMetrics {

    private final Counter pushes;
    private final Counter pulls;
    private final Counter authFailures;
    private final Counter registrations;

    public KosyncMetrics(MeterRegistry registry) {
        this.pushes = Counter.builder("kosync.pushes")
                .description("Accepted progress pushes")
                .register(registry);
        this.pulls = Counter.builder("kosync.pulls")
                .description("Answered progress pulls")
                .register(registry);
        this.authFailures = Counter.builder("kosync.auth.failures")
                .description("Requests refused with 401")
                .register(registry);
        this.registrations = Counter.builder("kosync.registrations")
                .description("Accounts created")
                .register(registry);
    }

    public void push() {
        pushes.increment();
    }

    public void pull() {
        pulls.increment();
    }

    public void authFailure() {
        authFailures.increment();
    }

    public void registration() {
        registrations.increment();
    }
}
