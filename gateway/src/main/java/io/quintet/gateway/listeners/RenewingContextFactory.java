package io.quintet.gateway.listeners;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSslCachingX509KeyManagerFactory;
import io.netty.handler.ssl.SslContext;
import java.util.List;
import java.util.Set;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;

/**
 * Vert.x' own SSL context factory (JDK or OpenSSL), whose server contexts start afresh after each
 * certificate swap ({@link RenewingSslContext}). The key manager alone is not enough: a client that
 * resumes its TLS session (session cache or TLS 1.3 ticket) skips the certificate, so it would keep the
 * old one.
 */
final class RenewingContextFactory implements io.vertx.core.spi.tls.SslContextFactory {

    private final io.vertx.core.spi.tls.SslContextFactory delegate;
    private final SwappableKeyManager keyManager;
    private final boolean openSsl;
    private boolean forClient;

    RenewingContextFactory(
            io.vertx.core.spi.tls.SslContextFactory delegate, SwappableKeyManager keyManager, boolean openSsl) {
        this.delegate = delegate;
        this.keyManager = keyManager;
        this.openSsl = openSsl;
    }

    @Override
    public RenewingContextFactory useAlpn(boolean useAlpn) {
        delegate.useAlpn(useAlpn);
        return this;
    }

    @Override
    public RenewingContextFactory clientAuth(ClientAuth clientAuth) {
        delegate.clientAuth(clientAuth);
        return this;
    }

    @Override
    public RenewingContextFactory forClient(boolean forClient) {
        this.forClient = forClient;
        delegate.forClient(forClient);
        return this;
    }

    /**
     * With OpenSSL, the key and chain of an alias are converted to native form once per context instead of
     * on every handshake. That is safe here: {@link SwappableKeyManager}'s aliases name their certificate
     * generation, so a swapped certificate never shares an alias with the old one.
     */
    @Override
    public RenewingContextFactory keyMananagerFactory(KeyManagerFactory kmf) {
        delegate.keyMananagerFactory(openSsl && kmf != null ? new OpenSslCachingX509KeyManagerFactory(kmf) : kmf);
        return this;
    }

    @Override
    public RenewingContextFactory trustManagerFactory(TrustManagerFactory tmf) {
        delegate.trustManagerFactory(tmf);
        return this;
    }

    @Override
    public RenewingContextFactory enabledCipherSuites(Set<String> enabledCipherSuites) {
        delegate.enabledCipherSuites(enabledCipherSuites);
        return this;
    }

    @Override
    public RenewingContextFactory applicationProtocols(List<String> applicationProtocols) {
        delegate.applicationProtocols(applicationProtocols);
        return this;
    }

    @Override
    public RenewingContextFactory serverName(String serverName) {
        delegate.serverName(serverName);
        return this;
    }

    @Override
    public SslContext create() throws SSLException {
        return forClient ? delegate.create() : new RenewingSslContext(delegate::create, keyManager::generation);
    }
}
