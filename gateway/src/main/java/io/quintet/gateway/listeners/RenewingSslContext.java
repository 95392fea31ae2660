package io.quintet.gateway.listeners;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ApplicationProtocolNegotiator;
import io.netty.handler.ssl.SslContext;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.IntSupplier;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSessionContext;

/**
 * A server SSL context that is rebuilt, with the same settings, once the certificate generation has
 * changed. The new context has an empty session cache and new session-ticket keys, so no session from
 * before the swap can be resumed: every connection after the swap makes a full handshake and gets the
 * new certificate. Connections already open keep their engines.
 */
final class RenewingSslContext extends SslContext {

    /** Builds a context with the listener's settings; called again after every swap. */
    interface Builder {
        SslContext build() throws SSLException;
    }

    private record Built(int generation, SslContext context) {}

    private final Builder builder;
    private final IntSupplier generation;
    private volatile Built current;

    RenewingSslContext(Builder builder, IntSupplier generation) throws SSLException {
        this.builder = builder;
        this.generation = generation;
        int g = generation.getAsInt();
        this.current = new Built(g, builder.build());
    }

    /** One volatile read per connection; the rebuild happens on the first connection after a swap. */
    private SslContext context() {
        Built built = current;
        int g = generation.getAsInt();
        return built.generation() == g ? built.context() : renew(g);
    }

    private synchronized SslContext renew(int g) {
        Built built = current;
        if (built.generation() != g) {
            try {
                built = new Built(g, builder.build());
            } catch (SSLException e) {
                throw new UncheckedIOException(e);
            }
            current = built;
        }
        return built.context();
    }

    @Override
    public boolean isClient() {
        return false;
    }

    @Override
    public List<String> cipherSuites() {
        return context().cipherSuites();
    }

    @Override
    @SuppressWarnings("deprecation")
    public ApplicationProtocolNegotiator applicationProtocolNegotiator() {
        return context().applicationProtocolNegotiator();
    }

    @Override
    public SSLEngine newEngine(ByteBufAllocator alloc) {
        return context().newEngine(alloc);
    }

    @Override
    public SSLEngine newEngine(ByteBufAllocator alloc, String peerHost, int peerPort) {
        return context().newEngine(alloc, peerHost, peerPort);
    }

    @Override
    public SSLSessionContext sessionContext() {
        return context().sessionContext();
    }
}
