package io.quintet.kosync.admin.imports;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Builds a small RDB file the way Redis 6 writes one (version 9, hashes as ziplists, long strings
 * LZF-compressed), for the encodings the Redis 7 fixture file does not contain.
 */
public final class RdbFixtures {

    /** 90 bytes: "/body/div" ten times, stored as one literal run and one overlapping back-reference. */
    public static final String LONG_PROGRESS = "/body/div".repeat(10);

    private RdbFixtures() {}

    public static byte[] ziplistDump(String user, String key, String document) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(out, "REDIS0009".getBytes(StandardCharsets.US_ASCII));
        out.write(0xFA);
        string(out, "redis-ver");
        string(out, "6.2.6");
        out.write(0xFE);
        out.write(0); // db 0: ignored by the import
        out.write(0);
        string(out, "user:" + user + ":key");
        string(out, "db-zero-key");
        out.write(0xFE);
        out.write(1);
        out.write(0xFB);
        out.write(3);
        out.write(0);
        out.write(0); // string
        string(out, "user:" + user + ":key");
        string(out, key);
        out.write(13); // hash as ziplist, stored LZF-compressed (literal runs)
        string(out, "user:" + user + ":document:" + document);
        lzfLiterals(out, ziplist());
        out.write(0xFC); // an expiry before a key is stepped over
        write(out, new byte[8]);
        out.write(4); // hash table, progress LZF-compressed with a back-reference
        string(out, "user:" + user + ":document:" + document + "2");
        out.write(4);
        string(out, "percentage");
        out.write(0xC0); // int8-encoded string: 1
        out.write(1);
        string(out, "progress");
        lzfRepeated(out);
        string(out, "device");
        string(out, "d");
        string(out, "timestamp");
        out.write(0xC2); // int32-encoded string
        write(out, new byte[] {(byte) 0xD2, 0x02, (byte) 0x96, 0x49});
        out.write(0xFF);
        write(out, new byte[8]);
        return out.toByteArray();
    }

    private static byte[] ziplist() {
        ByteArrayOutputStream entries = new ByteArrayOutputStream();
        int prev = 0;
        prev = entry(entries, prev, str("percentage"));
        prev = entry(entries, prev, str("0.25"));
        prev = entry(entries, prev, str("progress"));
        prev = entry(entries, prev, str("short"));
        prev = entry(entries, prev, str("device"));
        prev = entry(entries, prev, new byte[] {(byte) 0xFE, (byte) -7}); // int8
        prev = entry(entries, prev, str("device_id"));
        prev = entry(entries, prev, new byte[] {(byte) 0xFC}); // immediate 11
        prev = entry(entries, prev, str("timestamp"));
        entry(entries, prev, new byte[] {(byte) 0xD0, (byte) 0xD2, 0x02, (byte) 0x96, 0x49}); // int32 1234567890
        byte[] body = entries.toByteArray();
        ByteArrayOutputStream zl = new ByteArrayOutputStream();
        int total = 10 + body.length + 1;
        le(zl, total, 4);
        le(zl, 0, 4);
        le(zl, 10, 2);
        write(zl, body);
        zl.write(0xFF);
        return zl.toByteArray();
    }

    private static byte[] str(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        byte[] e = new byte[b.length + 1];
        e[0] = (byte) b.length; // 00pppppp: up to 63 bytes
        System.arraycopy(b, 0, e, 1, b.length);
        return e;
    }

    private static int entry(ByteArrayOutputStream out, int prevLength, byte[] encodedValue) {
        out.write(prevLength);
        write(out, encodedValue);
        return 1 + encodedValue.length;
    }

    private static void lzfLiterals(ByteArrayOutputStream out, byte[] plain) {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        for (int i = 0; i < plain.length; i += 32) {
            int run = Math.min(32, plain.length - i);
            compressed.write(run - 1);
            compressed.write(plain, i, run);
        }
        out.write(0xC3);
        length(out, compressed.size());
        length(out, plain.length);
        write(out, compressed.toByteArray());
    }

    private static void lzfRepeated(ByteArrayOutputStream out) {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        compressed.write(8); // literal run of 9
        write(compressed, "/body/div".getBytes(StandardCharsets.US_ASCII));
        compressed.write(0xE0); // back-reference, long length form, offset high bits 0
        compressed.write(81 - 2 - 7); // 81 more bytes
        compressed.write(8); // from 9 bytes back
        out.write(0xC3);
        length(out, compressed.size());
        length(out, 90);
        write(out, compressed.toByteArray());
    }

    private static void string(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        length(out, b.length);
        write(out, b);
    }

    private static void length(ByteArrayOutputStream out, int n) {
        if (n < 64) {
            out.write(n);
        } else if (n < 16384) {
            out.write(0x40 | (n >> 8));
            out.write(n & 0xFF);
        } else {
            out.write(0x80);
            out.write(n >>> 24);
            out.write(n >>> 16);
            out.write(n >>> 8);
            out.write(n);
        }
    }

    private static void le(ByteArrayOutputStream out, long v, int width) {
        for (int i = 0; i < width; i++) {
            out.write((int) (v >>> (8 * i)) & 0xFF);
        }
    }

    private static void write(ByteArrayOutputStream out, byte[] b) {
        out.write(b, 0, b.length);
    }
}
