package io.quintet.synkronus.http;

import io.quintet.synkronus.auth.TokenService;
import io.quintet.synkronus.config.SynkronusConfig;
import io.quintet.synkronus.error.PlainText;
import io.quintet.synkronus.user.service.PresenceRecorder;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Response;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalLong;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * The /api middleware chain of synkronus.md 2.1 for matched routes (an unknown path is a plain
 * 404 before any of this): client version (426) → token (401) → presence heartbeat → role (403).
 */
public class ApiGuard {

    private final TokenService tokens;
    private final RequestState state;
    private final PresenceRecorder presence;
    private final String serverVersion;
    private final OptionalLong serverMajor;

    public ApiGuard(TokenService tokens, RequestState state, PresenceRecorder presence, SynkronusConfig config) {
        this.tokens = tokens;
        this.state = state;
        this.presence = presence;
        this.serverVersion = config.serverVersion();
        this.serverMajor = ClientVersion.major(serverVersion);
    }

    @ServerRequestFilter
    public Optional<Response> guard(ContainerRequestContext request, ResourceInfo resource) {
        Method method = resource.getResourceMethod();
        if (method == null || !isApi(resource)) {
            return Optional.empty();
        }
        Allowed allowed = method.getAnnotation(Allowed.class);
        if (allowed == null) {
            allowed = resource.getResourceClass().getAnnotation(Allowed.class);
        }
        return check(request, !method.isAnnotationPresent(NoToken.class), allowed == null ? null : allowed.value());
    }

    /**
     * The middleware for a request refused before its route was matched (a multipart route sent
     * another body type): the version, token and role checks still come first (synkronus.md 2.1),
     * with the route's roles given by the caller; empty when the request passes them.
     */
    public Optional<Response> beforeMatch(ContainerRequestContext request, Role... allowed) {
        return check(request, true, allowed.length == 0 ? null : allowed);
    }

    private Optional<Response> check(ContainerRequestContext request, boolean tokenRequired, Role[] allowed) {
        if (!state.legacy()) {
            Optional<Response> refused = checkVersion(request.getHeaderString("x-ode-version"));
            if (refused.isPresent()) {
                return refused;
            }
        }
        if (!tokenRequired) {
            return Optional.empty();
        }
        Optional<Caller> caller = tokens.verifyAccess(request.getHeaderString("Authorization"));
        if (caller.isEmpty()) {
            return Optional.of(PlainText.unauthorized());
        }
        state.caller(caller.get());
        presence.heartbeat(
                caller.get().username(),
                request.getHeaderString("x-ode-client-id"),
                request.getHeaderString("x-ode-version"));
        if (allowed != null
                && Arrays.stream(allowed).noneMatch(r -> r == caller.get().role())) {
            return Optional.of(PlainText.forbidden());
        }
        return Optional.empty();
    }

    private static boolean isApi(ResourceInfo resource) {
        jakarta.ws.rs.Path path = resource.getResourceClass().getAnnotation(jakarta.ws.rs.Path.class);
        return path != null && (path.value().startsWith("/api") || path.value().startsWith("api"));
    }

    private Optional<Response> checkVersion(String header) {
        if (ClientVersion.accepted(header, serverMajor)) {
            return Optional.empty();
        }
        // refused: say why
        String message;
        if (header == null || header.isBlank()) {
            message = "missing x-ode-version header; please update your client";
        } else {
            OptionalLong client = ClientVersion.major(header);
            if (client.isEmpty()) {
                message = "x-ode-version must be a valid semantic version (got '" + header.trim() + "')";
            } else if (serverMajor.isEmpty()) {
                message = "server version " + serverVersion + " is not a valid semantic version";
            } else {
                message = "client version " + header.trim() + " is not compatible with server version " + serverVersion;
            }
        }
        return Optional.of(Response.status(426)
                .header("x-synkronus-version", serverVersion)
                .type("application/json")
                .entity(new VersionMismatch(message, serverVersion))
                .build());
    }
}
