package io.quintet.kosync.admin.imports;

import java.nio.charset.StandardCharsets;

/**
 * Primitive reads of the Redis RDB encoding: lengths, strings (plain, integer-encoded and LZF
 * compressed), and the little-endian integers of the container formats.
 */
final class RdbInput {

    private final byte[] data;
    private int pos;

    RdbInput(byte[] data) {
        this(data, 0);
    }

    RdbInput(byte[] data, int pos) {
        this.data = data;
        this.pos = pos;
    }

    int position() {
        return pos;
    }

    boolean atEnd() {
        return pos >= data.length;
    }

    int u8() {
        need(1);
        return data[pos++] & 0xFF;
    }

    int peek() {
        need(1);
        return data[pos] & 0xFF;
    }

    byte[] bytes(int n) {
        if (n < 0) {
            throw new UnreadableImportException("negative length in Redis dump");
        }
        need(n);
        byte[] out = new byte[n];
        System.arraycopy(data, pos, out, 0, n);
        pos += n;
        return out;
    }

    void skip(long n) {
        if (n < 0 || n > data.length - pos) {
            throw new UnreadableImportException("truncated Redis dump");
        }
        pos += (int) n;
    }

    long le(int width) {
        need(width);
        long v = 0;
        for (int i = 0; i < width; i++) {
            v |= (long) (data[pos + i] & 0xFF) << (8 * i);
        }
        pos += width;
        return v;
    }

    long signedLe(int width) {
        long v = le(width);
        int shift = 64 - 8 * width;
        return (v << shift) >> shift;
    }

    long be(int width) {
        need(width);
        long v = 0;
        for (int i = 0; i < width; i++) {
            v = (v << 8) | (data[pos + i] & 0xFF);
        }
        pos += width;
        return v;
    }

    /** A length; special string encodings are reported as {@code -1 - encoding}. */
    long length() {
        int first = u8();
        switch (first >> 6) {
            case 0:
                return first & 0x3F;
            case 1:
                return ((first & 0x3F) << 8) | u8();
            case 2:
                if (first == 0x80) return be(4);
                if (first == 0x81) return be(8);
                throw new UnreadableImportException("bad length prefix in Redis dump");
            default:
                return -1 - (first & 0x3F);
        }
    }

    int smallLength() {
        long n = length();
        if (n < 0 || n > Integer.MAX_VALUE) {
            throw new UnreadableImportException("bad length in Redis dump");
        }
        return (int) n;
    }

    byte[] rawString() {
        long n = length();
        if (n >= 0) {
            if (n > Integer.MAX_VALUE) throw new UnreadableImportException("string too long in Redis dump");
            return bytes((int) n);
        }
        int encoding = (int) (-1 - n);
        return switch (encoding) {
            case 0 -> ascii(signedLe(1));
            case 1 -> ascii(signedLe(2));
            case 2 -> ascii(signedLe(4));
            case 3 -> {
                int compressed = smallLength();
                int plain = smallLength();
                yield Lzf.decompress(bytes(compressed), plain);
            }
            default -> throw new UnreadableImportException("unknown string encoding " + encoding + " in Redis dump");
        };
    }

    String string() {
        return new String(rawString(), StandardCharsets.UTF_8);
    }

    static byte[] ascii(long value) {
        return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
    }

    private void need(int n) {
        if (n > data.length - pos) {
            throw new UnreadableImportException("truncated Redis dump");
        }
    }
}
