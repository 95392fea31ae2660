package io.quintet.gateway.routing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.core.net.impl.NetSocketInternal;

/**
 * The bytes of one upgraded WebSocket connection, relayed between the client's and the upstream's Netty
 * channels by a handler in front of Vert.x' own on each side, without Vert.x' buffers, write queues and
 * context hops per read (issue 19). A read is written to the other channel and flushed once per completed
 * read; a side stops reading while the other channel is unwritable. Client bytes pass the
 * {@link ClientFrameGuard} first. Closing and idle timeouts stay with Vert.x' sockets, which still see every
 * channel event but the data.
 */
final class TunnelRelay {

    /** Name of the relay handler in both pipelines. */
    static final String HANDLER_NAME = "quintet-ws-relay";

    private static final String VERTX_HANDLER = "handler";

    /** What to do when the guard refuses a client frame. */
    interface Refusal {
        void refused(ClientFrameGuard guard);
    }

    private final ClientFrameGuard guard;
    private final Refusal refusal;
    final Side client;
    final Side upstream;
    /** A client frame was refused: the client's bytes are dropped from now on. */
    volatile boolean refused;

    /** @param upstreamConnection the upgraded connection to the upstream, whose socket is {@code upstreamSocket} */
    TunnelRelay(NetSocket clientSocket, HttpConnection upstreamConnection, ClientFrameGuard guard, Refusal refusal) {
        this.guard = guard;
        this.refusal = refusal;
        this.client = new Side(((NetSocketInternal) clientSocket).channelHandlerContext(), true);
        // the upstream's socket is a view on its HTTP connection; Vert.x' handler is still named "handler"
        Channel upstreamChannel = ((ConnectionBase) upstreamConnection).channel();
        this.upstream = new Side(upstreamChannel.pipeline().context(VERTX_HANDLER), false);
        client.peer = upstream;
        upstream.peer = client;
    }

    /**
     * Puts the relay into both pipelines. Call on the client's event loop; bytes Vert.x had already read (the
     * upstream's socket is paused since the 101) are relayed first.
     */
    void start(NetSocket clientSocket, NetSocket upstreamSocket) {
        clientSocket.handler(buffer -> client.leftover(buffer));
        upstreamSocket.handler(buffer -> upstream.leftover(buffer));
        client.install();
        // Vert.x drains what it holds in a task on the upstream's loop; the relay is installed in the next one
        upstreamSocket.resume();
        upstream.out.executor().execute(upstream::install);
    }

    /** Drops the client's bytes from now on, sends the upstream what came before the refused frame and closes it. */
    private void refuse(ByteBuf data, int goodBytes) {
        refused = true;
        ChannelHandlerContext out = upstream.out;
        if (goodBytes > 0) out.write(data.retainedSlice(data.readerIndex(), goodBytes), out.voidPromise());
        data.release();
        upstream.stopped = true;
        upstream.channel.config().setAutoRead(false);
        out.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        // read and drop what the client still sends, even if the upstream's back-pressure had stopped it
        client.channel.config().setAutoRead(true);
        refusal.refused(guard);
    }

    /** One direction's reading end: the channel it reads from, writing to {@link #peer}'s. */
    final class Side extends ChannelInboundHandlerAdapter {
        /** Vert.x' handler context of this channel: writes from here pass every handler in front of it. */
        final ChannelHandlerContext out;

        final Channel channel;
        private final boolean fromClient;
        Side peer;
        /** Wrote to the peer since the last flush. */
        private boolean unflushed;
        /** A read went on to Vert.x' handler since the last read-complete. */
        private boolean passedOn;
        /** Reads no more (the upstream after a refusal). */
        volatile boolean stopped;

        Side(ChannelHandlerContext out, boolean fromClient) {
            this.out = out;
            this.channel = out.channel();
            this.fromClient = fromClient;
        }

        void install() {
            if (channel.pipeline().get(HANDLER_NAME) == null) {
                channel.pipeline().addBefore(out.name(), HANDLER_NAME, this);
            }
        }

        /** Bytes Vert.x read before the relay was in place. */
        void leftover(Buffer buffer) {
            relay(Unpooled.wrappedBuffer(buffer.getBytes()));
            flushPeer();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof ByteBuf data) {
                relay(data);
            } else {
                passedOn = true;
                ctx.fireChannelRead(msg);
            }
        }

        private void relay(ByteBuf data) {
            if (fromClient) {
                if (refused) {
                    ReferenceCountUtil.release(data);
                    return;
                }
                int bad = guard.inspect(data);
                if (bad >= 0) {
                    refuse(data, bad);
                    return;
                }
            }
            if (!data.isReadable()) {
                data.release();
                return;
            }
            Channel target = peer.channel;
            peer.out.write(data, peer.out.voidPromise());
            unflushed = true;
            if (!target.isWritable()) {
                flushPeer();
                if (!target.isWritable()) {
                    channel.config().setAutoRead(false); // resumed by the peer's channelWritabilityChanged
                    // the peer may have drained on its own loop in between
                    if (target.isWritable() && !stopped) channel.config().setAutoRead(true);
                }
            }
        }

        private void flushPeer() {
            if (unflushed) {
                unflushed = false;
                peer.out.flush();
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            flushPeer();
            // Vert.x' handler behind saw no read (the relay took the bytes): it has nothing to end or flush
            if (passedOn) {
                passedOn = false;
                ctx.fireChannelReadComplete();
            }
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            Side reader = peer;
            if (channel.isWritable() && !reader.stopped) reader.channel.config().setAutoRead(true);
            ctx.fireChannelWritabilityChanged();
        }
    }
}
