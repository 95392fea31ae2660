package io.quintet.kosync.http;

import io.quintet.kosync.config.KosyncConfig;
import io.quintet.kosync.error.KosyncError;
import io.quintet.protocol.auth.AdminBearer;
import io.quintet.protocol.http.BodyLimit;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.impl.RoutingContextInternal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Framing rules that hold for every route before any resource runs: the exact response
 * {@code Content-Type}, the admin token, the optional strict {@code Accept} check, the 64 KiB body limit, and JSON
 * bodies for paths no resource serves. Health, metrics and OpenAPI under {@code /q/} keep their
 * own framing.
 */
@ApplicationScoped
public class ProtocolRoutes {

    /** Before the REST layer, which Quarkus registers at a positive order. */
    public static final int FILTER_ORDER = -200;

    /** Spec 10: protocol bodies over 64 KiB are refused with 413 . */
    private static final BodyLimit PROTOCOL_BODY = new BodyLimit(JsonBody.MAX_PROTOCOL_BODY);

    private final KosyncConfig config;
    private final JsonReply reply;
    private static final Logger LOG = Logger.getLogger(ProtocolRoutes.class);

    /** The admin API's only credential: {@code Authorization: Bearer <KOSYNC_ADMIN_TOKEN>}; without one it admits no one. */
    private final AdminBearer adminToken;

    private final String rootPath;

    public ProtocolRoutes(
            KosyncConfig config,
            JsonReply reply,
            @ConfigProperty(name = "quarkus.http.root-path", defaultValue = "/") String rootPath) {
        this.config = config;
        this.reply = reply;
        this.adminToken = AdminBearer.of(config.admin().token());
        if (!adminToken.enabled()) {
            LOG.info("admin API disabled: set KOSYNC_ADMIN_TOKEN to enable it");
        }
        this.rootPath = rootPath.endsWith("/") ? rootPath.substring(0, rootPath.length() - 1) : rootPath;
    }

    void register(@Observes Router router) {
        router.route().order(FILTER_ORDER).handler(this::frame);
        // what Vert.x or Quarkus would answer instead of a resource (no Host, no route, an unhandled
        // failure) comes from KosyncFallbacks through the shared ServiceFallbacks
    }

    private void frame(RoutingContext ctx) {
        String path = relative(ctx.normalizedPath());
        if (path.startsWith("/q/") || path.equals("/q")) {
            ctx.next();
            return;
        }
        // Set last, whatever produced the answer (resource, mapper or Vert.x itself): some
        // layers append "; charset=..." and KOReader 2025.04 decodes only the bare value.
        ctx.addHeadersEndHandler(v -> {
            if (ctx.request().method() == HttpMethod.OPTIONS && ctx.response().getStatusCode() == 200) {
                // the framework's automatic OPTIONS answer has no body: say so, a 200 must carry JSON (spec 4.2)
                ctx.response().setStatusCode(204);
                return;
            }
            ctx.response().headers().set(HttpHeaders.CONTENT_TYPE, JsonReply.JSON);
        });
        boolean admin = path.equals("/admin") || path.startsWith("/admin/");
        if (admin
                && adminToken.check(ctx.request().getHeader(HttpHeaders.AUTHORIZATION))
                        != AdminBearer.Verdict.ADMITTED) {
            end(ctx, KosyncError.UNAUTHORIZED);
            return;
        }
        if (admin && carriesNul(ctx.request().uri())) {
            // PostgreSQL refuses NUL in text: a name or id with one can match nothing (issue 17)
            end(ctx, KosyncError.ADMIN_INVALID_REQUEST);
            return;
        }
        if (!admin && config.acceptMode() == KosyncConfig.AcceptMode.strict) {
            Optional<KosyncError> refused = AcceptRule.check(ctx.request().getHeader(HttpHeaders.ACCEPT));
            if (refused.isPresent()) {
                end(ctx, refused.get());
                return;
            }
        }
        if (!admin && BodyLimit.carriesBody(ctx.request().method()) && PROTOCOL_BODY.declaredTooLarge(ctx.request())) {
            // refused before reading a byte, and the connection closed rather than drained (a chunked
            // body is cut at the limit below)
            BodyLimit.refuseAndClose(ctx.request(), () -> end(ctx, KosyncError.BODY_TOO_LARGE));
            return;
        }
        if (!admin && BodyLimit.carriesBody(ctx.request().method()) && BodyLimit.bodyPending(ctx.request())) {
            readProtocolBody(ctx);
            return;
        }
        ctx.next();
    }

    /**
     * Reads a protocol body (spec 10: at most 64 KiB) before any route sees it, so that no route
     * (the REST resources included, whose own limit is the admin import's) ever reads more: a
     * chunked body is cut with 413 as soon as it passes the limit, and the connection is then
     * closed rather than drained. The routes find the body on the routing context. Every request is
     * HTTP/1.x: the service turns HTTP/2 off ({@code quarkus.http.http2=false}), which no KOReader
     * needs and whose streams the REST layer could not take a body read ahead of it from.
     */
    private void readProtocolBody(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        if (request.version() == HttpVersion.HTTP_1_1
                && "100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))) {
            ctx.response().writeContinue();
        }
        PROTOCOL_BODY.read(request).onComplete(read -> {
            if (read.succeeded()) {
                RoutingContextInternal routing = (RoutingContextInternal) ctx;
                routing.setBody(read.result());
                // ctx.body().available(), as after Vert.x' BodyHandler
                routing.visitHandler(RoutingContextInternal.BODY_HANDLER);
                ctx.next();
            } else if (read.cause() instanceof BodyLimit.TooLarge) {
                BodyLimit.refuseAndClose(request, () -> end(ctx, KosyncError.BODY_TOO_LARGE));
            } else if (!ctx.response().ended()) {
                // the client went away or broke the framing mid-body: nobody to answer
                request.connection().close();
            }
        });
    }

    /** A NUL in the path or query, escaped ({@code %00}) or raw. */
    static boolean carriesNul(String uri) {
        return uri != null
                && (uri.indexOf('\0') >= 0
                        || uri.toLowerCase(java.util.Locale.ROOT).contains("%00"));
    }

    private String relative(String path) {
        if (path == null) {
            return "/";
        }
        if (!rootPath.isEmpty() && path.startsWith(rootPath)) {
            String rest = path.substring(rootPath.length());
            return rest.isEmpty() ? "/" : rest;
        }
        return path;
    }

    private void end(RoutingContext ctx, KosyncError error) {
        if (ctx.response().ended()) {
            return;
        }
        byte[] body = reply.bytes(new ErrorBody(error.code, error.message));
        ctx.response()
                .setStatusCode(error.status)
                .putHeader(HttpHeaders.CONTENT_TYPE, JsonReply.JSON)
                .end(Buffer.buffer(body));
    }
}
