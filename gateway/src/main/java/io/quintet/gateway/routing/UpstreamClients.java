package io.quintet.gateway.routing;

import io.quarkus.runtime.ShutdownEvent;
import io.quintet.gateway.config.GatewayConfig;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.net.impl.ConnectionBase;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The HTTP clients towards the upstreams, on Quarkus' Vert.x instance. Each event loop gets its own
 * client for plain requests: a pool creates its connections on the calling event loop, so a request
 * and its upstream connection stay on one thread instead of handing every read and write across
 * threads. WebSocket handshakes use a separate client, whose pool holds every open WebSocket's upstream
 * connection ({@code max-web-sockets-per-upstream}), so WebSockets never take the requests' slots.
 */
// @Singleton, not @ApplicationScoped: used on every proxied request, where a client proxy is pure overhead
@Singleton
public class UpstreamClients {

    private final Vertx vertx;
    private final HttpClientOptions requestOptions;
    private final PoolOptions requestPool;
    private final Map<Thread, HttpClient> perEventLoop = new ConcurrentHashMap<>();
    private final HttpClient shared;
    private final HttpClient upgrades;

    public UpstreamClients(Vertx vertx, GatewayConfig config) {
        this.vertx = vertx;
        int connectTimeout = (int) config.connectTimeout().toMillis();
        this.requestOptions = new HttpClientOptions()
                .setConnectTimeout(connectTimeout)
                .setKeepAlive(true)
                // shorter than the services' idle timeout, so the gateway never reuses a connection the service is
                // closing
                .setKeepAliveTimeout(30)
                .setTcpNoDelay(true)
                // 64 KiB instead of 8 KiB per body chunk: an eighth of the per-chunk work on large downloads
                .setMaxChunkSize(64 * 1024)
                .setDecompressionSupported(false);
        this.requestPool = new PoolOptions().setHttp1MaxSize(config.maxConnectionsPerUpstream());
        this.shared = requestClient();
        // keep-alive must stay on: without it Vert.x sends "Connection: close" instead of "Upgrade"
        this.upgrades = vertx.createHttpClient(
                new HttpClientOptions()
                        .setConnectTimeout(connectTimeout)
                        .setKeepAlive(true)
                        .setKeepAliveTimeout(1)
                        .setTcpNoDelay(true),
                // an upgraded connection keeps its slot until it closes (Vert.x 4.5 frees it only then), so this
                // pool is sized for open WebSockets, apart from the request pool; its slot array costs 4 bytes a slot
                new PoolOptions().setHttp1MaxSize(config.maxWebSocketsPerUpstream()));
    }

    private HttpClient requestClient() {
        return vertx.httpClientBuilder()
                .with(requestOptions)
                .with(requestPool)
                .withConnectHandler(UpstreamClients::keepReadingAfterWriteFailure)
                .build();
    }

    /**
     * A service that refuses a request body early (413, 401) answers and closes without reading the rest;
     * the gateway's next write then fails. Netty would close the channel at once and drop the answer
     * still unread in the socket; with auto-close off the write fails alone and the answer is read.
     */
    private static void keepReadingAfterWriteFailure(HttpConnection connection) {
        if (connection instanceof ConnectionBase base) {
            base.channel().config().setAutoClose(false);
        }
    }

    /** The client for the calling event loop (a shared one off the event loops, e.g. for health probes). */
    public HttpClient requests() {
        if (!Context.isOnEventLoopThread()) {
            return shared;
        }
        Thread thread = Thread.currentThread();
        HttpClient client = perEventLoop.get(thread);
        if (client == null) {
            client = perEventLoop.computeIfAbsent(thread, t -> requestClient());
        }
        return client;
    }

    public HttpClient upgrades() {
        return upgrades;
    }

    void close(@Observes ShutdownEvent event) {
        perEventLoop.values().forEach(HttpClient::close);
        shared.close();
        upgrades.close();
    }
}
