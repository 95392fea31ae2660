package io.quintet.kosync.admin.imports;

/** LZF decompression, the compression Redis applies to long strings in RDB files. */
final class Lzf {

    private Lzf() {}

    static byte[] decompress(byte[] in, int expectedLength) {
        byte[] out = new byte[expectedLength];
        int ip = 0;
        int op = 0;
        try {
            while (ip < in.length) {
                int ctrl = in[ip++] & 0xFF;
                if (ctrl < 32) {
                    int run = ctrl + 1;
                    System.arraycopy(in, ip, out, op, run);
                    ip += run;
                    op += run;
                } else {
                    int len = ctrl >> 5;
                    if (len == 7) {
                        len += in[ip++] & 0xFF;
                    }
                    int ref = op - ((ctrl & 0x1F) << 8) - (in[ip++] & 0xFF) - 1;
                    if (ref < 0) {
                        throw new UnreadableImportException("corrupt LZF data in Redis dump");
                    }
                    for (int i = 0; i < len + 2; i++) {
                        out[op++] = out[ref++];
                    }
                }
            }
        } catch (IndexOutOfBoundsException e) {
            throw new UnreadableImportException("corrupt LZF data in Redis dump");
        }
        if (op != expectedLength) {
            throw new UnreadableImportException("corrupt LZF data in Redis dump");
        }
        return out;
    }
}
