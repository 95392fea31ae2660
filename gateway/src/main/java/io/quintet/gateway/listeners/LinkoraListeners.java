package io.quintet.gateway.listeners;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quintet.gateway.certificate.CertificateRoutes;
import io.quintet.gateway.config.GatewayConfig;
import io.quintet.gateway.routing.RouteProxies;
import io.quintet.gateway.routing.RouteProxy;
import io.vertx.core.Vertx;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Linkora's own listener pair (default 45454 HTTP, 54545 HTTPS), off unless
 * {@code quintet.gateway.linkora.listeners-enabled}: plain Vert.x servers on Quarkus' Vert.x instance
 * with the main listeners' options and certificate, where the root is the linkora route.
 */
@ApplicationScoped
public class LinkoraListeners {

    private static final Logger LOG = Logger.getLogger(LinkoraListeners.class);
    private static final int RANDOM_PORT_KEY = 20;

    private final Vertx vertx;
    private final GatewayConfig.Linkora settings;
    private final ListenerOptions options;
    private final RouteProxies proxies;
    private final CertificateRoutes certificatePage;
    private final GatewayConfig.Hsts hsts;
    private volatile ListenerGroup group;

    public LinkoraListeners(
            Vertx vertx,
            GatewayConfig config,
            ListenerOptions options,
            RouteProxies proxies,
            CertificateRoutes certificatePage) {
        this.vertx = vertx;
        this.settings = config.linkora();
        this.hsts = config.tls().hsts();
        this.options = options;
        this.proxies = proxies;
        this.certificatePage = certificatePage;
    }

    public boolean enabled() {
        return settings.listenersEnabled();
    }

    /** The HTTP port: the bound one once open (-1 if insecure requests are disabled), else the configured one. */
    public int httpPort() {
        ListenerGroup g = group;
        return g == null ? settings.httpPort() : g.httpPort();
    }

    /** Whether the HTTP port serves requests (not redirected to HTTPS nor closed, see quarkus.http.insecure-requests). */
    public boolean servesPlainHttp() {
        return options.plainServesRequests();
    }

    public int httpsPort() {
        ListenerGroup g = group;
        return g == null ? settings.httpsPort() : g.httpsPort();
    }

    // after the main listeners, so the main port is taken first when both are misconfigured to the same one
    void start(@Observes @Priority(20) StartupEvent event) throws Exception {
        if (!enabled()) {
            return;
        }
        RouteProxy linkora = proxies.named("linkora")
                .orElseThrow(() -> new IllegalStateException(
                        "quintet.gateway.linkora.listeners-enabled is set but there is no linkora route"));
        // an enabled listener that cannot open (port in use) stops the start, as the main listeners do
        group = ListenerGroup.open(
                vertx,
                options.plain(settings.httpPort()),
                options.secure(settings.httpsPort()),
                secure -> new LinkoraRootHandler(linkora, certificatePage, secure),
                options.insecureRequests(java.util.Optional.empty()),
                hsts,
                null,
                RANDOM_PORT_KEY);
        LOG.infof(
                "Linkora listeners on ports %d (HTTP) and %d (HTTPS) forward to route linkora under %s",
                httpPort(), httpsPort(), linkora.route().prefix());
    }

    void stop(@Observes ShutdownEvent event) throws Exception {
        ListenerGroup g = group;
        if (g != null) g.close();
    }
}
