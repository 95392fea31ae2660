package io.quintet.synkronus.health;

import io.quintet.synkronus.config.SynkronusConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The reference's own health route (synkronus.md 6.1): no token, no version header; 503 without the database. */
@Path("/health")
@Produces(MediaType.APPLICATION_JSON)
public class HealthResource {

    private final Pool pool;
    private final String version;

    public HealthResource(Pool pool, SynkronusConfig config) {
        this.pool = pool;
        this.version = config.serverVersion();
    }

    @GET
    @Operation(summary = "Liveness and database reachability")
    public Uni<Response> health() {
        return pool.query("SELECT 1")
                .execute()
                .ifNoItem()
                .after(Duration.ofSeconds(5))
                .fail()
                .map(ok -> {
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("status", "ok");
                    body.put("timestamp", Instant.now().toString());
                    body.put("version", version);
                    return Response.ok(body).build();
                })
                .onFailure()
                .recoverWithItem(e -> {
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("status", "error");
                    body.put("error", "database unreachable");
                    body.put("timestamp", Instant.now().toString());
                    return Response.status(503).entity(body).build();
                });
    }
}
