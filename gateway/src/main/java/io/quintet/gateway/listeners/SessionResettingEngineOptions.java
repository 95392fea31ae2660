package io.quintet.gateway.listeners;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.vertx.core.net.JdkSSLEngineOptions;
import io.vertx.core.net.SSLEngineOptions;
import io.vertx.core.spi.tls.SslContextFactory;
import java.util.List;
import java.util.Set;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;

/**
 * The JDK TLS engine, with server contexts that start afresh after each certificate swap
 * ({@link RenewingSslContext}). The key manager alone is not enough: a client that resumes its TLS
 * session (session cache or TLS 1.3 ticket) skips the certificate, so it would keep the old one.
 */
final class SessionResettingEngineOptions extends JdkSSLEngineOptions {

    private final SwappableKeyManager keyManager;

    /** Keeps what Quarkus set on {@code base} (heap buffer pooling); {@code base} may be null. */
    SessionResettingEngineOptions(SSLEngineOptions base, SwappableKeyManager keyManager) {
        super(base instanceof JdkSSLEngineOptions jdk ? jdk : new JdkSSLEngineOptions());
        this.keyManager = keyManager;
    }

    @Override
    public SessionResettingEngineOptions copy() {
        return new SessionResettingEngineOptions(this, keyManager);
    }

    @Override
    public SslContextFactory sslContextFactory() {
        return new Factory(super.sslContextFactory());
    }

    /** Vert.x' own factory, whose server contexts are wrapped; it builds a fresh one on every swap. */
    private final class Factory implements SslContextFactory {
        private final SslContextFactory delegate;
        private boolean forClient;

        Factory(SslContextFactory delegate) {
            this.delegate = delegate;
        }

        @Override
        public SslContextFactory useAlpn(boolean useAlpn) {
            delegate.useAlpn(useAlpn);
            return this;
        }

        @Override
        public SslContextFactory clientAuth(ClientAuth clientAuth) {
            delegate.clientAuth(clientAuth);
            return this;
        }

        @Override
        public SslContextFactory forClient(boolean forClient) {
            this.forClient = forClient;
            delegate.forClient(forClient);
            return this;
        }

        @Override
        public SslContextFactory keyMananagerFactory(KeyManagerFactory kmf) {
            delegate.keyMananagerFactory(kmf);
            return this;
        }

        @Override
        public SslContextFactory trustManagerFactory(TrustManagerFactory tmf) {
            delegate.trustManagerFactory(tmf);
            return this;
        }

        @Override
        public SslContextFactory enabledCipherSuites(Set<String> enabledCipherSuites) {
            delegate.enabledCipherSuites(enabledCipherSuites);
            return this;
        }

        @Override
        public SslContextFactory applicationProtocols(List<String> applicationProtocols) {
            delegate.applicationProtocols(applicationProtocols);
            return this;
        }

        @Override
        public SslContextFactory serverName(String serverName) {
            delegate.serverName(serverName);
            return this;
        }

        @Override
        public SslContext create() throws SSLException {
            return forClient ? delegate.create() : new RenewingSslContext(delegate::create, keyManager::generation);
        }
    }
}
