package io.quintet.synkronus.auth.rest;

import io.quintet.synkronus.auth.service.AuthLimiter;
import io.quintet.synkronus.config.SynkronusConfig;
import io.quintet.synkronus.http.ClientVersion;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.OptionalLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The auth body cap of synkronus.md 4.4 (default 16 KiB), enforced before the body is read: a
 * declared Content-Length over the cap is answered 413 at once, and a body without a declared
 * length (chunked) is read only up to the cap. Runs ahead of the REST layer on login and refresh
 * of both generations; a request the version check will refuse (426) is left to it.
 */
@ApplicationScoped
public class AuthBodyCap {

    private static final List<String> PATHS =
            List.of("/api/auth/login", "/api/auth/refresh", "/auth/login", "/auth/refresh");

    private final AuthLimiter limiter;
    private final OptionalLong serverMajor;
    private final BodyHandler capped;

    public AuthBodyCap(AuthLimiter limiter, SynkronusConfig config) {
        this.limiter = limiter;
        this.serverMajor = ClientVersion.major(config.serverVersion());
        this.capped = BodyHandler.create(false).setBodyLimit(limiter.maxBodyBytes());
    }

    void install(@Observes Router router, @ConfigProperty(name = "quarkus.http.root-path") String rootPath) {
        String root = rootPath.endsWith("/") ? rootPath.substring(0, rootPath.length() - 1) : rootPath;
        for (String path : PATHS) {
            // the application router sits under the root path; registered with it too, in case it does not
            for (String full : new java.util.LinkedHashSet<>(List.of(path, root + path))) {
                router.post(full).order(-100).handler(this::cap).failureHandler(this::tooLarge);
            }
        }
    }

    private void cap(RoutingContext ctx) {
        if (ctx.normalizedPath().contains("/api/")
                && !ClientVersion.accepted(ctx.request().getHeader("x-ode-version"), serverMajor)) {
            ctx.next();
            return;
        }
        String length = ctx.request().getHeader("Content-Length");
        if (length == null) {
            // chunked: BodyHandler stops at the cap (and fails the route with 413, see tooLarge)
            capped.handle(ctx);
            return;
        }
        long declared;
        try {
            declared = Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            ctx.next();
            return;
        }
        if (declared > limiter.maxBodyBytes()) {
            refuse(ctx);
            return;
        }
        ctx.next();
    }

    private void tooLarge(RoutingContext ctx) {
        if (ctx.statusCode() == 413 && !ctx.response().headWritten()) {
            refuse(ctx);
        } else {
            ctx.next();
        }
    }

    /** The request counts against the IP's budget like any other (429 first when that is spent), then 413. */
    private void refuse(RoutingContext ctx) {
        String peer = ctx.request().remoteAddress() == null
                ? ""
                : ctx.request().remoteAddress().hostAddress();
        String ip = limiter.clientIp(
                peer, ctx.request().getHeader("X-Real-IP"), ctx.request().getHeader("X-Forwarded-For"));
        OptionalLong wait = limiter.chargeRequest(ip);
        int status = wait.isPresent() ? 429 : 413;
        JsonObject body = wait.isPresent()
                ? new JsonObject().put("error", "rate_limited").put("message", "Too many requests")
                : new JsonObject().put("error", "request_too_large").put("message", "Request body too large");
        var response = ctx.response()
                .setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                // the unread body would otherwise be taken for the next request on this connection
                .putHeader("Connection", "close");
        if (wait.isPresent()) {
            response.putHeader("Retry-After", Long.toString(wait.getAsLong()));
        }
        response.end(body.encode() + "\n");
    }
}
