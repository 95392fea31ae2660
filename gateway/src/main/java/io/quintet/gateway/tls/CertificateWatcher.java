package io.quintet.gateway.tls;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quintet.gateway.config.GatewayConfig;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Checks the certificate files every {@code quintet.gateway.tls.watch-interval} (modification time and
 * size only) so that an operator can replace them, e.g. after a renewal, without restarting.
 */
@ApplicationScoped
public class CertificateWatcher {

    private final Vertx vertx;
    private final ServerCertificates certificates;
    private final long intervalMillis;
    private long timer = -1;

    public CertificateWatcher(Vertx vertx, ServerCertificates certificates, GatewayConfig config) {
        this.vertx = vertx;
        this.certificates = certificates;
        this.intervalMillis = config.tls().watchInterval().toMillis();
    }

    void start(@Observes StartupEvent event) {
        if (intervalMillis <= 0) return;
        timer = vertx.setPeriodic(
                intervalMillis, id -> vertx.executeBlocking(() -> certificates.reloadIfFilesChanged(), false));
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer != -1) vertx.cancelTimer(timer);
    }
}
