package io.quintet.gateway.routing;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.resolver.AddressResolverGroup;
import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.concurrent.ScheduledFuture;
import io.quarkus.runtime.ShutdownEvent;
import io.quintet.gateway.config.GatewayConfig;
import io.vertx.core.Vertx;
import io.vertx.core.impl.VertxInternal;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.io.File;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

/**
 * The kept-alive HTTP/1.1 connections to the upstreams for plain requests, as bare Netty channels: one
 * pool per event loop and upstream address, each connection created on the event loop of the client
 * connection that asked for it, so a request and its upstream connection never change threads. Holds at
 * most {@code max-connections-per-upstream} connections per pool; a request beyond that waits
 * {@code connect-timeout} for one to come back. Idle connections close after {@link #KEEP_ALIVE_SECONDS}.
 *
 * <p>Netty directly rather than the Vert.x HTTP client: the client's connection pool, request objects,
 * futures and context hops per request cost more CPU than the forwarding itself.
 */
@Singleton
public class UpstreamChannels {

    /** Shorter than the services' idle timeout, so the gateway never reuses a connection the service is closing. */
    static final long KEEP_ALIVE_SECONDS = 30;

    private static final long SWEEP_MILLIS = 1_000;
    /** 64 KiB instead of 8 KiB per body chunk: an eighth of the per-chunk work on large downloads. */
    private static final int MAX_CHUNK = 64 * 1024;

    /** What waits for a connection. Called on the pool's event loop. */
    interface Acquirer {
        void acquired(UpstreamConnection connection);

        void acquireFailed(Throwable cause);
    }

    private final ChannelFactory<? extends Channel> channels;
    private final AddressResolverGroup<InetSocketAddress> resolver;
    private final int connectTimeoutMillis;
    private final int maxPerUpstream;
    private final FastThreadLocal<Map<Upstream, Pool>> pools = new FastThreadLocal<>() {
        @Override
        protected Map<Upstream, Pool> initialValue() {
            return new IdentityHashMap<>();
        }
    };
    private final List<Pool> all = new ArrayList<>();
    private volatile SslContext tls;
    /** The configured trust anchors for https upstreams, or null for the JDK's trust store. */
    private final File trustCertificates;

    public UpstreamChannels(Vertx vertx, GatewayConfig config) {
        VertxInternal internal = (VertxInternal) vertx;
        this.channels = internal.transport().channelFactory(false);
        this.resolver = internal.nettyAddressResolverGroup();
        this.connectTimeoutMillis = (int) config.connectTimeout().toMillis();
        this.maxPerUpstream = config.maxConnectionsPerUpstream();
        this.trustCertificates =
                config.upstreamTrustCertificates().map(Path::toFile).orElse(null);
    }

    /** Lends a connection to {@code upstream} on {@code loop} (the calling thread's event loop). */
    void acquire(EventLoop loop, Upstream upstream, Acquirer acquirer) {
        Map<Upstream, Pool> mine = pools.get();
        Pool pool = mine.get(upstream);
        if (pool == null) {
            pool = new Pool(loop, upstream);
            mine.put(upstream, pool);
            synchronized (all) {
                all.add(pool);
            }
        }
        pool.acquire(acquirer);
    }

    void close(@Observes ShutdownEvent event) {
        List<Pool> snapshot;
        synchronized (all) {
            snapshot = new ArrayList<>(all);
        }
        for (Pool pool : snapshot) pool.loop.execute(pool::closeAll);
    }

    private SslContext tls() throws SSLException {
        SslContext context = tls;
        if (context == null) {
            synchronized (this) {
                context = tls;
                if (context == null) {
                    // the configured certificates or else the JDK's trust store, as the Vert.x clients
                    // (UpstreamClients); only for https:// upstreams
                    SslContextBuilder builder = SslContextBuilder.forClient().sslProvider(SslProvider.JDK);
                    if (trustCertificates != null) builder.trustManager(trustCertificates);
                    tls = context = builder.build();
                }
            }
        }
        return context;
    }

    /** The connections of one event loop to one upstream; touched only on that event loop. */
    final class Pool {
        final EventLoop loop;
        final Upstream upstream;
        private final Bootstrap bootstrap;
        private final ArrayDeque<UpstreamConnection> idle = new ArrayDeque<>();
        private final ArrayDeque<Waiter> waiting = new ArrayDeque<>();
        private int open;
        private ScheduledFuture<?> sweep;

        Pool(EventLoop loop, Upstream upstream) {
            this.loop = loop;
            this.upstream = upstream;
            this.bootstrap = new Bootstrap()
                    .group(loop)
                    .channelFactory(channels)
                    .resolver(resolver)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMillis)
                    // A service that refuses a body early (413, 401) answers and closes without reading the rest;
                    // the next write then fails. With auto-close on, Netty would close the channel at once and
                    // drop the answer still unread in the socket.
                    .option(ChannelOption.AUTO_CLOSE, false)
                    .handler(new ChannelInitializer<>() {
                        @Override
                        protected void initChannel(Channel channel) throws Exception {
                            ChannelPipeline pipeline = channel.pipeline();
                            if (upstream.ssl()) {
                                SslHandler ssl = tls().newHandler(channel.alloc(), upstream.host(), upstream.port());
                                SSLParameters parameters = ssl.engine().getSSLParameters();
                                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                                ssl.engine().setSSLParameters(parameters);
                                pipeline.addLast(ssl);
                            }
                            pipeline.addLast(new HttpClientCodec(
                                    new HttpDecoderConfig()
                                            .setMaxInitialLineLength(4096)
                                            .setMaxHeaderSize(8192)
                                            .setMaxChunkSize(MAX_CHUNK)
                                            // the service's headers are relayed, not interpreted
                                            .setHeadersFactory(DefaultHttpHeadersFactory.headersFactory()
                                                    .withValidation(false)),
                                    HttpClientCodec.DEFAULT_PARSE_HTTP_AFTER_CONNECT_REQUEST,
                                    HttpClientCodec.DEFAULT_FAIL_ON_MISSING_RESPONSE));
                            pipeline.addLast(new UpstreamConnection(Pool.this, channel));
                        }
                    });
        }

        void acquire(Acquirer acquirer) {
            UpstreamConnection connection;
            // the most recently used first: the oldest ones are left to expire
            while ((connection = idle.pollLast()) != null) {
                if (connection.channel.isActive()) {
                    acquirer.acquired(connection);
                    return;
                }
            }
            if (open < maxPerUpstream) {
                connect(acquirer);
            } else {
                waiting.add(new Waiter(acquirer, System.nanoTime() + connectTimeoutMillis * 1_000_000L));
                scheduleSweep();
            }
        }

        private void connect(Acquirer acquirer) {
            open++;
            String host = upstream.host();
            if (host.startsWith("[")) host = host.substring(1, host.length() - 1); // an IPv6 literal
            ChannelFuture connecting = bootstrap.connect(InetSocketAddress.createUnresolved(host, upstream.port()));
            connecting.addListener(done -> {
                if (!done.isSuccess()) {
                    open--;
                    acquirer.acquireFailed(done.cause());
                    serveWaiting();
                    return;
                }
                Channel channel = connecting.channel();
                UpstreamConnection connection = channel.pipeline().get(UpstreamConnection.class);
                channel.closeFuture().addListener(closed -> closed(connection));
                acquirer.acquired(connection);
            });
        }

        void release(UpstreamConnection connection, boolean reusable) {
            if (!reusable || !connection.channel.isActive()) {
                connection.channel.close();
                return;
            }
            Waiter next = waiting.poll();
            if (next != null) {
                next.acquirer.acquired(connection);
                return;
            }
            connection.idleSince = System.nanoTime();
            idle.addLast(connection);
            scheduleSweep();
        }

        private void closed(UpstreamConnection connection) {
            open--;
            idle.remove(connection);
            serveWaiting();
        }

        /** A connection slot came free: a waiting request gets a new connection. */
        private void serveWaiting() {
            if (open < maxPerUpstream) {
                Waiter next = waiting.poll();
                if (next != null) connect(next.acquirer);
            }
        }

        private void scheduleSweep() {
            if (sweep == null) {
                sweep = loop.scheduleAtFixedRate(this::sweep, SWEEP_MILLIS, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
            }
        }

        private void sweep() {
            long now = System.nanoTime();
            long keepAlive = TimeUnit.SECONDS.toNanos(KEEP_ALIVE_SECONDS);
            List<UpstreamConnection> expired = null;
            for (UpstreamConnection c : idle) {
                if (now - c.idleSince < keepAlive) break; // oldest first
                if (expired == null) expired = new ArrayList<>();
                expired.add(c);
            }
            if (expired != null) {
                for (UpstreamConnection c : expired) {
                    idle.remove(c);
                    c.channel.close();
                }
            }
            for (Iterator<Waiter> it = waiting.iterator(); it.hasNext(); ) {
                Waiter w = it.next();
                if (now - w.deadlineNanos >= 0) {
                    it.remove();
                    w.acquirer.acquireFailed(new TimeoutException("no connection to " + upstream + " came free within "
                            + connectTimeoutMillis + " ms (" + maxPerUpstream + " in use)"));
                }
            }
            if (idle.isEmpty() && waiting.isEmpty() && sweep != null) {
                sweep.cancel(false);
                sweep = null;
            }
        }

        void closeAll() {
            for (UpstreamConnection c : new ArrayList<>(idle)) c.channel.close();
            idle.clear();
        }
    }

    private record Waiter(Acquirer acquirer, long deadlineNanos) {}
}
