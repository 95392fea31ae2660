package io.quintet.synkronus.sync.rest;

import io.quintet.synkronus.error.SynkronusError;
import io.quintet.synkronus.http.Allowed;
import io.quintet.synkronus.http.JsonBodies;
import io.quintet.synkronus.http.RequestState;
import io.quintet.synkronus.http.Role;
import io.quintet.synkronus.repository.Generation;
import io.quintet.synkronus.sync.service.SyncService;
import io.quintet.synkronus.user.service.PresenceRecorder;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Observation sync (synkronus.md 7): pull pages by version, push batches all or nothing. */
@Path("/api/sync")
@Produces(MediaType.APPLICATION_JSON)
public class SyncResource {

    private final SyncService sync;
    private final JsonBodies json;
    private final RequestState request;
    private final PresenceRecorder presence;

    public SyncResource(SyncService sync, JsonBodies json, RequestState request, PresenceRecorder presence) {
        this.sync = sync;
        this.json = json;
        this.request = request;
        this.presence = presence;
    }

    @POST
    @Path("/pull")
    @Operation(summary = "Observations with version > since.version, in version order, one page")
    public Uni<Response> pull(
            byte[] body,
            @QueryParam("limit") String limit,
            @QueryParam("schemaType") String schemaType,
            @HeaderParam(Generation.HEADER) String generation,
            @HeaderParam("x-ode-version") String odeVersion) {
        var node = json.tree(body, SynkronusError.INVALID_REQUEST_FORMAT);
        String user = request.caller().username();
        String clientId = node.path("client_id").asText("");
        long since = node.path("since").path("version").asLong(0);
        return sync.pull(node, generation, schemaType, SyncService.limit(limit)).map(answer -> {
            presence.dataVersion(user, clientId, since, odeVersion);
            return Response.ok(answer.json(), MediaType.APPLICATION_JSON_TYPE)
                    .header(Generation.HEADER, Long.toString(answer.generation()))
                    .build();
        });
    }

    @POST
    @Path("/push")
    @Allowed({Role.READ_WRITE, Role.ADMIN})
    @Operation(summary = "Upsert a batch of observations (last write wins); all or nothing")
    public Uni<Response> push(
            byte[] body,
            @HeaderParam(Generation.HEADER) String generation,
            @HeaderParam("x-ode-version") String odeVersion) {
        var node = json.tree(body, SynkronusError.INVALID_REQUEST_FORMAT);
        String user = request.caller().username();
        String clientId = node.path("client_id").asText("");
        return sync.push(node, generation).map(answer -> {
            presence.dataVersion(user, clientId, answer.currentVersion(), odeVersion);
            return Response.ok(answer.json(), MediaType.APPLICATION_JSON_TYPE)
                    .header(Generation.HEADER, Long.toString(answer.generation()))
                    .build();
        });
    }
}
