package io.quintet.gateway.landing;

import io.quintet.gateway.config.GatewayConfig;
import io.quintet.gateway.health.UpstreamProbe;
import io.quintet.gateway.listeners.LinkoraListeners;
import io.quintet.gateway.listeners.MainListeners;
import io.quintet.gateway.routing.RouteOrder;
import io.quintet.gateway.routing.RouteTable;
import io.quintet.gateway.tls.LocalAddresses;
import io.quintet.gateway.tls.ServerCertificates;
import io.quintet.gateway.tls.ServerIdentity;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.util.Base64;
import java.util.Optional;

/**
 * {@code GET /}: the landing page; {@code GET /certificate.cer} and {@code /certificate.pem}: the
 * certificate being served, for importing into the Linkora app or a browser.
 */
@ApplicationScoped
public class LandingRoutes {

    private final UpstreamProbe probe;
    private final ServerCertificates certificates;
    private final GatewayConfig config;
    private final MainListeners listeners;
    private final String certificatePagePath;
    private final Optional<LandingPage.LinkoraPorts> linkoraPorts;

    public LandingRoutes(
            UpstreamProbe probe,
            ServerCertificates certificates,
            GatewayConfig config,
            MainListeners listeners,
            RouteTable routes,
            LinkoraListeners linkoraListeners) {
        this.probe = probe;
        this.linkoraPorts = linkoraListeners.enabled()
                ? Optional.of(new LandingPage.LinkoraPorts(
                        linkoraListeners.httpsPort(),
                        linkoraListeners.servesPlainHttp() ? linkoraListeners.httpPort() : -1))
                : Optional.empty();
        this.certificates = certificates;
        this.config = config;
        this.listeners = listeners;
        this.certificatePagePath =
                routes.named("linkora").map(r -> r.prefix()).orElse("/linkora") + "/generate/certs-and-keystore";
    }

    void register(@Observes Router router) {
        router.route(HttpMethod.GET, "/").order(RouteOrder.GATEWAY_PAGES).handler(this::landing);
        router.route(HttpMethod.GET, "/certificate.cer")
                .order(RouteOrder.GATEWAY_PAGES)
                .handler(this::certificateDer);
        router.route(HttpMethod.GET, "/certificate.pem")
                .order(RouteOrder.GATEWAY_PAGES)
                .handler(this::certificatePem);
    }

    private void landing(RoutingContext rc) {
        ServerIdentity identity = certificates.current();
        String host = config.publicHost().orElseGet(() -> hostOf(rc));
        int httpsPort = config.publicHttpsPort()
                .orElseGet(
                        () -> rc.request().isSSL() ? rc.request().localAddress().port() : listeners.httpsPort());
        int httpPort = !listeners.servesPlainHttp()
                ? -1
                : rc.request().isSSL()
                        ? listeners.httpPort()
                        : rc.request().localAddress().port();
        probe.probeAll().onComplete(ar -> {
            String html = LandingPage.render(
                    ar.result(), host, httpsPort, httpPort, identity, certificatePagePath, linkoraPorts);
            rc.response()
                    .putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=UTF-8")
                    .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                    .end(html);
        });
    }

    /** The host the browser used, unless that is loopback (a phone cannot dial this machine's localhost). */
    private static String hostOf(RoutingContext rc) {
        HostAndPort authority = rc.request().authority();
        String host = authority == null ? null : authority.host();
        if (host == null
                || host.isBlank()
                || host.equalsIgnoreCase("localhost")
                || host.startsWith("127.")
                || host.equals("[::1]")
                || host.equals("::1")) {
            return LocalAddresses.primaryHost();
        }
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    private void certificateDer(RoutingContext rc) {
        try {
            rc.response()
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/pkix-cert")
                    .putHeader("Content-Disposition", "attachment; filename=\"certificate.cer\"")
                    .end(io.vertx.core.buffer.Buffer.buffer(
                            certificates.current().leaf().getEncoded()));
        } catch (CertificateEncodingException e) {
            rc.fail(e);
        }
    }

    private void certificatePem(RoutingContext rc) {
        try {
            String body = "-----BEGIN CERTIFICATE-----\r\n"
                    + Base64.getMimeEncoder()
                            .encodeToString(certificates.current().leaf().getEncoded())
                    + "\r\n-----END CERTIFICATE-----\r\n";
            rc.response()
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/x-pem-file")
                    .putHeader("Content-Disposition", "attachment; filename=\"certificate.pem\"")
                    .end(io.vertx.core.buffer.Buffer.buffer(body.getBytes(StandardCharsets.US_ASCII)));
        } catch (CertificateEncodingException e) {
            rc.fail(e);
        }
    }
}
