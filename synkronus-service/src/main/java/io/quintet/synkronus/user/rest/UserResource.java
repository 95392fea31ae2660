package io.quintet.synkronus.user.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.quintet.synkronus.error.SynkronusError;
import io.quintet.synkronus.http.Allowed;
import io.quintet.synkronus.http.JsonBodies;
import io.quintet.synkronus.http.RequestState;
import io.quintet.synkronus.http.Role;
import io.quintet.synkronus.user.UserViews.CreatedUser;
import io.quintet.synkronus.user.UserViews.Message;
import io.quintet.synkronus.user.UserViews.UserView;
import io.quintet.synkronus.user.service.UserService;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.ResponseStatus;

/** User administration (synkronus.md 5.1–5.5); every answer is JSON. */
@Path("/api/users")
@Produces(MediaType.APPLICATION_JSON)
public class UserResource {

    private final UserService users;
    private final JsonBodies json;
    private final RequestState request;

    public UserResource(UserService users, JsonBodies json, RequestState request) {
        this.users = users;
        this.json = json;
        this.request = request;
    }

    @POST
    @Allowed(Role.ADMIN)
    @ResponseStatus(201)
    @Operation(summary = "Create a user (alias of /api/users/create)")
    public Uni<CreatedUser> createAlias(byte[] body) {
        return create(body);
    }

    @POST
    @Path("/create")
    @Allowed(Role.ADMIN)
    @ResponseStatus(201)
    @Operation(summary = "Create a user with a role: read-only, read-write or admin")
    public Uni<CreatedUser> create(byte[] body) {
        JsonNode node = json.tree(body, SynkronusError.INVALID_REQUEST_FORMAT);
        return users.create(text(node, "username"), text(node, "password"), text(node, "role"));
    }

    @GET
    @Allowed(Role.ADMIN)
    @Operation(summary = "List users with their presence")
    public Uni<List<UserView>> list() {
        return users.list();
    }

    @DELETE
    @Path("/delete/{username}")
    @Allowed(Role.ADMIN)
    @Operation(summary = "Delete a user")
    public Uni<Message> delete(@PathParam("username") String username) {
        return users.delete(username).replaceWith(new Message("User deleted successfully"));
    }

    @DELETE
    @Path("/{username}")
    @Allowed(Role.ADMIN)
    @Operation(summary = "Delete a user (alias of /api/users/delete/{username}, as the OpenAPI document names it)")
    public Uni<Message> deleteAlias(@PathParam("username") String username) {
        return delete(username);
    }

    @POST
    @Path("/reset-password")
    @Allowed(Role.ADMIN)
    @Operation(summary = "Set another user's password")
    public Uni<Message> resetPassword(byte[] body) {
        JsonNode node = json.tree(body, SynkronusError.INVALID_REQUEST_FORMAT);
        return users.resetPassword(text(node, "username"), text(node, "newPassword"))
                .replaceWith(new Message("Password reset successfully"));
    }

    @POST
    @Path("/change-password")
    @Operation(summary = "Change the caller's own password")
    public Uni<Message> changePassword(byte[] body) {
        JsonNode node = json.tree(body, SynkronusError.INVALID_REQUEST_FORMAT);
        return users.changePassword(
                        request.caller().username(), text(node, "currentPassword"), text(node, "newPassword"))
                .replaceWith(new Message("Password changed successfully"));
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() || !value.isTextual() ? "" : value.asText();
    }
}
