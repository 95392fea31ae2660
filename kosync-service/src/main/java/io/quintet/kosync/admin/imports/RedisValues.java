package io.quintet.kosync.admin.imports;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one RDB value of a given type: strings and hashes as data, every other plain type read
 * only to step over it. Streams and module values cannot be stepped over and stop the import.
 */
final class RedisValues {

    private RedisValues() {}

    /** A String for strings, a Map for hashes, null for anything else. */
    static Object read(int type, RdbInput in) {
        switch (type) {
            case 0: // string
                return in.string();
            case 4: { // hash table
                long n = in.length();
                Map<String, String> hash = new LinkedHashMap<>();
                for (long i = 0; i < n; i++) {
                    hash.put(in.string(), in.string());
                }
                return hash;
            }
            case 13: // hash as ziplist
                return pairs(CompactLists.ziplist(in.rawString()));
            case 16: // hash as listpack
                return pairs(CompactLists.listpack(in.rawString()));
            case 1: // list
            case 2: // set
                skipStrings(in, in.length());
                return null;
            case 3: { // sorted set, scores as text
                long n = in.length();
                for (long i = 0; i < n; i++) {
                    in.rawString();
                    int len = in.u8();
                    if (len < 253) in.skip(len);
                }
                return null;
            }
            case 5: { // sorted set, binary scores
                long n = in.length();
                for (long i = 0; i < n; i++) {
                    in.rawString();
                    in.skip(8);
                }
                return null;
            }
            case 9:
            case 10:
            case 11:
            case 12:
            case 17:
            case 20: // single packed blobs
                in.rawString();
                return null;
            case 14: // quicklist of ziplists
                skipStrings(in, in.length());
                return null;
            case 18: { // quicklist of listpacks: container kind, blob
                long n = in.length();
                for (long i = 0; i < n; i++) {
                    in.length();
                    in.rawString();
                }
                return null;
            }
            default:
                throw new UnreadableImportException("Redis value type " + type + " is not supported");
        }
    }

    private static void skipStrings(RdbInput in, long n) {
        for (long i = 0; i < n; i++) {
            in.rawString();
        }
    }

    private static Map<String, String> pairs(List<byte[]> entries) {
        Map<String, String> hash = new LinkedHashMap<>();
        for (int i = 0; i + 1 < entries.size(); i += 2) {
            hash.put(
                    new String(entries.get(i), StandardCharsets.UTF_8),
                    new String(entries.get(i + 1), StandardCharsets.UTF_8));
        }
        return hash;
    }
}
