package io.quintet.gateway.listeners;

import io.netty.handler.ssl.OpenSsl;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.tls.TlsConfiguration;
import io.quarkus.tls.TlsConfigurationRegistry;
import io.quarkus.vertx.http.runtime.VertxHttpBuildTimeConfig;
import io.quarkus.vertx.http.runtime.VertxHttpConfig;
import io.quarkus.vertx.http.runtime.options.HttpServerOptionsUtils;
import io.quintet.gateway.config.GatewayConfig;
import io.quintet.gateway.tls.ServerCertificates;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.JdkSSLEngineOptions;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.OpenSSLEngineOptions;
import io.vertx.core.net.SSLEngineOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Server options for listeners the gateway opens itself, built by the same Quarkus code that builds the
 * options of its listeners, so limits, timeouts, HTTP/2 windows, protocols, cipher suites and the key
 * store follow {@code quarkus.http.*} and {@code quarkus.tls.gateway.*} as they would on Quarkus' own.
 */
@ApplicationScoped
public class ListenerOptions {

    private static final Logger LOG = Logger.getLogger(ListenerOptions.class);

    private final VertxHttpBuildTimeConfig buildConfig;
    private final VertxHttpConfig httpConfig;
    private final Instance<TlsConfigurationRegistry> registry;
    private final SwappableKeyManager keyManager;
    private final GatewayConfig config;
    private boolean engineLogged;

    public ListenerOptions(
            VertxHttpBuildTimeConfig buildConfig,
            VertxHttpConfig httpConfig,
            Instance<TlsConfigurationRegistry> registry,
            SwappableKeyManager keyManager,
            GatewayConfig config) {
        this.buildConfig = buildConfig;
        this.httpConfig = httpConfig;
        this.registry = registry;
        this.keyManager = keyManager;
        this.config = config;
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
     * full private-key operation, an easy CPU amplifier (TLS 1.3 has no renegotiation). BoringSSL refuses it
     * by itself; the JDK engine reads this property when its first server handshake happens, so it is set
     * before any listener opens.
     */
    static void refuseClientInitiatedRenegotiation() {
        System.setProperty("jdk.tls.rejectClientInitiatedRenegotiation", "true");
    }

    /** Whether the HTTPS listeners use BoringSSL rather than the JDK's TLS engine. */
    public boolean usesOpenSsl() {
        boolean openSsl = switch (config.tls().engine()) {
            case JDK -> false;
            case AUTO -> OpenSSLEngineOptions.isAvailable();
            case OPENSSL -> {
                if (!OpenSSLEngineOptions.isAvailable()) {
                    throw new IllegalStateException("quintet.gateway.tls.engine is openssl, but BoringSSL"
                            + " cannot load here: " + OpenSsl.unavailabilityCause());
                }
                yield true;
            }
        };
        if (!engineLogged) {
            engineLogged = true;
            LOG.infof("TLS engine of the HTTPS listeners: %s", openSsl ? OpenSsl.versionString() : "JDK");
        }
        return openSsl;
    }

    /**
     * The configured TLS engine, with server contexts renewed on every certificate swap so that no TLS
     * session from before it is resumed with the old certificate.
     */
    private SSLEngineOptions engineOptions(SSLEngineOptions base) {
        boolean openSsl = usesOpenSsl();
        return openSsl
                ? new RenewingOpenSslEngineOptions(
                        base instanceof OpenSSLEngineOptions o ? o : new OpenSSLEngineOptions(), keyManager)
                : new RenewingJdkEngineOptions(
                        base instanceof JdkSSLEngineOptions j ? j : new JdkSSLEngineOptions(), keyManager);
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
        options.setSslEngineOptions(engineOptions(options.getSslEngineOptions()));
        return options;
    }
}
