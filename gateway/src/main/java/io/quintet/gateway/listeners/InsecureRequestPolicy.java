package io.quintet.gateway.listeners;

import io.quarkus.vertx.http.runtime.VertxHttpConfig.InsecureRequests;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import java.util.Optional;
import java.util.function.IntSupplier;

/**
 * What a plain-HTTP listener does, after {@code quarkus.http.insecure-requests} as on Quarkus' own
 * listeners: {@code enabled} serves as HTTPS does, {@code redirect} answers every request with a 301 to
 * HTTPS, {@code disabled} does not open the port at all.
 *
 * @param redirectHttpsPort the HTTPS port to redirect to when clients reach the gateway through a port
 *                          mapping ({@code quintet.gateway.public-https-port}); else the listener's own
 */
record InsecureRequestPolicy(InsecureRequests mode, Optional<Integer> redirectHttpsPort) {

    boolean opensPlainListener() {
        return mode != InsecureRequests.DISABLED;
    }

    /** The handler of the plain listener, given the handler of both and the bound HTTPS port. */
    Handler<HttpServerRequest> plainHandler(Handler<HttpServerRequest> handler, IntSupplier boundHttpsPort) {
        if (mode != InsecureRequests.REDIRECT) return handler;
        IntSupplier port = redirectHttpsPort.isPresent() ? redirectHttpsPort.get()::intValue : boundHttpsPort;
        return new HttpsRedirect(port);
    }
}
