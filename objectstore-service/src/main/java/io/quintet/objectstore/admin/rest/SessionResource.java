package io.quintet.objectstore.admin.rest;

import io.quintet.objectstore.admin.AdminGuard;
import io.quintet.objectstore.admin.AdminSessions;
import io.quintet.objectstore.error.AdminError;
import io.quintet.objectstore.events.EventType;
import io.quintet.objectstore.events.LogEvents;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.TreeSet;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code POST /api/v2/sessions} (6.2): user name and password in, a session token out (also as an HttpOnly cookie for the web UI). */
@Path("/api/v2/sessions")
@Tag(name = "admin session")
public class SessionResource {

    public record Login(String username, String password) {}

    private final AdminSessions sessions;
    private final LogEvents events;

    public SessionResource(AdminSessions sessions, LogEvents events) {
        this.sessions = sessions;
        this.events = events;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Log in as an admin user; answers a bearer token for /api/v1 and /api/graphql")
    public Uni<Response> login(Login body) {
        if (body == null || body.username() == null || body.password() == null)
            return Uni.createFrom()
                    .item(AdminErrorMapper.body(AdminError.BAD_REQUEST, "username and password are required"));
        return sessions.login(body.username(), body.password()).chain(started -> {
            if (started.isEmpty()) {
                // stored before answering, so a burst of failures merges into one event in order
                return events.record(LogEvents.Event.of(
                                        EventType.Warning, "Admin", "admin login failed for user " + body.username())
                                .template("admin login failed")
                                .subject("admin-login"))
                        .onFailure()
                        .recoverWithNull()
                        .map(ok -> AdminErrorMapper.body(AdminError.BAD_CREDENTIALS, AdminError.BAD_CREDENTIALS.text));
            }
            var s = started.get();
            NewCookie cookie = new NewCookie.Builder(AdminGuard.COOKIE)
                    .value(s.token())
                    .path("/objectstore")
                    .httpOnly(true)
                    .sameSite(NewCookie.SameSite.STRICT)
                    .maxAge((int) java.time.Duration.between(java.time.OffsetDateTime.now(), s.expiresAt())
                            .toSeconds())
                    .build();
            return Uni.createFrom()
                    .item(Response.ok(Map.of(
                                    "token", s.token(),
                                    "user", s.caller().name(),
                                    "roles", new TreeSet<>(s.caller().roles()),
                                    "expiresAt", s.expiresAt().toString()))
                            .cookie(cookie)
                            .build());
        });
    }

    @DELETE
    @Operation(summary = "Log out: ends the session of the presented token or cookie")
    public Uni<Response> logout(
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @jakarta.ws.rs.CookieParam(AdminGuard.COOKIE) Cookie cookie) {
        String token = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorization.substring(7).trim()
                : cookie == null ? null : cookie.getValue();
        NewCookie cleared = new NewCookie.Builder(AdminGuard.COOKIE)
                .value("")
                .path("/objectstore")
                .httpOnly(true)
                .sameSite(NewCookie.SameSite.STRICT)
                .maxAge(0)
                .build();
        return sessions.logout(token)
                .map(ok -> Response.noContent().cookie(cleared).build());
    }
}
