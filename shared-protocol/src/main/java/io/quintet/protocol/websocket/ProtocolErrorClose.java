package io.quintet.protocol.websocket;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.impl.ConnectionBase;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Ends a WebSocket whose client broke the framing rules (RFC 6455 7.4.1) with a close frame the client
 * can read: 1009 for a frame past the server's limit, 1002 for the other violations (unmasked frame,
 * reserved opcode or bits, oversized control frame, stray continuation).
 *
 * <p>Vert.x asks Netty's frame decoder not to close on a violation and then closes the channel itself
 * on the decoder's exception, with nothing sent. Closing a socket whose peer is still sending (a 40 MiB
 * frame arrives for a while after its header was refused) also makes the kernel answer with a reset,
 * which can discard even a close frame that was already written. So this handler, placed just before
 * Vert.x's, takes that exception, writes the close frame and keeps reading (the decoder discards
 * everything after a violation) until the client closes or {@link #LINGER_MILLIS} pass.
 */
public final class ProtocolErrorClose extends ChannelInboundHandlerAdapter {

    static final String NAME = "quintet-websocket-protocol-error-close";
    /** How long a refused client may keep sending before the connection is dropped anyway. */
    static final long LINGER_MILLIS = 3_000;

    private static final Logger LOG = Logger.getLogger(ProtocolErrorClose.class);
    /** Vert.x's own handler in an HTTP/1.x server pipeline. */
    private static final String VERTX_HANDLER = "handler";

    private boolean closing;

    private ProtocolErrorClose() {}

    /**
     * Puts the handler into the connection of a WebSocket upgrade request, before the upgrade; Netty's
     * handshake adds its frame decoder before it. Anything else is left alone.
     */
    public static void install(HttpServerRequest request) {
        String upgrade = request.getHeader("Upgrade");
        if (upgrade == null || !upgrade.equalsIgnoreCase("websocket")) return;
        if (!(request.connection() instanceof ConnectionBase connection)) return;
        ChannelPipeline pipeline = connection.channel().pipeline();
        if (pipeline.get(NAME) == null && pipeline.get(VERTX_HANDLER) != null) {
            pipeline.addBefore(VERTX_HANDLER, NAME, new ProtocolErrorClose());
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        CorruptedWebSocketFrameException violation = violation(cause);
        if (violation == null) {
            ctx.fireExceptionCaught(cause);
            return;
        }
        if (closing) return;
        closing = true;
        WebSocketCloseStatus status = violation.closeStatus();
        if (status == null) status = WebSocketCloseStatus.PROTOCOL_ERROR;
        LOG.debugf("WebSocket client broke the protocol (%s): closing with %d", violation.getMessage(), status.code());
        String reason =
                status.code() == WebSocketCloseStatus.MESSAGE_TOO_BIG.code() ? "message too big" : "protocol error";
        ctx.writeAndFlush(new CloseWebSocketFrame(status.code(), reason));
        ctx.executor().schedule(() -> ctx.channel().close(), LINGER_MILLIS, TimeUnit.MILLISECONDS);
    }

    private static CorruptedWebSocketFrameException violation(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof CorruptedWebSocketFrameException corrupted) return corrupted;
        }
        return null;
    }
}
