package io.quintet.gateway.listeners;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.http.runtime.VertxHttpRecorder;
import io.quintet.gateway.certificate.CertificateRoutes;
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
    private volatile ListenerGroup group;

    public MainListeners(Vertx vertx, ListenerOptions options, RouteProxies proxies, CertificateRoutes certificatePage) {
        this.vertx = vertx;
        this.options = options;
        this.proxies = proxies;
        this.certificatePage = certificatePage;
    }

    /** The bound HTTP port (the configured one before start). */
    public int httpPort() {
        ListenerGroup g = group;
        return g == null ? options.mainHttpPort() : g.httpPort();
    }

    public int httpsPort() {
        ListenerGroup g = group;
        return g == null ? options.mainHttpsPort() : g.httpsPort();
    }

    void start(@Observes @Priority(10) StartupEvent event) throws Exception {
        MainRequestHandler handler = new MainRequestHandler(proxies, certificatePage, VertxHttpRecorder.getRootHandler());
        group = ListenerGroup.open(vertx, options.plain(options.mainHttpPort()), options.secure(options.mainHttpsPort()),
                handler, RANDOM_PORT_KEY);
        LOG.infof("Listening on http://%s:%d and https://%s:%d", options.host(), httpPort(), options.host(), httpsPort());
    }

    void stop(@Observes ShutdownEvent event) throws Exception {
        ListenerGroup g = group;
        if (g != null) g.close();
    }
}
