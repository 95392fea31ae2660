package io.quintet.synkronus.attachment.service;

/** Valid attachment ids (synkronus.md 9.1): 1–512 bytes of {@code A–Z a–z 0–9 . _ -}, not "." or "..". */
public final class AttachmentIds {

    private AttachmentIds() {}

    public static boolean valid(String id) {
        if (id == null || id.isEmpty() || id.length() > 512 || id.equals(".") || id.equals("..")) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z')
                    || (c >= 'a' && c <= 'z')
                    || (c >= '0' && c <= '9')
                    || c == '.'
                    || c == '_'
                    || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
