package io.quintet.gateway.listeners;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.http.runtime.VertxHttpRecorder;
import io.quintet.gateway.certificate.CertificateRoutes;
import io.quintet.gateway.config.GatewayConfig;
import io.quintet.gateway.routing.DirectForwarding;
import io.quintet.gateway.routing.RouteProxies;
import io.vertx.core.Vertx;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * The gateway's main HTTP and HTTPS listeners ({@code quarkus.http.port}, {@code quarkus.http.ssl-port}).
 * The gateway opens them itself instead of Quarkus ({@code quarkus.http.host-enabled=false}) so that
 * proxied requests skip Quarkus' per-request wrappers and router (see {@link MainRequestHandler});
 * everything else is handed to Quarkus' own handler chain unchanged. Same options as Quarkus would use,
 * and the certificate comes from {@link SwappableKeyManager}, which follows every regeneration.
 */
@ApplicationScoped
public class MainListeners {

    private static final Logger LOG = Logger.getLogger(MainListeners.class);
    private static final int RANDOM_PORT_KEY = 10;

    private final Vertx vertx;
    private final ListenerOptions options;
    private final RouteProxies proxies;
    private final CertificateRoutes certificatePage;
    private final GatewayConfig config;
    private volatile ListenerGroup group;

    public MainListeners(
            Vertx vertx,
            ListenerOptions options,
            RouteProxies proxies,
            CertificateRoutes certificatePage,
            GatewayConfig config) {
        this.config = config;
        this.vertx = vertx;
        this.options = options;
        this.proxies = proxies;
        this.certificatePage = certificatePage;
    }

    /** The bound HTTP port (the configured one before start), -1 if insecure requests are disabled. */
    public int httpPort() {
        ListenerGroup g = group;
        return g == null ? options.mainHttpPort() : g.httpPort();
    }

    /** Whether the HTTP port serves requests (not redirected to HTTPS nor closed, see quarkus.http.insecure-requests). */
    public boolean servesPlainHttp() {
        return options.plainServesRequests();
    }

    public int httpsPort() {
        ListenerGroup g = group;
        return g == null ? options.mainHttpsPort() : g.httpsPort();
    }

    void start(@Observes @Priority(10) StartupEvent event) throws Exception {
        java.util.function.Function<Boolean, io.vertx.core.Handler<io.vertx.core.http.HttpServerRequest>> handler =
                secure -> new MainRequestHandler(proxies, certificatePage, VertxHttpRecorder.getRootHandler(), secure);
        // clients behind a port mapping are redirected to the HTTPS port they can reach
        InsecureRequestPolicy insecure = options.insecureRequests(config.publicHttpsPort());
        CharSequence hsts = FrontDoor.hstsValue(config.tls().hsts());
        java.util.function.Function<Boolean, io.vertx.core.Handler<io.vertx.core.http.HttpConnection>> connections =
                config.directForwarding()
                        ? secure -> new DirectForwarding(
                                proxies.all(), certificatePage.pagePath(), secure, secure ? hsts : null)::install
                        : null;
        group = ListenerGroup.open(
                vertx,
                options.plain(options.mainHttpPort()),
                options.secure(options.mainHttpsPort()),
                handler,
                insecure,
                config.tls().hsts(),
                connections,
                RANDOM_PORT_KEY);
        if (httpPort() < 0) {
            LOG.infof(
                    "Listening on https://%s:%d (plain HTTP closed: insecure requests disabled)",
                    options.host(), httpsPort());
        } else {
            LOG.infof(
                    "Listening on http://%s:%d (insecure requests %s) and https://%s:%d",
                    options.host(),
                    httpPort(),
                    insecure.mode().name().toLowerCase(java.util.Locale.ROOT),
                    options.host(),
                    httpsPort());
        }
    }

    void stop(@Observes ShutdownEvent event) throws Exception {
        ListenerGroup g = group;
        if (g != null) g.close();
    }
}
