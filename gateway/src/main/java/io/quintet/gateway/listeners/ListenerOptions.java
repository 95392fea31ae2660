package io.quintet.gateway.listeners;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.tls.TlsConfiguration;
import io.quarkus.tls.TlsConfigurationRegistry;
import io.quarkus.vertx.http.runtime.VertxHttpBuildTimeConfig;
import io.quarkus.vertx.http.runtime.VertxHttpConfig;
import io.quarkus.vertx.http.runtime.options.HttpServerOptionsUtils;
import io.quintet.gateway.tls.ServerCertificates;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.KeyCertOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.List;
import java.util.Optional;

/**
 * Server options for listeners the gateway opens itself, built by the same Quarkus code that builds the
 * options of its listeners, so limits, timeouts, HTTP/2 windows, protocols, cipher suites and the key
 * store follow {@code quarkus.http.*} and {@code quarkus.tls.gateway.*} as they would on Quarkus' own.
 */
@ApplicationScoped
public class ListenerOptions {

    private final VertxHttpBuildTimeConfig buildConfig;
    private final VertxHttpConfig httpConfig;
    private final Instance<TlsConfigurationRegistry> registry;
    private final SwappableKeyManager keyManager;

    public ListenerOptions(
            VertxHttpBuildTimeConfig buildConfig,
            VertxHttpConfig httpConfig,
            Instance<TlsConfigurationRegistry> registry,
            SwappableKeyManager keyManager) {
        this.buildConfig = buildConfig;
        this.httpConfig = httpConfig;
        this.registry = registry;
        this.keyManager = keyManager;
    }

    public String host() {
        return httpConfig.host();
    }

    /** {@code quarkus.http.port} (or {@code test-port} in tests). */
    public int mainHttpPort() {
        return httpConfig.determinePort(LaunchMode.current());
    }

    /** {@code quarkus.http.ssl-port} (or {@code test-ssl-port} in tests). */
    public int mainHttpsPort() {
        return httpConfig.determineSslPort(LaunchMode.current());
    }

    /**
     * {@code quarkus.http.insecure-requests}, defaulted as Quarkus does (disabled when client certificates
     * are required); a redirect goes to {@code redirectHttpsPort} if given, else to the bound HTTPS port.
     */
    InsecureRequestPolicy insecureRequests(Optional<Integer> redirectHttpsPort) {
        return new InsecureRequestPolicy(
                HttpServerOptionsUtils.getInsecureRequestStrategy(httpConfig, buildConfig, LaunchMode.current()),
                redirectHttpsPort);
    }

    /** Whether plain-HTTP listeners serve requests (neither redirected nor closed). */
    public boolean plainServesRequests() {
        return insecureRequests(Optional.empty()).mode()
                == io.quarkus.vertx.http.runtime.VertxHttpConfig.InsecureRequests.ENABLED;
    }

    public HttpServerOptions plain(int port) {
        HttpServerOptions options = new HttpServerOptions();
        HttpServerOptionsUtils.applyCommonOptions(options, buildConfig, httpConfig, List.of());
        // WebSockets pass through as raw sockets: the gateway never speaks WebSocket itself, so Vert.x' extension
        // handler would only inspect every request and answer (and could rewrite a tunnelled handshake's 101)
        options.setPerMessageWebSocketCompressionSupported(false).setPerFrameWebSocketCompressionSupported(false);
        return options.setPort(port);
    }

    /**
     * A client may not start a new TLS 1.2 handshake on an open connection: each one costs the gateway a
     * full private-key operation, an easy CPU amplifier (TLS 1.3 has no renegotiation). The listeners always
     * use the JDK engine ({@link SessionResettingEngineOptions}), which reads this property when its first
     * server handshake happens, so it is set before any listener opens.
     */
    static void refuseClientInitiatedRenegotiation() {
        System.setProperty("jdk.tls.rejectClientInitiatedRenegotiation", "true");
    }

    /** With the "gateway" TLS configuration ({@code quarkus.tls.gateway.*}) and the gateway's certificate. */
    public HttpServerOptions secure(int port) throws Exception {
        TlsConfiguration tls = registry.get()
                .get(ServerCertificates.TLS_CONFIGURATION)
                .orElseThrow(() -> new IllegalStateException(
                        "the TLS configuration " + ServerCertificates.TLS_CONFIGURATION + " is missing"));
        refuseClientInitiatedRenegotiation();
        HttpServerOptions options = plain(port);
        // as Quarkus does for its HTTPS listener: ALPN offers h2 when HTTP/2 is on (the Linkora reference offers it
        // too)
        options.setUseAlpn(httpConfig.http2());
        HttpServerOptionsUtils.applyTlsConfigurationToHttpServerOptions(tls, options);
        // the same key store, asked on every handshake, so a new certificate applies at once (see SwappableKeyManager)
        keyManager.load();
        options.setKeyCertOptions(KeyCertOptions.wrap(keyManager));
        // and no TLS session from before a swap is resumed, which would carry on with the old certificate
        options.setSslEngineOptions(new SessionResettingEngineOptions(options.getSslEngineOptions(), keyManager));
        return options;
    }
}
