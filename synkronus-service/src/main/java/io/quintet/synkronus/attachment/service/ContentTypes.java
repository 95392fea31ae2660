package io.quintet.synkronus.attachment.service;

import java.nio.charset.StandardCharsets;

/** The stored content type: the part's declared type without parameters, or sniffed from the first bytes. */
public final class ContentTypes {

    private ContentTypes() {}

    public static String of(String declared, byte[] head) {
        if (declared != null) {
            int semi = declared.indexOf(';');
            String bare =
                    (semi < 0 ? declared : declared.substring(0, semi)).trim().toLowerCase();
            if (!bare.isEmpty()) {
                return bare;
            }
        }
        return sniff(head);
    }

    /** The common signatures of Go's http.DetectContentType. */
    static String sniff(byte[] b) {
        if (startsWith(b, 0xFF, 0xD8, 0xFF)) return "image/jpeg";
        if (startsWith(b, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) return "image/png";
        if (startsWith(b, 'G', 'I', 'F', '8')) return "image/gif";
        if (startsWith(b, '%', 'P', 'D', 'F', '-')) return "application/pdf";
        if (startsWith(b, 'P', 'K', 3, 4)) return "application/zip";
        if (startsWith(b, 'O', 'g', 'g', 'S')) return "application/ogg";
        if (b.length == 0) return "text/plain; charset=utf-8";
        for (byte x : b) {
            int c = x & 0xff;
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != 0x0c && c != 0x1b) {
                return "application/octet-stream";
            }
        }
        String text = new String(b, StandardCharsets.UTF_8).trim().toLowerCase();
        if (text.startsWith("<!doctype html") || text.startsWith("<html")) return "text/html; charset=utf-8";
        return "text/plain; charset=utf-8";
    }

    private static boolean startsWith(byte[] b, int... sig) {
        if (b.length < sig.length) {
            return false;
        }
        for (int i = 0; i < sig.length; i++) {
            if ((b[i] & 0xff) != sig[i]) {
                return false;
            }
        }
        return true;
    }
}
