package io.quintet.gateway.certificate;

import io.quintet.gateway.routing.RouteOrder;
import io.quintet.gateway.routing.RouteTable;
import io.quintet.gateway.tls.ServerCertificates;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.file.Files;
import org.jboss.logging.Logger;

/**
 * {@code GET|POST <linkora prefix>/generate/certs-and-keystore}, served by the gateway because it owns
 * TLS (protocols/linkora.md 7.8 and 11). POST checks the server token before anything happens, then
 * regenerates on a worker thread; the listener switches to the new certificate at once (the reference
 * needed a restart). The answer never reveals the data directory.
 */
@ApplicationScoped
public class CertificateRoutes {

    /** The page's path below the linkora prefix, and at the root of Linkora's own listeners. */
    public static final String PATH = "/generate/certs-and-keystore";

    static final String TEXT = "text/plain; charset=UTF-8";
    static final String GENERATED =
            "Certificates and keystore have been successfully generated in the gateway's data directory."
                    + " A ZIP file containing all these files is also saved in the same directory."
                    + " The gateway already serves the new certificate: import linkoraServerCert.cer into your apps again.";

    private static final Logger LOG = Logger.getLogger(CertificateRoutes.class);

    private final Vertx vertx;
    private final ServerCertificates certificates;
    private final LinkoraServerToken token;
    private final TokenThrottle throttle;
    private final String prefix;

    public CertificateRoutes(
            Vertx vertx,
            ServerCertificates certificates,
            LinkoraServerToken token,
            TokenThrottle throttle,
            RouteTable routes) {
        this.vertx = vertx;
        this.certificates = certificates;
        this.token = token;
        this.throttle = throttle;
        this.prefix = routes.named("linkora").map(r -> r.prefix()).orElse("/linkora");
    }

    /** Where the page is on the main listeners ({@code /linkora/generate/certs-and-keystore}). */
    public String pagePath() {
        return prefix + PATH;
    }

    void register(@Observes Router router) {
        router.route(prefix + PATH).order(RouteOrder.GATEWAY_PAGES).handler(rc -> handle(rc.request()));
    }

    /** Serves the page; also called by Linkora's own listeners, which have no router. */
    public void handle(HttpServerRequest request) {
        HttpServerResponse response = request.response();
        HttpMethod method = request.method();
        if (method == HttpMethod.GET) {
            response.putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=UTF-8")
                    .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                    .end(CertificatePage.HTML);
        } else if (method == HttpMethod.POST) {
            String client = clientAddress(request);
            TokenThrottle.Admission admission = throttle.admit(client);
            if (!admission.admitted()) {
                LOG.infof("certificate regeneration refused: too many wrong tokens from %s", client);
                response.setStatusCode(429)
                        .putHeader(HttpHeaders.CONTENT_TYPE, TEXT)
                        .putHeader(HttpHeaders.RETRY_AFTER, Long.toString(admission.retryAfterSeconds()))
                        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                        .end("Too many wrong tokens; try again in " + admission.retryAfterSeconds() + " seconds.");
                return;
            }
            String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
            boolean download = "true".equals(request.getParam("download"));
            vertx.executeBlocking(() -> regenerate(authorization, download, admission), false)
                    .onComplete(ar -> {
                        if (ar.succeeded()) {
                            Answer answer = ar.result();
                            response.setStatusCode(answer.status())
                                    .putHeader(HttpHeaders.CONTENT_TYPE, answer.contentType())
                                    .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                                    .end(answer.body());
                        } else {
                            LOG.error("certificate regeneration failed", ar.cause());
                            response.setStatusCode(500)
                                    .putHeader(HttpHeaders.CONTENT_TYPE, TEXT)
                                    .end("Certificate regeneration failed; see the gateway log.");
                        }
                    });
        } else {
            response.setStatusCode(405)
                    .putHeader(HttpHeaders.ALLOW, "GET, POST")
                    .end();
        }
    }

    /** The connection's address, never X-Forwarded-For, which a guesser writes himself. */
    private static String clientAddress(HttpServerRequest request) {
        io.vertx.core.net.SocketAddress remote =
                request.connection() == null ? null : request.connection().remoteAddress();
        return remote == null || remote.hostAddress() == null ? "unknown" : remote.hostAddress();
    }

    private record Answer(int status, String contentType, Buffer body) {
        static Answer text(int status, String text) {
            return new Answer(status, TEXT, Buffer.buffer(text));
        }
    }

    /** Blocking: token check (may read linkoraConfig.json), key generation, file writes. */
    private Answer regenerate(String authorization, boolean download, TokenThrottle.Admission admission)
            throws Exception {
        LinkoraServerToken.Check check = token.check(authorization);
        throttle.settle(admission, check.wrongToken());
        if (!check.accepted()) {
            LOG.infof("certificate regeneration refused (%d)", check.status());
            return Answer.text(check.status(), check.message());
        }
        if (!certificates.regenerable()) {
            return Answer.text(
                    409,
                    "The gateway serves an operator-provided certificate (quintet.gateway.tls.*); "
                            + "replace those files to change it.");
        }
        ServerCertificates.Regeneration done = certificates.regenerate();
        if (download) {
            return new Answer(200, "application/zip", Buffer.buffer(Files.readAllBytes(done.zip())));
        }
        return Answer.text(200, GENERATED);
    }
}
