package io.quintet.gateway.routing;

import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * One client connection's front handler, just before Vert.x' own (see {@link DirectForwarding}). Requests it
 * accepts are forwarded one at a time by a {@link DirectExchange}; a pipelined request that arrives while
 * one is under way waits its turn. The first request it does not accept goes to Vert.x, and so does
 * everything after it: from then on the handler only passes messages on. It also keeps the connection's
 * idle timeout, for Vert.x' requests too ({@link IdleConnections}).
 */
final class DirectConnection extends ChannelDuplexHandler {

    private static final long LINGER_CHECK_MILLIS = 250;

    final DirectForwarding forwarding;
    final Channel channel;
    ChannelHandlerContext ctx;
    /** Vert.x has the connection from now on. */
    private boolean handedOff;
    /** The request being forwarded. */
    private DirectExchange current;
    /** What arrived while {@link #current} was under way: pipelined requests, in order. */
    private ArrayDeque<Object> held;
    /** The rest of a body nobody reads any more is dropped until its end. */
    private boolean discarding;
    /** Reading and dropping the client's body, then closing (see {@link LingeringClose}). */
    private boolean lingering;

    private long lingerStart;
    private long lastData;
    private ScheduledFuture<?> lingerCheck;
    private String clientAddress;
    private String localPort;

    /** The idle timeout this handler keeps instead of Netty's IdleStateHandler (see {@link IdleConnections}), 0 for none. */
    final long idleTimeoutNanos;
    /** Read or written since the last sweep. */
    boolean active = true;

    long idleSince;
    DirectConnection idlePrevious;
    DirectConnection idleNext;
    IdleConnections idleOwner;

    DirectConnection(DirectForwarding forwarding, Channel channel, long idleTimeoutNanos) {
        this.forwarding = forwarding;
        this.channel = channel;
        this.idleTimeoutNanos = idleTimeoutNanos;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        if (idleTimeoutNanos > 0) IdleConnections.watch(channel.eventLoop(), this);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        active = true;
        ctx.write(msg, promise);
    }

    /** The client's IP address, as X-Forwarded-For carries it. */
    String clientAddress() {
        String address = clientAddress;
        if (address == null) {
            SocketAddress remote = channel.remoteAddress();
            address = remote instanceof InetSocketAddress inet && inet.getAddress() != null
                    ? inet.getAddress().getHostAddress()
                    : "unknown";
            clientAddress = address;
        }
        return address;
    }

    /** The listener's port as X-Forwarded-Port carries it, null when unknown. */
    String localPortText() {
        String port = localPort;
        if (port == null && channel.localAddress() instanceof InetSocketAddress inet && inet.getPort() > 0) {
            localPort = port = Integer.toString(inet.getPort());
        }
        return port;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        active = true;
        if (handedOff) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (lingering) {
            boolean last = msg instanceof LastHttpContent;
            ReferenceCountUtil.release(msg);
            lastData = System.nanoTime();
            if (last || !(msg instanceof HttpContent)) ctx.close();
            return;
        }
        DirectExchange exchange = current;
        if (exchange != null) {
            if (exchange.receivingBody && msg instanceof HttpContent content) {
                exchange.bodyPart(content);
            } else {
                hold(msg);
            }
            return;
        }
        if (discarding && msg instanceof HttpContent) {
            if (msg instanceof LastHttpContent) discarding = false;
            ReferenceCountUtil.release(msg);
            return;
        }
        discarding = false;
        if (msg instanceof HttpRequest request) {
            HttpForwarder forwarder = forwarding.accepts(request);
            if (forwarder != null) {
                current = new DirectExchange(this, forwarder, request);
                current.start();
                return;
            }
        }
        handOff(msg);
    }

    private void hold(Object msg) {
        if (held == null) held = new ArrayDeque<>(4);
        held.add(msg);
        // one pipelined batch is enough to hold: read the rest when its turn comes
        channel.config().setAutoRead(false);
    }

    /** Everything from {@code msg} on goes to Vert.x. */
    private void handOff(Object msg) {
        handedOff = true;
        ctx.fireChannelRead(msg);
        ArrayDeque<Object> waiting = held;
        held = null;
        if (waiting != null) {
            Object next;
            while ((next = waiting.poll()) != null) ctx.fireChannelRead(next);
        }
    }

    /**
     * The exchange has written its whole answer. {@code close}: its last write closes the connection;
     * {@code linger}: read and drop what the client still sends, then close; otherwise a body still arriving
     * ({@code bodyUnread}) is dropped and the next request is served.
     */
    void exchangeDone(boolean close, boolean linger, boolean bodyUnread) {
        current = null;
        if (linger) {
            startLingering();
            releaseHeld();
            return;
        }
        if (close) {
            releaseHeld();
            return; // the last write closes it
        }
        discarding = bodyUnread;
        if (!channel.config().isAutoRead()) channel.config().setAutoRead(true);
        ArrayDeque<Object> waiting = held;
        if (waiting == null || waiting.isEmpty()) return;
        boolean passed = false;
        Object next;
        while ((next = waiting.peek()) != null) {
            DirectExchange exchange = current;
            // the next request waits for the one just started, but that one's own body goes to it now
            if (exchange != null && !(exchange.receivingBody && next instanceof HttpContent)) break;
            waiting.poll();
            channelRead(ctx, next);
            passed |= handedOff;
        }
        // handed over outside a read: the new exchange and Vert.x both flush what they got when a read completes
        DirectExchange started = current;
        if (started != null) started.readComplete();
        if (passed) ctx.fireChannelReadComplete();
    }

    private void releaseHeld() {
        ArrayDeque<Object> waiting = held;
        held = null;
        if (waiting == null) return;
        Object next;
        while ((next = waiting.poll()) != null) ReferenceCountUtil.release(next);
    }

    /** As {@link LingeringClose}: drop the client's body until it ends or falls silent, then close. */
    private void startLingering() {
        lingering = true;
        discarding = false;
        lingerStart = lastData = System.nanoTime();
        ctx.flush();
        channel.config().setAutoRead(true);
        lingerCheck = ctx.executor()
                .scheduleAtFixedRate(
                        () -> {
                            long now = System.nanoTime();
                            if (now - lastData > TimeUnit.MILLISECONDS.toNanos(LingeringClose.IDLE_MILLIS)
                                    || now - lingerStart > TimeUnit.MILLISECONDS.toNanos(LingeringClose.MAX_MILLIS)) {
                                ctx.close();
                            }
                        },
                        LINGER_CHECK_MILLIS,
                        LINGER_CHECK_MILLIS,
                        TimeUnit.MILLISECONDS);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        DirectExchange exchange = current;
        if (exchange != null) {
            current = null;
            exchange.clientGone();
        }
        releaseHeld();
        ScheduledFuture<?> check = lingerCheck;
        if (check != null) check.cancel(false);
        IdleConnections idle = idleOwner;
        if (idle != null) idle.remove(this);
        ctx.fireChannelInactive();
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        DirectExchange exchange = current;
        if (exchange != null) exchange.readComplete();
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        DirectExchange exchange = current;
        if (exchange != null) exchange.clientWritable(channel.isWritable());
        ctx.fireChannelWritabilityChanged();
    }
}
