package io.quintet.gateway.listeners;

import io.quintet.gateway.certificate.CertificateRoutes;
import io.quintet.gateway.routing.ErrorResponses;
import io.quintet.gateway.routing.PathMapping;
import io.quintet.gateway.routing.RouteProxy;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import org.jboss.logging.Logger;

/**
 * Every request on Linkora's own listeners: the certificate page at its reference path
 * ({@code /generate/certs-and-keystore}), everything else forwarded to the linkora route with the
 * route's prefix put in front ({@code /GET_UPDATES} → {@code /linkora/GET_UPDATES}, {@code /events}
 * → {@code /linkora/events}), through the same forwarding as the main listeners.
 */
final class LinkoraRootHandler implements Handler<HttpServerRequest> {

    private static final Logger LOG = Logger.getLogger(LinkoraRootHandler.class);

    private final RouteProxy linkora;
    private final PathMapping mapping;
    private final CertificateRoutes certificatePage;

    LinkoraRootHandler(RouteProxy linkora, CertificateRoutes certificatePage, boolean secure) {
        this.linkora = linkora;
        this.mapping = PathMapping.rootOf(linkora.route(), secure);
        this.certificatePage = certificatePage;
    }

    @Override
    public void handle(HttpServerRequest request) {
        try {
            if (CertificateRoutes.PATH.equals(request.path())) {
                certificatePage.handle(request);
            } else {
                linkora.handle(request, mapping);
            }
        } catch (RuntimeException e) {
            // there is no router here to turn a bug into an answer; never leave the client hanging
            LOG.errorf(e, "Linkora listener failed for %s %s", request.method(), request.path());
            ErrorResponses.send(request.response(), 500, "internal gateway error");
        }
    }
}
