package io.quintet.protocol.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.impl.ConnectionBase;
import java.util.concurrent.TimeUnit;

/**
 * Turns the close of a connection whose client is still sending (a refused body) into a lingering
 * one: closing a socket with unread bytes makes the kernel answer with a reset, and a reset can
 * discard the refusal the client has not read yet (a client still writing its body reads the answer
 * late). So the answer is followed by a FIN, what the client still sends is read and dropped, and the
 * socket is closed when the client closes its side, or after {@link #LINGER_BYTES} or
 * {@link #LINGER_MILLIS}, whichever comes first: a refused upload costs at most that much.
 */
final class LingeringClose extends ChannelDuplexHandler {

    static final String NAME = "quintet-lingering-close";
    static final long LINGER_MILLIS = 2_000;
    static final long LINGER_BYTES = 4L * 1024 * 1024;
    /** Vert.x's own handler in an HTTP/1.x server pipeline. */
    private static final String VERTX_HANDLER = "handler";

    private ChannelPromise closing;
    private ScheduledFuture<?> deadline;
    private long discarded;
    private boolean closed;

    private LingeringClose() {}

    /** Makes the next close of the request's connection a lingering one (plain HTTP/1.x connections only). */
    static void install(HttpServerRequest request) {
        if (!(request.connection() instanceof ConnectionBase connection)
                || !(connection.channel() instanceof SocketChannel)) {
            return;
        }
        ChannelPipeline pipeline = connection.channel().pipeline();
        if (pipeline.get(NAME) == null && pipeline.get(VERTX_HANDLER) != null) {
            pipeline.addBefore(VERTX_HANDLER, NAME, new LingeringClose());
        }
    }

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        if (closing != null) {
            closing.addListener(done -> promise.trySuccess());
            return;
        }
        if (!ctx.channel().isActive()) {
            ctx.close(promise);
            return;
        }
        closing = promise;
        ((SocketChannel) ctx.channel()).shutdownOutput().addListener(shut -> {
            if (!shut.isSuccess()) {
                finish(ctx);
            }
        });
        deadline = ctx.executor().schedule(() -> finish(ctx), LINGER_MILLIS, TimeUnit.MILLISECONDS);
        ctx.channel().config().setAutoRead(true);
        ctx.read();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (closing == null) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (msg instanceof ByteBufHolder holder) {
            discarded += holder.content().readableBytes();
        } else if (msg instanceof ByteBuf bytes) {
            discarded += bytes.readableBytes();
        }
        ReferenceCountUtil.release(msg);
        if (discarded > LINGER_BYTES) {
            finish(ctx);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (closing != null && event instanceof ChannelInputShutdownEvent) {
            finish(ctx);
            return;
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (closing != null) {
            finish(ctx);
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (closing != null) {
            // a reset from the client while lingering: nothing left to tell it
            finish(ctx);
            return;
        }
        ctx.fireExceptionCaught(cause);
    }

    private void finish(ChannelHandlerContext ctx) {
        if (closed) {
            return;
        }
        closed = true;
        if (deadline != null) {
            deadline.cancel(false);
        }
        ctx.close(closing);
    }
}
