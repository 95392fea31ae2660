package io.quintet.objectstore.admin.rest;

import io.quarkus.elytron.security.common.BcryptUtil;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Sort;
import io.quintet.objectstore.admin.AdminCaller;
import io.quintet.objectstore.admin.AdminRoute;
import io.quintet.objectstore.admin.AdminSessions;
import io.quintet.objectstore.auth.AdminUser;
import io.quintet.objectstore.error.AdminError;
import io.quintet.objectstore.events.EventType;
import io.quintet.objectstore.events.LogEvents;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Admin user management (6.1 Users; 4.5 roles: admin, viewer, sync, sync-readonly). */
@Path("/api/v1/users")
@AdminRoute
@Tag(name = "admin users")
public class UserResource {

    public record NewUser(String name, String password, String roles) {}

    public record Password(String password) {}

    static final Set<String> ROLES = Set.of(AdminUser.ADMIN, AdminUser.VIEWER, AdminUser.SYNC, AdminUser.SYNC_READONLY);
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");
    static final int MIN_PASSWORD = 8;

    private final AdminSessions sessions;
    private final LogEvents events;

    public UserResource(AdminSessions sessions, LogEvents events) {
        this.sessions = sessions;
        this.events = events;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Admin users and their roles (never their password hashes)")
    public Uni<List<Map<String, Object>>> users() {
        return Panache.withSession(() -> AdminUser.<AdminUser>listAll(Sort.ascending("name")))
                .map(all -> all.stream()
                        .map(u -> Map.<String, Object>of("name", u.name, "roles", new TreeSet<>(u.roleSet())))
                        .toList());
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary =
                    "Creates a user: name, password (8+ characters), roles (comma-separated: admin, viewer, sync, sync-readonly)")
    public Uni<Response> create(NewUser body) {
        if (body == null || body.name() == null || !NAME.matcher(body.name()).matches())
            throw AdminError.BAD_REQUEST.with("name: 1-64 of A-Z a-z 0-9 . _ @ -");
        checkPassword(body.password());
        String roles = roles(body.roles());
        return Panache.withTransaction(() -> AdminUser.<AdminUser>findById(body.name())
                        .chain(existing -> {
                            if (existing != null)
                                return Uni.createFrom()
                                        .failure(AdminError.CONFLICT.with("user " + body.name() + " exists"));
                            AdminUser u = new AdminUser();
                            u.name = body.name();
                            u.passwordHash = BcryptUtil.bcryptHash(body.password());
                            u.roles = roles;
                            return u.persist();
                        }))
                .call(() ->
                        events.record(LogEvents.Event.of(EventType.Info, "AdmUsr", "user " + body.name() + " created")
                                .template("user created")))
                .map(ok -> Response.status(201)
                        .entity(Map.of("name", body.name(), "roles", new TreeSet<>(Arrays.asList(roles.split(",")))))
                        .build());
    }

    @DELETE
    @Path("/{name}")
    @Operation(summary = "Deletes a user and ends its sessions (not the caller's own account)")
    public Uni<Response> delete(@PathParam("name") String name, RoutingContext routing) {
        AdminCaller caller = routing.get(AdminCaller.KEY);
        if (caller != null && caller.name().equals(name))
            throw AdminError.CONFLICT.with("you cannot delete your own account");
        return sessions.endAll(name)
                .chain(() -> Panache.withTransaction(() -> AdminUser.deleteById(name)))
                .map(deleted -> {
                    if (!deleted) throw AdminError.NOT_FOUND.with("no user " + name);
                    return Response.noContent().build();
                })
                .call(() -> events.record(LogEvents.Event.of(EventType.Info, "AdmUsr", "user " + name + " deleted")
                        .template("user deleted")));
    }

    @PUT
    @Path("/{name}/password")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Sets a user's password (8+ characters); the user's sessions end")
    public Uni<Response> password(@PathParam("name") String name, Password body) {
        checkPassword(body == null ? null : body.password());
        return Panache.withTransaction(() -> AdminUser.<AdminUser>findById(name).invoke(u -> {
                    if (u == null) throw AdminError.NOT_FOUND.with("no user " + name);
                    u.passwordHash = BcryptUtil.bcryptHash(body.password());
                }))
                .call(() -> sessions.endAll(name))
                .call(() -> events.record(
                        LogEvents.Event.of(EventType.Info, "AdmUsr", "password of user " + name + " changed")
                                .template("password changed")))
                .map(ok -> Response.noContent().build());
    }

    private static void checkPassword(String password) {
        if (password == null || password.length() < MIN_PASSWORD || password.length() > 200)
            throw AdminError.BAD_REQUEST.with("password: 8 to 200 characters");
    }

    private static String roles(String roles) {
        if (roles == null || roles.isBlank()) return AdminUser.VIEWER;
        TreeSet<String> out = new TreeSet<>();
        for (String r : roles.split(",")) {
            String role = r.trim();
            if (!ROLES.contains(role)) throw AdminError.BAD_REQUEST.with("unknown role " + role + "; use " + ROLES);
            out.add(role);
        }
        return String.join(",", out);
    }
}
