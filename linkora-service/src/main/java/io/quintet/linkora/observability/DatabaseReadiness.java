package io.quintet.linkora.observability;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready means the Linkora schema answers (spec ARCHITECTURE: "ready means database reachable"):
 * the database is up and migrated. The gateway and the launcher poll {@code /q/health/ready} on the management interface.
 */
@Readiness
@ApplicationScoped
public class DatabaseReadiness implements AsyncHealthCheck {

    private static final String NAME = "linkora-database";
    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final Pool pool;

    public DatabaseReadiness(Pool pool) {
        this.pool = pool;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return pool.query("SELECT 1 FROM linkora.folders LIMIT 0")
                .execute()
                .ifNoItem()
                .after(TIMEOUT)
                .fail()
                .map(rows -> HealthCheckResponse.up(NAME))
                .onFailure()
                .recoverWithItem(failure -> HealthCheckResponse.named(NAME)
                        .down()
                        .withData("error", failure.getClass().getSimpleName())
                        .build());
    }
}
