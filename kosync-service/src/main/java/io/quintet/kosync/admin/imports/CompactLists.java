package io.quintet.kosync.admin.imports;

import java.util.ArrayList;
import java.util.List;

/**
 * The packed containers small hashes are stored in: ziplist (Redis ≤ 6, RDB type 13) and
 * listpack (Redis ≥ 7, type 16). Both yield the entries in order: field, value, field, value…
 * Integer entries come back as their decimal text, as Redis would give them.
 */
final class CompactLists {

    private CompactLists() {}

    static List<byte[]> ziplist(byte[] blob) {
        RdbInput in = new RdbInput(blob);
        in.le(4); // total bytes
        in.le(4); // offset of the last entry
        in.le(2); // entry count (saturates at 65535: the end marker decides)
        List<byte[]> entries = new ArrayList<>();
        while (in.peek() != 0xFF) {
            if (in.u8() == 0xFE) {
                in.le(4); // long previous-entry length
            }
            int enc = in.u8();
            switch (enc >> 6) {
                case 0 -> entries.add(in.bytes(enc & 0x3F));
                case 1 -> entries.add(in.bytes(((enc & 0x3F) << 8) | in.u8()));
                case 2 -> entries.add(in.bytes((int) in.be(4)));
                default ->
                    entries.add(RdbInput.ascii(
                            switch (enc) {
                                case 0xC0 -> in.signedLe(2);
                                case 0xD0 -> in.signedLe(4);
                                case 0xE0 -> in.signedLe(8);
                                case 0xF0 -> in.signedLe(3);
                                case 0xFE -> in.signedLe(1);
                                default -> {
                                    if (enc >= 0xF1 && enc <= 0xFD) yield (enc & 0x0F) - 1;
                                    throw new UnreadableImportException("bad ziplist entry in Redis dump");
                                }
                            }));
            }
        }
        return entries;
    }

    static List<byte[]> listpack(byte[] blob) {
        RdbInput in = new RdbInput(blob);
        in.le(4); // total bytes
        in.le(2); // element count (saturates: the end marker decides)
        List<byte[]> entries = new ArrayList<>();
        while (in.peek() != 0xFF) {
            int start = in.position();
            int enc = in.u8();
            byte[] value;
            if ((enc & 0x80) == 0) {
                value = RdbInput.ascii(enc & 0x7F);
            } else if ((enc & 0xC0) == 0x80) {
                value = in.bytes(enc & 0x3F);
            } else if ((enc & 0xE0) == 0xC0) {
                long raw = ((enc & 0x1F) << 8) | in.u8();
                value = RdbInput.ascii(raw >= 1 << 12 ? raw - (1 << 13) : raw);
            } else if ((enc & 0xF0) == 0xE0) {
                value = in.bytes(((enc & 0x0F) << 8) | in.u8());
            } else {
                value = switch (enc) {
                    case 0xF0 -> in.bytes((int) in.le(4));
                    case 0xF1 -> RdbInput.ascii(in.signedLe(2));
                    case 0xF2 -> RdbInput.ascii(in.signedLe(3));
                    case 0xF3 -> RdbInput.ascii(in.signedLe(4));
                    case 0xF4 -> RdbInput.ascii(in.signedLe(8));
                    default -> throw new UnreadableImportException("bad listpack entry in Redis dump");
                };
            }
            entries.add(value);
            in.skip(backLengthSize(in.position() - start));
        }
        return entries;
    }

    /** Bytes of the trailing back-length field of an entry of {@code length} bytes. */
    private static int backLengthSize(int length) {
        if (length <= 127) return 1;
        if (length < 16383) return 2;
        if (length < 2097151) return 3;
        if (length < 268435455) return 4;
        return 5;
    }
}
