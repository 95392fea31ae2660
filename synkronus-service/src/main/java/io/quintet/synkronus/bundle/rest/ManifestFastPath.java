package io.quintet.synkronus.bundle.rest;

import io.quintet.synkronus.auth.TokenService;
import io.quintet.synkronus.bundle.service.BundleService;
import io.quintet.synkronus.config.SynkronusConfig;
import io.quintet.synkronus.http.Caller;
import io.quintet.synkronus.http.ClientVersion;
import io.quintet.synkronus.user.service.PresenceRecorder;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.impl.HttpServerRequestInternal;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The app bundle manifest as a plain Vert.x route in front of the REST layer: every device asks for
 * it at start, so a fleet starting together is a burst of exactly this request. It answers only the
 * common case, a current client with a valid token on {@code GET /api/app-bundle/manifest} and no
 * query: the same checks in the same order as {@code ApiGuard} (version, token, presence; the route
 * has no role rule) and the same answer as {@link BundleResource#manifest}. Anything else (a refused
 * version or token, a query, a legacy path, HEAD) goes on to the REST route, which gives the
 * protocol's own answer; nothing is recorded before that hand-over.
 *
 * <p>The route sits after the CORS filter (priority 300) and before Quarkus' authentication filter
 * (200), which this service does not use (tokens are checked here and in {@code ApiGuard}): behind
 * that filter, Quarkus' REST observability hook builds a whole request mapper on every request just
 * to name the route for the HTTP metrics (about an eighth of this route's CPU). The route names its
 * template itself, so the metrics count it under the same {@code uri} as the REST route.
 */
@ApplicationScoped
public class ManifestFastPath {

    private static final String JSON = "application/json";
    /** The REST route's template, under which the HTTP server metrics count this request. */
    private static final String TEMPLATE = "/api/app-bundle/manifest";
    /** Where Quarkus' HTTP metrics read a request's route template (the request context's locals). */
    private static final String TEMPLATE_KEY = "UrlPathTemplate";
    /** After the CORS filter (priority 300: order -300), before authentication (200: order -200). */
    private static final int ORDER = -250;

    private final TokenService tokens;
    private final PresenceRecorder presence;
    private final BundleService bundles;
    private final OptionalLong serverMajor;

    public ManifestFastPath(
            TokenService tokens, PresenceRecorder presence, BundleService bundles, SynkronusConfig config) {
        this.tokens = tokens;
        this.presence = presence;
        this.bundles = bundles;
        this.serverMajor = ClientVersion.major(config.serverVersion());
    }

    void install(@Observes Router router, @ConfigProperty(name = "quarkus.http.root-path") String rootPath) {
        String root = rootPath.endsWith("/") ? rootPath.substring(0, rootPath.length() - 1) : rootPath;
        // the application router sits under the root path; registered with it too, in case it does not
        for (String full : new LinkedHashSet<>(List.of(TEMPLATE, root + TEMPLATE))) {
            router.get(full).order(ORDER).handler(this::manifest);
        }
    }

    private void manifest(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        String odeVersion = request.getHeader("x-ode-version");
        if (request.query() != null || !ClientVersion.accepted(odeVersion, serverMajor)) {
            ctx.next();
            return;
        }
        Optional<Caller> caller = tokens.verifyAccess(request.getHeader("Authorization"));
        if (caller.isEmpty()) {
            ctx.next();
            return;
        }
        if (request instanceof HttpServerRequestInternal internal) {
            internal.context().putLocal(TEMPLATE_KEY, TEMPLATE);
        }
        String user = caller.get().username();
        String clientId = request.getHeader("x-ode-client-id");
        String ifNoneMatch = request.getHeader("If-None-Match");
        presence.heartbeat(user, clientId, odeVersion);
        bundles.manifest()
                .subscribe()
                .with(
                        m -> {
                            String etag = m.etag();
                            presence.bundleVersion(user, clientId, m.version(), odeVersion);
                            HttpServerResponse response = ctx.response();
                            if (etag.equals(ifNoneMatch)) {
                                response.setStatusCode(304)
                                        .putHeader("ETag", etag)
                                        .end();
                                return;
                            }
                            response.putHeader("Content-Type", JSON)
                                    .putHeader("ETag", etag)
                                    .end(Buffer.buffer(m.json()));
                        },
                        // a failure is the REST route's to answer, with the error catalogue's body
                        failure -> ctx.next());
    }
}
