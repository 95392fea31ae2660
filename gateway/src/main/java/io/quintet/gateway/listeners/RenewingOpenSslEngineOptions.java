package io.quintet.gateway.listeners;

import io.vertx.core.net.OpenSSLEngineOptions;
import io.vertx.core.spi.tls.SslContextFactory;

/**
 * BoringSSL (netty-tcnative) with {@link RenewingContextFactory}'s server contexts. BoringSSL never lets a
 * client renegotiate, and its session tickets belong to the context, so a renewed context ends them too.
 */
final class RenewingOpenSslEngineOptions extends OpenSSLEngineOptions {

    private final SwappableKeyManager keyManager;

    RenewingOpenSslEngineOptions(OpenSSLEngineOptions base, SwappableKeyManager keyManager) {
        super(base);
        this.keyManager = keyManager;
    }

    @Override
    public RenewingOpenSslEngineOptions copy() {
        return new RenewingOpenSslEngineOptions(this, keyManager);
    }

    @Override
    public SslContextFactory sslContextFactory() {
        return new RenewingContextFactory(super.sslContextFactory(), keyManager, true);
    }
}
