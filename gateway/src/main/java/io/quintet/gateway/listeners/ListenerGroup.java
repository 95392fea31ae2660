package io.quintet.gateway.listeners;

import io.quarkus.vertx.http.runtime.VertxHttpConfig;
import io.quintet.gateway.config.GatewayConfig;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.util.concurrent.TimeUnit;

/**
 * A plain and a TLS listener with one request handler, opened as one verticle instance per event loop:
 * instances listening on the same port share it (Vert.x hands connections round-robin), so connections
 * spread over the event loops as on Quarkus' own listeners. A connection handler, when given, sees every new
 * connection before its first request (the main listeners put {@code DirectForwarding} in front there). Port 0 becomes a negative port, which
 * Vert.x resolves to one random port shared by all instances (Quarkus does the same).
 */
final class ListenerGroup {

    private final Vertx vertx;
    private volatile int httpPort = -1;
    private volatile int httpsPort;
    private volatile String deployment;

    private ListenerGroup(Vertx vertx) {
        this.vertx = vertx;
    }

    /**
     * Opens both listeners (the plain one as {@code insecure} says) or fails (e.g. a port in use); blocks,
     * so call it off the event loops.
     */
    static ListenerGroup open(
            Vertx vertx,
            HttpServerOptions plain,
            HttpServerOptions secure,
            java.util.function.Function<Boolean, Handler<HttpServerRequest>> handlerFor,
            InsecureRequestPolicy insecure,
            GatewayConfig.Hsts hsts,
            java.util.function.Function<Boolean, Handler<HttpConnection>> connectionsFor,
            int randomPortKey)
            throws Exception {
        ListenerGroup group = new ListenerGroup(vertx);
        HttpServerOptions http = insecure.opensPlainListener() ? new HttpServerOptions(plain) : null;
        HttpServerOptions https = new HttpServerOptions(secure);
        if (http != null && http.getPort() == 0) http.setPort(-randomPortKey);
        if (https.getPort() == 0) https.setPort(-randomPortKey - 1);
        group.httpsPort = Math.max(https.getPort(), 0);
        // a handler per listener, so each knows whether it serves TLS without asking every request
        FrontDoor plainHandler = FrontDoor.plain(insecure.plainHandler(handlerFor.apply(false), group::httpsPort));
        FrontDoor secureHandler = FrontDoor.secure(handlerFor.apply(true), hsts);
        // connections of a plain listener that redirects or refuses requests are left to Vert.x alone
        Handler<HttpConnection> plainConnections =
                connectionsFor == null || insecure.mode() != VertxHttpConfig.InsecureRequests.ENABLED
                        ? null
                        : connectionsFor.apply(false);
        Handler<HttpConnection> secureConnections = connectionsFor == null ? null : connectionsFor.apply(true);
        int instances = 2 * Runtime.getRuntime().availableProcessors();
        group.deployment = vertx.deployVerticle(
                        () -> group
                        .new Instance(http, plainHandler, plainConnections, https, secureHandler, secureConnections),
                        new DeploymentOptions().setInstances(instances))
                .toCompletionStage()
                .toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
        return group;
    }

    /** The bound plain port, or -1 when {@code quarkus.http.insecure-requests=disabled} kept it closed. */
    int httpPort() {
        return httpPort;
    }

    int httpsPort() {
        return httpsPort;
    }

    void close() throws Exception {
        String id = deployment;
        if (id != null) {
            deployment = null;
            vertx.undeploy(id).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    /** One event loop's pair of servers. */
    private final class Instance extends AbstractVerticle {
        private final HttpServerOptions plain;
        private final FrontDoor plainHandler;
        private final Handler<HttpConnection> plainConnections;
        private final HttpServerOptions secure;
        private final FrontDoor handler;
        private final Handler<HttpConnection> secureConnections;

        Instance(
                HttpServerOptions plain,
                FrontDoor plainHandler,
                Handler<HttpConnection> plainConnections,
                HttpServerOptions secure,
                FrontDoor handler,
                Handler<HttpConnection> secureConnections) {
            this.plain = plain;
            this.plainHandler = plainHandler;
            this.plainConnections = plainConnections;
            this.secure = secure;
            this.handler = handler;
            this.secureConnections = secureConnections;
        }

        @Override
        public void start(Promise<Void> started) {
            // HTTPS first, so a redirect from the plain port always knows the bound HTTPS port
            HttpServer https =
                    vertx.createHttpServer(secure).requestHandler(handler).invalidRequestHandler(handler::invalid);
            if (secureConnections != null) https.connectionHandler(secureConnections);
            https.listen()
                    .compose(bound -> {
                        httpsPort = bound.actualPort();
                        if (plain == null) return Future.succeededFuture();
                        HttpServer http = vertx.createHttpServer(plain)
                                .requestHandler(plainHandler)
                                .invalidRequestHandler(plainHandler::invalid);
                        if (plainConnections != null) http.connectionHandler(plainConnections);
                        return http.listen()
                                .onSuccess(server -> httpPort = server.actualPort())
                                .mapEmpty();
                    })
                    .onComplete(ar -> {
                        if (ar.succeeded()) {
                            started.complete();
                        } else {
                            started.fail(ar.cause());
                        }
                    });
        }
    }
}
