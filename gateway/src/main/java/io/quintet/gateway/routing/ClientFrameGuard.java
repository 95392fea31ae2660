package io.quintet.gateway.routing;

import io.netty.buffer.ByteBuf;
import io.vertx.core.buffer.Buffer;

/**
 * Reads the frame headers of what a WebSocket client sends (RFC 6455 section 5), without touching the
 * payloads, so that a protocol error ends the socket with a close frame the client can read (1002
 * protocol error, 1009 too big) rather than a dropped TCP connection: unmasked frames, reserved bits
 * without an extension that defines them, reserved opcodes, fragmented or oversized control frames,
 * a continuation with no message to continue, a new message inside a fragmented one, frames larger than
 * the gateway forwards. Bytes pass through as they came; only headers are looked at, across any split.
 */
final class ClientFrameGuard {

    static final short PROTOCOL_ERROR = 1002;
    static final short TOO_BIG = 1009;

    private final long maxFrameSize;
    /** permessage-deflate was agreed: RSV1 marks a compressed message (first frame of a data message). */
    private final boolean compression;

    private final byte[] header = new byte[14];
    private int headerLength;
    private int headerNeeded = 2;
    private long payloadLeft;
    private boolean inFragmentedMessage;
    private short closeCode;
    private String reason;

    ClientFrameGuard(long maxFrameSize, boolean compression) {
        this.maxFrameSize = maxFrameSize;
        this.compression = compression;
    }

    /**
     * @return -1 when every readable byte of {@code buffer} may be forwarded, else the offset (from its reader
     * index) where the offending frame begins (0 if it began in an earlier buffer); {@link #closeCode()} then
     * says why
     */
    int inspect(ByteBuf buffer) {
        int base = buffer.readerIndex();
        int n = buffer.readableBytes();
        int i = 0;
        int frameStart = headerLength > 0 ? 0 : -1;
        while (i < n) {
            if (payloadLeft > 0) {
                long skip = Math.min(payloadLeft, n - i);
                payloadLeft -= skip;
                i += (int) skip;
                continue;
            }
            if (headerLength == 0) frameStart = i;
            header[headerLength++] = buffer.getByte(base + i++);
            if (headerLength == 2) {
                int length = header[1] & 0x7f;
                headerNeeded = 2 + (length == 126 ? 2 : length == 127 ? 8 : 0) + ((header[1] & 0x80) != 0 ? 4 : 0);
            }
            if (headerLength >= 2 && headerLength == headerNeeded) {
                if (!frameAllowed()) {
                    return Math.max(frameStart, 0);
                }
                headerLength = 0;
                headerNeeded = 2;
            }
        }
        return -1;
    }

    short closeCode() {
        return closeCode;
    }

    String reason() {
        return reason;
    }

    private boolean frameAllowed() {
        boolean fin = (header[0] & 0x80) != 0;
        int rsv = header[0] & 0x70;
        int opcode = header[0] & 0x0f;
        boolean masked = (header[1] & 0x80) != 0;
        int shortLength = header[1] & 0x7f;
        long length;
        if (shortLength == 126) {
            length = ((header[2] & 0xff) << 8) | (header[3] & 0xff);
        } else if (shortLength == 127) {
            length = 0;
            for (int i = 2; i < 10; i++) length = (length << 8) | (header[i] & 0xff);
        } else {
            length = shortLength;
        }
        boolean control = opcode >= 8;
        if (!masked) return refuse(PROTOCOL_ERROR, "unmasked client frame");
        if (opcode > 2 && opcode < 8 || opcode > 10) return refuse(PROTOCOL_ERROR, "reserved opcode " + opcode);
        boolean compressedMessageStart = compression && rsv == 0x40 && (opcode == 1 || opcode == 2);
        if (rsv != 0 && !compressedMessageStart) return refuse(PROTOCOL_ERROR, "reserved bits set");
        if (control && (!fin || length > 125)) return refuse(PROTOCOL_ERROR, "fragmented or oversized control frame");
        if (length < 0) return refuse(PROTOCOL_ERROR, "frame length out of range");
        if (opcode == 0 && !inFragmentedMessage)
            return refuse(PROTOCOL_ERROR, "continuation without a message to continue");
        if ((opcode == 1 || opcode == 2) && inFragmentedMessage)
            return refuse(PROTOCOL_ERROR, "new message inside a fragmented one");
        if (length > maxFrameSize) return refuse(TOO_BIG, "frame larger than " + maxFrameSize + " bytes");
        if (!control) inFragmentedMessage = !fin;
        payloadLeft = length;
        return true;
    }

    private boolean refuse(short code, String why) {
        closeCode = code;
        reason = why;
        return false;
    }

    /** An unmasked close frame (server to client) with {@code code} and a short reason. */
    static Buffer closeFrame(short code, String reason) {
        byte[] text = reason.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int length = Math.min(text.length, 123);
        Buffer frame = Buffer.buffer(4 + length);
        frame.appendByte((byte) 0x88)
                .appendByte((byte) (2 + length))
                .appendShort(code)
                .appendBytes(text, 0, length);
        return frame;
    }
}
