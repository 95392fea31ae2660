package io.quintet.kosync.progress.rest;

import io.quintet.kosync.auth.Authenticator;
import io.quintet.kosync.http.ErrorBody;
import io.quintet.kosync.http.JsonBody;
import io.quintet.kosync.http.JsonReply;
import io.quintet.kosync.progress.Position;
import io.quintet.kosync.progress.ProgressPush;
import io.quintet.kosync.progress.service.ProgressService;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Push and pull (spec 6.3, 6.4). Order of checks: body syntax, credentials, document, fields. */
@Path("/syncs/progress")
@Tag(name = "progress")
public class ProgressResource {

    private static final Map<String, Object> NEVER_SYNCED = Map.of();

    private final JsonBody json;
    private final JsonReply reply;
    private final Authenticator authenticator;
    private final ProgressService progress;

    public ProgressResource(JsonBody json, JsonReply reply, Authenticator authenticator, ProgressService progress) {
        this.json = json;
        this.reply = reply;
        this.authenticator = authenticator;
        this.progress = progress;
    }

    @PUT
    @Operation(summary = "Store the reading position of a document; answers the server timestamp (Unix seconds)")
    @RequestBody(content = @Content(mediaType = JsonReply.JSON, schema = @Schema(implementation = PushRequest.class)))
    @APIResponse(
            responseCode = "200",
            content = @Content(mediaType = JsonReply.JSON, schema = @Schema(implementation = PushReceipt.class)))
    @APIResponse(
            responseCode = "401",
            content = @Content(mediaType = JsonReply.JSON, schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(
            responseCode = "403",
            description = "invalid document (2004) or fields (2003)",
            content = @Content(mediaType = JsonReply.JSON, schema = @Schema(implementation = ErrorBody.class)))
    public Uni<Response> push(byte[] body, @Context HttpServerRequest request) {
        var parsed = json.parse(body);
        return authenticator.authenticate(request.headers()).chain(account -> {
            ProgressPush push = ProgressPush.from(parsed);
            return progress.push(account, push).map(timestamp -> reply.ok(new PushReceipt(push.document(), timestamp)));
        });
    }

    @GET
    @Path("/{document}")
    @Operation(summary = "The stored position of a document, or {} when it was never synced")
    @APIResponse(
            responseCode = "200",
            content = @Content(mediaType = JsonReply.JSON, schema = @Schema(implementation = Position.class)))
    @APIResponse(
            responseCode = "401",
            content = @Content(mediaType = JsonReply.JSON, schema = @Schema(implementation = ErrorBody.class)))
    public Uni<Response> pull(@PathParam("document") String document, @Context HttpServerRequest request) {
        return authenticator
                .authenticate(request.headers())
                .chain(account -> progress.pull(account, document))
                .map(found -> reply.ok(found.isPresent() ? found.get() : NEVER_SYNCED));
    }

    /** What PUT answers: exactly these two keys. */
    public record PushReceipt(String document, long timestamp) {}

    /** What KOReader sends, for the OpenAPI document (the body is parsed by hand). */
    public record PushRequest(String document, String progress, double percentage, String device, String device_id) {}
}
