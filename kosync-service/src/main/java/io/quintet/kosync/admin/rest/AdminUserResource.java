package io.quintet.kosync.admin.rest;

import io.quintet.kosync.admin.service.AdminUserService;
import io.quintet.kosync.http.JsonBody;
import io.quintet.kosync.http.JsonReply;
import io.quintet.kosync.user.Fields;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Account administration without a client (bearer token, checked before any resource runs by
 * {@code ProtocolRoutes}, with shared-protocol's {@code AdminBearer}). Bodies take either {@code password} (what the user types in KOReader) or
 * {@code key} (the account key itself).
 */
@Path("/admin/users")
@Tag(name = "admin")
@SecurityScheme(securitySchemeName = "admin-token", type = SecuritySchemeType.HTTP, scheme = "bearer")
@SecurityRequirement(name = "admin-token")
public class AdminUserResource {

    private final AdminUserService users;
    private final JsonBody json;
    private final JsonReply reply;

    public AdminUserResource(AdminUserService users, JsonBody json, JsonReply reply) {
        this.users = users;
        this.json = json;
        this.reply = reply;
    }

    @GET
    @Operation(summary = "Every account with its number of documents")
    public Uni<Response> list() {
        return users.list().map(list -> reply.ok(Map.of("users", list)));
    }

    @POST
    @Operation(summary = "Create an account, also while registration is disabled: {username, password | key}")
    public Uni<Response> create(byte[] body) {
        var parsed = json.parse(body);
        String username = Fields.string(parsed, "username").orElse(null);
        String key = AdminUserService.keyOf(
                Fields.string(parsed, "key").orElse(null),
                Fields.string(parsed, "password").orElse(null));
        return users.create(username, key).map(name -> reply.status(201, Map.of("username", name)));
    }

    @DELETE
    @Path("/{username}")
    @Operation(summary = "Delete an account and all its positions")
    public Uni<Response> delete(@PathParam("username") String username) {
        return users.delete(username).map(v -> reply.ok(Map.of("deleted", true)));
    }

    @PUT
    @Path("/{username}/key")
    @Operation(summary = "Reset an account's key: {password | key}")
    public Uni<Response> resetKey(@PathParam("username") String username, byte[] body) {
        var parsed = json.parse(body);
        String key = AdminUserService.keyOf(
                Fields.string(parsed, "key").orElse(null),
                Fields.string(parsed, "password").orElse(null));
        return users.resetKey(username, key).map(v -> reply.ok(Map.of("updated", true)));
    }

    @GET
    @Path("/{username}/history")
    @Operation(summary = "Stored pushes (store_history), oldest first, optionally of one document")
    public Uni<Response> history(
            @PathParam("username") String username,
            @QueryParam("document") String document,
            @QueryParam("limit") @DefaultValue("1000") int limit) {
        return users.history(username, document, limit)
                .map(list -> reply.ok(Map.of("username", username, "history", (List<?>) list)));
    }
}
