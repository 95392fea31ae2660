package io.quintet.gateway.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every gateway setting. The environment forms used by the launcher ({@code QUINTET_UPSTREAM_<NAME>},
 * {@code QUINTET_DATA_DIR}, {@code LINKORA_*}) are mapped onto these names in application.properties.
 */
@ConfigMapping(prefix = "quintet.gateway")
public interface GatewayConfig {

    /** The suite's data directory; the gateway keeps its certificate in {@code <data-dir>/gateway}. */
    Path dataDir();

    /** Route name (linkora, kosync, ...) to its prefix and upstreams. */
    Map<String, RouteConfig> routes();

    /** Time allowed to open a connection to one upstream before the next replica is tried. */
    @WithDefault("1s")
    Duration connectTimeout();

    /**
     * A PEM file of the certificates (a private CA's, or the services' own) that {@code https://} upstreams are
     * verified against, instead of the JDK's trust store ({@code QUINTET_GATEWAY_UPSTREAM_TRUST_CERTIFICATES}).
     * The upstream's host name is checked against its certificate either way.
     */
    Optional<Path> upstreamTrustCertificates();

    /** Time an upstream has to start answering once the whole request has been forwarded. */
    @WithDefault("60s")
    Duration responseTimeout();

    /** Largest request body forwarded to an upstream (per route override possible). */
    @WithDefault("1G")
    MemorySize maxBodySize();

    /** How long an upstream that refused a connection is tried only after its healthy replicas. */
    @WithDefault("5s")
    Duration downBackoff();

    /**
     * Keep-alive connections the gateway may hold open to one upstream address, per event loop, for plain
     * HTTP requests. WebSockets do not count (see {@link #maxWebSocketsPerUpstream()}).
     */
    @WithDefault("256")
    int maxConnectionsPerUpstream();

    /**
     * WebSockets open through the gateway to one upstream address at once, independent of
     * {@link #maxConnectionsPerUpstream()}: an upgraded connection keeps its own slot in a separate pool until
     * it closes. A handshake beyond it waits {@code connect-timeout} for a slot, then gets a JSON 503.
     */
    @WithDefault("20000")
    int maxWebSocketsPerUpstream();

    /**
     * Plain HTTP/1.1 requests to a route are forwarded straight from the client connection's Netty pipeline,
     * without Vert.x' request and response objects; everything else (pages, HTTP/2, WebSocket upgrades,
     * unusual requests) still goes through Vert.x. Off: every request goes through Vert.x.
     */
    @WithDefault("true")
    boolean directForwarding();

    WebSockets webSockets();

    /** Health, metrics, OpenAPI and the services' own status pages on the public listeners. */
    OperationalEndpoints operationalEndpoints();

    /** Path appended to a route's prefix to ask an upstream whether it is ready. */
    @WithDefault("/q/health/ready")
    String upstreamHealthPath();

    /** Time one readiness probe of an upstream may take. */
    @WithDefault("1s")
    Duration healthProbeTimeout();

    /** Host name or IP shown on the landing page; default: the first LAN IPv4 address. */
    Optional<String> publicHost();

    /** HTTPS port shown on the landing page when clients reach the gateway through a port mapping. */
    Optional<Integer> publicHttpsPort();

    Tls tls();

    Linkora linkora();

    /** Brute-force protection of the certificate page's server token. */
    TokenThrottle tokenThrottle();

    interface RouteConfig {
        /** Path prefix; defaults to {@code /<route name>}. */
        Optional<String> prefix();

        /** Replica addresses, e.g. {@code http://10.0.0.1:8084}; none means the service is not running. */
        Optional<List<URI>> upstreams();

        Optional<MemorySize> maxBodySize();

        Optional<Duration> responseTimeout();

        /**
         * Port of the upstreams' Quarkus management interface, where their health lives; readiness is
         * then asked at {@code <upstream host>:<port>/q/health/ready}. Without it, at
         * {@code <prefix>/q/health/ready} on the upstream's own port.
         */
        Optional<Integer> managementPort();

        /**
         * Paths under the route's prefix that are operational rather than part of the protocol (health,
         * metrics, OpenAPI, status pages); refused on the public listeners unless
         * {@code operational-endpoints.public} is on.
         */
        @WithDefault("/q")
        List<String> operationalPaths();
    }

    interface WebSockets {
        /**
         * Largest frame a WebSocket client may send through the gateway; a larger one is closed with 1009.
         * It must be at least the largest frame a service accepts (kora's {@code KORA_MAX_FRAME_BYTES},
         * 32 MiB), or the gateway would refuse what the service allows.
         */
        @WithDefault("32M")
        MemorySize maxFrameSize();
    }

    interface OperationalEndpoints {
        /**
         * Also serve the gateway's own {@code /q/health*} and {@code /q/metrics}, and forward every route's
         * operational paths ({@code /<service>/q/*}, {@code /kora/status}), on the public listeners. Off by
         * default: these are for the management port ({@code quarkus.management.port}), which probes and
         * Prometheus use.
         */
        @WithName("public")
        @WithDefault("false")
        boolean publicAccess();
    }

    interface Tls {
        /** Operator certificate chain (PEM); used together with {@link #keyFile()}. */
        Optional<Path> certificateFile();

        /** Operator private key (PEM, PKCS#8 or PKCS#1, not encrypted). */
        Optional<Path> keyFile();

        /** Operator key store (PKCS#12 or JKS); used when no PEM pair is configured. */
        Optional<Path> keyStoreFile();

        Optional<String> keyStorePassword();

        /** PKCS12 or JKS; default: from the file name ({@code .jks} means JKS unless it is PKCS#12 inside). */
        Optional<String> keyStoreType();

        /** Alias of the key entry in the operator key store; default: the first key entry. */
        Optional<String> keyStoreAlias();

        /** Extra DNS names or IP addresses to put into the generated certificate. */
        Optional<List<String>> hostNames();

        /** Validity of a generated certificate. */
        @WithDefault("365d")
        Duration validity();

        /**
         * Re-issue the generated certificate with the same key when it misses a current local address or
         * configured host name, or expires within 30 days. Apps that imported the old certificate keep
         * trusting the new one because they verify against its public key.
         */
        @WithDefault("true")
        boolean reissueWhenOutdated();

        /** How often the certificate files are checked for replacement. */
        @WithDefault("10s")
        Duration watchInterval();

        /** {@code Strict-Transport-Security} on every HTTPS answer. */
        Hsts hsts();

        /**
         * TLS implementation of the HTTPS listeners: {@code openssl} (BoringSSL, bundled for Linux x86-64),
         * {@code jdk}, or {@code auto}, which takes BoringSSL where its native library loads and the JDK's
         * engine elsewhere.
         */
        @WithDefault("auto")
        Engine engine();
    }

    enum Engine {
        AUTO,
        OPENSSL,
        JDK
    }

    interface Hsts {
        @WithDefault("true")
        boolean enabled();

        /** How long browsers keep to HTTPS for the host (RFC 6797 {@code max-age}). */
        @WithDefault("365d")
        Duration maxAge();

        @WithDefault("false")
        boolean includeSubdomains();
    }

    interface TokenThrottle {
        /** Wrong tokens one client address may send within {@link #window()} before it is refused with 429. */
        @WithDefault("5")
        int maxFailures();

        /** Counted from a client's first wrong token; once it has passed, the client starts afresh. */
        @WithDefault("15m")
        Duration window();

        /**
         * Client addresses tracked at once (bounds the memory); when all are in use, further clients share
         * one counter, so a crowd of addresses cannot get unlimited guesses either.
         */
        @WithDefault("10000")
        int maxClients();
    }

    interface Linkora {
        /** The Linkora server token that guards the certificate page ({@code LINKORA_SERVER_AUTH_TOKEN}). */
        Optional<String> serverAuthToken();

        /** Password of the generated key store ({@code LINKORA_KEY_STORE_PASSWORD}). */
        Optional<String> keyStorePassword();

        /** A reference server's {@code linkoraConfig.json}, read for {@code serverAuthToken} and {@code keyStorePassword}. */
        Path configFile();

        /**
         * Also listen on the Linkora server's own ports, where the root is the linkora route
         * ({@code https://ip:54545/GET_UPDATES} goes to {@code /linkora/GET_UPDATES}). Off by default: it is
         * for installs that replaced a reference server and whose apps still have its URL (the app always
         * opens {@code wss://<its server URL>/events}).
         */
        @WithDefault("false")
        boolean listenersEnabled();

        /** Plain HTTP port of that pair (the reference's {@code serverPort}). */
        @WithDefault("45454")
        int httpPort();

        /** HTTPS port of that pair (the reference's {@code httpsPort}); same certificate and TLS settings as the main one. */
        @WithDefault("54545")
        int httpsPort();
    }
}
