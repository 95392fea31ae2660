package io.quintet.synkronus.export.service;

import java.nio.charset.StandardCharsets;

/** Names of export zip entries, made from form types and observation ids (synkronus.md 11.1, 11.2). */
public final class FileNames {

    private FileNames() {}

    /** Each of / \ : * ? " < > | becomes _, at most 100 bytes (cut on a character boundary). */
    public static String sanitise(String name) {
        StringBuilder b = new StringBuilder();
        for (char c : name.toCharArray()) {
            b.append("/\\:*?\"<>|".indexOf(c) >= 0 ? '_' : c);
        }
        String s = b.toString();
        if (s.isEmpty() || s.equals(".") || s.equals("..")) {
            s = s.replace('.', '_') + "_";
        }
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= 100) {
            return s;
        }
        int end = 100;
        while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
            end--;
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }
}
