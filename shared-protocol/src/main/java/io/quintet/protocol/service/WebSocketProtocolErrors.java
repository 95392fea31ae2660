package io.quintet.protocol.service;

import io.quintet.protocol.websocket.ProtocolErrorClose;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Every WebSocket upgrade of the service gets {@link ProtocolErrorClose}: broken frames end with 1002/1009. */
@ApplicationScoped
public class WebSocketProtocolErrors {

    void route(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(context -> {
            ProtocolErrorClose.install(context.request());
            context.next();
        });
    }
}
