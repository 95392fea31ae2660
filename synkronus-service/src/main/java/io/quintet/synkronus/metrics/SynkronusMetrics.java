package io.quintet.synkronus.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;

/**
 * The protocol's own counters (requests per route come from Quarkus' HTTP server metrics):
 * records pushed and pulled, attachment bytes in and out, logins refused.
 */
@Singleton
public class SynkronusMetrics {

    private final Counter pushed;
    private final Counter pulled;
    private final Counter uploaded;
    private final Counter downloaded;
    private final Counter loginsRefused;

    public SynkronusMetrics(MeterRegistry registry) {
        this.pushed = Counter.builder("synkronus_records_pushed")
                .description("Observations stored by pushes")
                .register(registry);
        this.pulled = Counter.builder("synkronus_records_pulled")
                .description("Observations returned by pulls")
                .register(registry);
        this.uploaded = Counter.builder("synkronus_attachment_bytes")
                .tag("direction", "in")
                .description("Attachment bytes received")
                .register(registry);
        this.downloaded = Counter.builder("synkronus_attachment_bytes")
                .tag("direction", "out")
                .description("Attachment bytes served")
                .register(registry);
        this.loginsRefused = Counter.builder("synkronus_logins_refused")
                .description("Logins and refreshes refused (401 or limiter)")
                .register(registry);
    }

    public void pushed(int records) {
        pushed.increment(records);
    }

    public void pulled(int records) {
        pulled.increment(records);
    }

    public void uploaded(long bytes) {
        uploaded.increment(bytes);
    }

    public void downloaded(long bytes) {
        downloaded.increment(bytes);
    }

    public void loginRefused() {
        loginsRefused.increment();
    }
}
