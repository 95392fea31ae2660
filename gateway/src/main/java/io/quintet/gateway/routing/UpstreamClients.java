package io.quintet.gateway.routing;

import io.quarkus.runtime.ShutdownEvent;
import io.quintet.gateway.config.GatewayConfig;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.net.PemTrustOptions;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * The Vert.x HTTP clients towards the upstreams, on Quarkus' Vert.x instance: one for readiness probes
 * and one for WebSocket handshakes, whose pool holds every open WebSocket's upstream connection
 * ({@code max-web-sockets-per-upstream}). Plain proxied requests use {@link UpstreamChannels}.
 */
@Singleton
public class UpstreamClients {

    private final HttpClient probes;
    private final HttpClient upgrades;

    public UpstreamClients(Vertx vertx, GatewayConfig config) {
        int connectTimeout = (int) config.connectTimeout().toMillis();
        // https upstreams: the configured certificates or else the JDK's trust store, and the host name checked
        PemTrustOptions trust = config.upstreamTrustCertificates()
                .map(path -> new PemTrustOptions().addCertPath(path.toString()))
                .orElse(null);
        this.probes = vertx.createHttpClient(
                new HttpClientOptions()
                        .setTrustOptions(trust)
                        .setVerifyHost(true)
                        .setConnectTimeout(connectTimeout)
                        .setKeepAlive(true)
                        // shorter than the services' idle timeout, so a probe never reuses a connection being closed
                        .setKeepAliveTimeout(30)
                        .setTcpNoDelay(true)
                        .setDecompressionSupported(false),
                new PoolOptions().setHttp1MaxSize(16));
        // keep-alive must stay on: without it Vert.x sends "Connection: close" instead of "Upgrade"
        this.upgrades = vertx.createHttpClient(
                new HttpClientOptions()
                        .setTrustOptions(trust)
                        .setVerifyHost(true)
                        .setConnectTimeout(connectTimeout)
                        .setKeepAlive(true)
                        .setKeepAliveTimeout(1)
                        .setTcpNoDelay(true),
                // an upgraded connection keeps its slot until it closes (Vert.x 4.5 frees it only then), so this
                // pool is sized for open WebSockets, apart from the request pool; its slot array costs 4 bytes a slot
                new PoolOptions().setHttp1MaxSize(config.maxWebSocketsPerUpstream()));
    }

    /** The client for readiness probes. */
    public HttpClient probes() {
        return probes;
    }

    public HttpClient upgrades() {
        return upgrades;
    }

    void close(@Observes ShutdownEvent event) {
        probes.close();
        upgrades.close();
    }
}
