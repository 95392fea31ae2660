package io.quintet.synkronus.auth.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.quintet.synkronus.auth.TokenPair;
import io.quintet.synkronus.auth.TokenService;
import io.quintet.synkronus.auth.service.AuthLimiter;
import io.quintet.synkronus.error.ErrorBody;
import io.quintet.synkronus.error.SynkronusError;
import io.quintet.synkronus.http.JsonBodies;
import io.quintet.synkronus.http.NoToken;
import io.quintet.synkronus.user.service.UserService;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.OptionalLong;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Login and refresh (synkronus.md 4.2–4.4), behind the abuse limiter and a 25 s handler timeout. */
@Path("/api/auth")
@Produces(MediaType.APPLICATION_JSON)
public class AuthResource {

    private static final Duration HANDLER_TIMEOUT = Duration.ofSeconds(25);

    private final AuthLimiter limiter;
    private final UserService users;
    private final TokenService tokens;
    private final JsonBodies json;
    private final io.quintet.synkronus.metrics.SynkronusMetrics metrics;

    public AuthResource(
            AuthLimiter limiter,
            UserService users,
            TokenService tokens,
            JsonBodies json,
            io.quintet.synkronus.metrics.SynkronusMetrics metrics) {
        this.metrics = metrics;
        this.limiter = limiter;
        this.users = users;
        this.tokens = tokens;
        this.json = json;
    }

    @POST
    @Path("/login")
    @NoToken
    @Operation(summary = "Log in with username and password; answers an access and a refresh token")
    public Uni<Response> login(byte[] body, @Context HttpServerRequest request) {
        String ip = clientIp(request);
        Response refused = admit(ip, body);
        if (refused != null) {
            return Uni.createFrom().item(refused);
        }
        JsonNode node = json.tree(body, SynkronusError.INVALID_REQUEST_FORMAT);
        String username = text(node, "username");
        String password = text(node, "password");
        if (username.length() > 255 || password.length() > 1024) {
            return Uni.createFrom().item(limited(400, "invalid_request", "username or password too long", 0));
        }
        if (!username.isEmpty()) {
            OptionalLong wait = limiter.loginBlocked(ip, username);
            if (wait.isPresent()) {
                return Uni.createFrom()
                        .item(limited(429, "rate_limited", "Too many failed login attempts", wait.getAsLong()));
            }
        }
        if (username.isEmpty()) {
            throw SynkronusError.USERNAME_REQUIRED.exception();
        }
        if (password.isEmpty()) {
            throw SynkronusError.PASSWORD_REQUIRED.exception();
        }
        return users.authenticate(username, password)
                .map(user -> {
                    if (user == null) {
                        limiter.chargeFailure(ip, username);
                        metrics.loginRefused();
                        throw SynkronusError.INVALID_CREDENTIALS.exception();
                    }
                    return ok(tokens.issue(user.id.toString(), user.username, user.role));
                })
                .ifNoItem()
                .after(HANDLER_TIMEOUT)
                .recoverWithItem(AuthResource::timedOut);
    }

    @POST
    @Path("/refresh")
    @NoToken
    @Operation(summary = "Exchange a refresh token for a new access and refresh token")
    public Uni<Response> refresh(byte[] body, @Context HttpServerRequest request) {
        Response refused = admit(clientIp(request), body);
        if (refused != null) {
            return Uni.createFrom().item(refused);
        }
        JsonNode node = json.tree(body, SynkronusError.INVALID_REQUEST_FORMAT);
        String token = text(node, "refreshToken");
        if (token.length() > 16384) {
            return Uni.createFrom().item(limited(400, "invalid_request", "refreshToken too long", 0));
        }
        if (token.isEmpty()) {
            throw SynkronusError.REFRESH_TOKEN_REQUIRED.exception();
        }
        var claims = tokens.verifyRefresh(token).orElseThrow(() -> SynkronusError.INVALID_REFRESH_TOKEN.exception());
        String username = claims.getClaim("username");
        return users.find(username)
                .map(user -> {
                    if (user == null) {
                        throw SynkronusError.INVALID_REFRESH_TOKEN.exception("user not found");
                    }
                    return ok(tokens.issue(user.id.toString(), user.username, user.role));
                })
                .ifNoItem()
                .after(HANDLER_TIMEOUT)
                .recoverWithItem(AuthResource::timedOut);
    }

    private String clientIp(HttpServerRequest request) {
        String peer =
                request.remoteAddress() == null ? "" : request.remoteAddress().hostAddress();
        return limiter.clientIp(peer, request.getHeader("X-Real-IP"), request.getHeader("X-Forwarded-For"));
    }

    /** The per-IP budget and the body cap, before anything is parsed. */
    private Response admit(String ip, byte[] body) {
        OptionalLong wait = limiter.chargeRequest(ip);
        if (wait.isPresent()) {
            return limited(429, "rate_limited", "Too many requests", wait.getAsLong());
        }
        if (body != null && body.length > limiter.maxBodyBytes()) {
            return limited(413, "request_too_large", "Request body too large", 0);
        }
        return null;
    }

    private Response limited(int status, String code, String message, long retryAfter) {
        if (status == 429) {
            metrics.loginRefused();
        }
        Response.ResponseBuilder answer = Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorBody(code, message, null));
        if (retryAfter > 0) {
            answer.header("Retry-After", Long.toString(retryAfter));
        }
        return answer.build();
    }

    private static Response ok(TokenPair pair) {
        return Response.ok(pair, MediaType.APPLICATION_JSON_TYPE).build();
    }

    private static Response timedOut() {
        return Response.status(503)
                .header("Content-Type", "text/plain; charset=utf-8")
                .entity("request timeout\n".getBytes(StandardCharsets.UTF_8))
                .build();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? "" : value.isTextual() ? value.asText() : value.toString();
    }
}
