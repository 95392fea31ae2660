package io.quintet.gateway.health;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * The gateway is ready when every configured route has at least one ready upstream. Routes without
 * upstreams (service not running) do not count, so a gateway with no services at all is ready.
 */
@Readiness
@ApplicationScoped
public class UpstreamsReadinessCheck implements AsyncHealthCheck {

    private final UpstreamProbe probe;

    public UpstreamsReadinessCheck(UpstreamProbe probe) {
        this.probe = probe;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return Uni.createFrom()
                .completionStage(() -> probe.probeAll().toCompletionStage())
                .map(routes -> {
                    HealthCheckResponseBuilder builder =
                            HealthCheckResponse.named("upstreams").up();
                    for (UpstreamProbe.RouteStatus status : routes) {
                        if (!status.configured()) {
                            builder.withData(status.route().name(), "not configured");
                        } else if (status.ready()) {
                            builder.withData(status.route().name(), "UP");
                        } else {
                            builder.withData(status.route().name(), "DOWN");
                            builder.down();
                        }
                    }
                    return builder.build();
                });
    }
}
