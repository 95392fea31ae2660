package io.quintet.kosync.health;

import io.quintet.kosync.http.JsonReply;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The protocol's own probe (spec 5): 200 {"state":"OK"} only while the database answers, so an
 * orchestrator restarts a replica that lost its store; otherwise 502/2000 through the mapper.
 */
@Path("/healthcheck")
@Tag(name = "health")
public class HealthcheckResource {

    private static final State OK = new State("OK");

    private final Pool pool;
    private final JsonReply reply;

    public HealthcheckResource(Pool pool, JsonReply reply) {
        this.pool = pool;
        this.reply = reply;
    }

    @GET
    @Operation(summary = "200 {\"state\":\"OK\"} while the store is usable")
    public Uni<Response> check() {
        return pool.query("SELECT 1 FROM kosync.users LIMIT 0").execute().map(rows -> reply.ok(OK));
    }

    public record State(String state) {}
}
