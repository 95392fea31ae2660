package io.quintet.gateway.routing;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpObject;
import io.netty.util.ReferenceCountUtil;

/**
 * One kept-alive HTTP/1.1 connection to an upstream, last in its channel's pipeline after the HTTP codec.
 * It carries one exchange at a time: the {@link Listener} it is lent to gets the decoded answer, the
 * connection's end and its failures; between exchanges it waits in its {@link UpstreamChannels} pool,
 * where anything the upstream sends unasked closes it.
 */
final class UpstreamConnection extends ChannelInboundHandlerAdapter {

    /** The exchange a connection is lent to. Every call comes on the connection's event loop. */
    interface Listener {
        /** A decoded part of the answer; the listener owns (and releases) it. */
        void upstreamRead(HttpObject part);

        /** The connection closed while lent. */
        void upstreamClosed();

        /** A read or write failed; the connection may still deliver what was already received. */
        void upstreamFailed(Throwable cause);

        /** The connection's outbound buffer crossed its high or low water mark. */
        void upstreamWritable(boolean writable);
    }

    final UpstreamChannels.Pool pool;
    final Channel channel;
    Listener listener;
    /** When it was last returned to the pool ({@link System#nanoTime()}). */
    long idleSince;

    UpstreamConnection(UpstreamChannels.Pool pool, Channel channel) {
        this.pool = pool;
        this.channel = channel;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Listener l = listener;
        if (l == null || !(msg instanceof HttpObject part)) {
            // an upstream talking while idle (or after its exchange gave it up) cannot be trusted with the next one
            ReferenceCountUtil.release(msg);
            ctx.close();
            return;
        }
        l.upstreamRead(part);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        Listener l = listener;
        if (l != null) {
            listener = null;
            l.upstreamClosed();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Listener l = listener;
        if (l == null) {
            ctx.close();
        } else {
            l.upstreamFailed(cause);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        Listener l = listener;
        if (l != null) l.upstreamWritable(ctx.channel().isWritable());
    }

    /** Ends the loan: back to the pool when {@code reusable} and still open, closed otherwise. */
    void release(boolean reusable) {
        listener = null;
        pool.release(this, reusable);
    }

    /** Ends the loan and closes the connection (what it carried is unfinished or no longer wanted). */
    void abandon() {
        listener = null;
        channel.close();
    }
}
