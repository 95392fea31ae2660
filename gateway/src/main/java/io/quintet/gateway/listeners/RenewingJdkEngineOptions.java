package io.quintet.gateway.listeners;

import io.vertx.core.net.JdkSSLEngineOptions;
import io.vertx.core.spi.tls.SslContextFactory;

/** The JDK TLS engine with {@link RenewingContextFactory}'s server contexts. */
final class RenewingJdkEngineOptions extends JdkSSLEngineOptions {

    private final SwappableKeyManager keyManager;

    /** Keeps what Quarkus set on {@code base} (heap buffer pooling). */
    RenewingJdkEngineOptions(JdkSSLEngineOptions base, SwappableKeyManager keyManager) {
        super(base);
        this.keyManager = keyManager;
    }

    @Override
    public RenewingJdkEngineOptions copy() {
        return new RenewingJdkEngineOptions(this, keyManager);
    }

    @Override
    public SslContextFactory sslContextFactory() {
        return new RenewingContextFactory(super.sslContextFactory(), keyManager, false);
    }
}
