package io.quintet.gateway.routing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The path a request names once every spelling trick is undone, for deciding whether it reaches an
 * operational endpoint ({@code /kora/status}, {@code /kosync/q/metrics}). Upstreams decode percent
 * escapes, drop matrix parameters ({@code ;x}), collapse empty segments and resolve dot segments before
 * they route, so {@code /kora/st%61tus}, {@code /kora//status}, {@code /kora/./status;x} and
 * {@code /kosync/echo/../q/metrics} must all be seen as what they are. Erring towards "operational" is
 * safe: no protocol path looks like these.
 */
public final class OperationalPaths {

    private OperationalPaths() {}

    /** {@code raw} itself when it is already canonical (the common case costs one scan and no allocation). */
    public static String canonical(String raw) {
        if (raw == null) {
            return "/";
        }
        if (isCanonical(raw)) {
            return raw;
        }
        String decoded = percentDecode(raw);
        Deque<String> segments = new ArrayDeque<>();
        for (String segment : decoded.split("/", -1)) {
            int matrix = segment.indexOf(';');
            String s = matrix < 0 ? segment : segment.substring(0, matrix);
            if (s.isEmpty() || s.equals(".")) {
                continue;
            }
            if (s.equals("..")) {
                segments.pollLast();
            } else {
                segments.addLast(s);
            }
        }
        return "/" + String.join("/", segments);
    }

    private static boolean isCanonical(String raw) {
        int n = raw.length();
        if (n == 0 || raw.charAt(0) != '/') return false;
        for (int i = 0; i < n; i++) {
            char c = raw.charAt(i);
            if (c == '%' || c == ';' || c == '\\') return false;
            if (c == '/' && i + 1 < n) {
                char next = raw.charAt(i + 1);
                if (next == '/' || next == '.') return false;
            }
        }
        return true;
    }

    /** Every {@code %XX} decoded (UTF-8); a malformed escape stays as written. Backslashes count as slashes. */
    private static String percentDecode(String raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
        int n = raw.length();
        for (int i = 0; i < n; i++) {
            char c = raw.charAt(i);
            if (c == '%' && i + 2 < n && hex(raw.charAt(i + 1)) >= 0 && hex(raw.charAt(i + 2)) >= 0) {
                out.write(hex(raw.charAt(i + 1)) * 16 + hex(raw.charAt(i + 2)));
                i += 2;
            } else if (c == '\\') {
                out.write('/');
            } else {
                out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        String decoded = out.toString(StandardCharsets.UTF_8);
        // once more: "%252F" is "%2F" after one decoding, and some servers decode twice
        return decoded.indexOf('%') >= 0 && !decoded.equals(raw) ? percentDecode(decoded) : decoded.replace('\\', '/');
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    }
}
