package io.quintet.gateway.operational;

import io.quarkus.vertx.http.ManagementInterface;
import io.quintet.gateway.config.GatewayConfig;
import io.quintet.gateway.routing.RouteOrder;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * The gateway's own health and metrics live on the management interface ({@code quarkus.management.port}).
 * When an operator turns {@code quintet.gateway.operational-endpoints.public} on, the public listeners
 * serve them too, by handing {@code /q/*} to the management router; otherwise {@code /q/*} falls through
 * to the gateway's JSON 404 there.
 */
@ApplicationScoped
public class PublicOperationalEndpoints {

    private static final Logger LOG = Logger.getLogger(PublicOperationalEndpoints.class);

    private final boolean publicAccess;
    private volatile Router management;

    public PublicOperationalEndpoints(GatewayConfig config) {
        this.publicAccess = config.operationalEndpoints().publicAccess();
    }

    void management(@Observes ManagementInterface managementInterface) {
        management = managementInterface.router();
    }

    void register(@Observes Router router) {
        if (!publicAccess) {
            return;
        }
        LOG.warn("quintet.gateway.operational-endpoints.public is on: health, metrics and the services' operational "
                + "paths answer on the public listeners");
        router.route("/q/*").order(RouteOrder.GATEWAY_PAGES).handler(rc -> {
            Router target = management;
            if (target == null) {
                rc.next();
            } else {
                target.handle(rc.request());
            }
        });
    }
}
