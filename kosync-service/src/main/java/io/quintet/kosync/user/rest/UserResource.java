package io.quintet.kosync.user.rest;

import io.quintet.kosync.auth.AccountRules;
import io.quintet.kosync.auth.Authenticator;
import io.quintet.kosync.error.KosyncError;
import io.quintet.kosync.error.KosyncException;
import io.quintet.kosync.http.ErrorBody;
import io.quintet.kosync.http.JsonBody;
import io.quintet.kosync.http.JsonReply;
import io.quintet.kosync.user.Fields;
import io.quintet.kosync.user.service.AccountService;
import io.quintet.kosync.user.service.RegistrationService;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Account routes of the protocol. No {@code @Produces}/{@code @Consumes}: KOReader's vendor
 * {@code Accept} must never meet a 406 and a request {@code Content-Type} is never checked
 * (spec 3.1, 3.3); bodies are parsed here and answers are labelled by {@link JsonReply}.
 */
@Path("/users")
@Tag(name = "users")
public class UserResource {

    private final JsonBody json;
    private final JsonReply reply;
    private final RegistrationService registration;
    private final AccountService accounts;
    private final Authenticator authenticator;

    public UserResource(
            JsonBody json,
            JsonReply reply,
            RegistrationService registration,
            AccountService accounts,
            Authenticator authenticator) {
        this.json = json;
        this.reply = reply;
        this.registration = registration;
        this.accounts = accounts;
        this.authenticator = authenticator;
    }

    @POST
    @Path("/create")
    @Operation(summary = "Register an account; password is the key KOReader derived (MD5 of the typed password)")
    @RequestBody(
            content =
                    @Content(mediaType = JsonReply.JSON, schema = @Schema(implementation = Answers.Registration.class)))
    @APIResponse(
            responseCode = "201",
            content = @Content(mediaType = JsonReply.JSON, schema = @Schema(implementation = Answers.Registered.class)))
    @APIResponse(
            responseCode = "402",
            description = "name taken (2002) or registration disabled (2005)",
            content = @Content(mediaType = JsonReply.JSON, schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(
            responseCode = "403",
            description = "invalid fields (2003)",
            content = @Content(mediaType = JsonReply.JSON, schema = @Schema(implementation = ErrorBody.class)))
    public Uni<Response> create(byte[] body) {
        return registration.register(json.parse(body)).map(name -> reply.status(201, new Answers.Registered(name)));
    }

    @GET
    @Path("/auth")
    @Operation(summary = "Check the credentials in x-auth-user / x-auth-key")
    @APIResponse(
            responseCode = "200",
            content = @Content(mediaType = JsonReply.JSON, schema = @Schema(implementation = Answers.Authorized.class)))
    @APIResponse(
            responseCode = "401",
            content = @Content(mediaType = JsonReply.JSON, schema = @Schema(implementation = ErrorBody.class)))
    public Uni<Response> auth(@Context HttpServerRequest request) {
        return authenticator.authenticate(request.headers()).map(account -> reply.ok(Answers.Authorized.OK));
    }

    @PUT
    @Path("/password")
    @Operation(summary = "Replace the account key (later upstream extension)")
    @RequestBody(
            content = @Content(mediaType = JsonReply.JSON, schema = @Schema(implementation = Answers.KeyChange.class)))
    @APIResponse(
            responseCode = "200",
            content = @Content(mediaType = JsonReply.JSON, schema = @Schema(implementation = Answers.Updated.class)))
    public Uni<Response> changePassword(byte[] body, @Context HttpServerRequest request) {
        var parsed = json.parse(body);
        return authenticator
                .authenticate(request.headers())
                .chain(account -> {
                    String key = Fields.string(parsed, "password")
                            .filter(AccountRules::isValidKey)
                            .orElseThrow(() -> new KosyncException(KosyncError.INVALID_REQUEST));
                    return accounts.changeKey(account.username(), key);
                })
                .map(found -> {
                    if (!found) {
                        throw new KosyncException(KosyncError.UNAUTHORIZED);
                    }
                    return reply.ok(new Answers.Updated(true));
                });
    }

    @DELETE
    @Path("/me")
    @Operation(summary = "Delete the account and all its positions (later upstream extension)")
    @APIResponse(
            responseCode = "200",
            content = @Content(mediaType = JsonReply.JSON, schema = @Schema(implementation = Answers.Deleted.class)))
    @APIResponse(
            responseCode = "404",
            description = "the account vanished meanwhile (2006)",
            content = @Content(mediaType = JsonReply.JSON, schema = @Schema(implementation = ErrorBody.class)))
    public Uni<Response> delete(@Context HttpServerRequest request) {
        return authenticator
                .authenticate(request.headers())
                .chain(account -> accounts.delete(account.username()))
                .map(found -> {
                    if (!found) {
                        throw new KosyncException(KosyncError.ACCOUNT_NOT_FOUND);
                    }
                    return reply.ok(new Answers.Deleted(true));
                });
    }
}
