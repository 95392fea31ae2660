package io.quintet.kosync.auth;

import java.nio.charset.StandardCharsets;

/**
 * What a name and a key may be (spec 6.1, 10). Names: non-empty, no {@code :} (the reference's
 * key separator), at most 255 UTF-8 bytes, no surrounding whitespace (HTTP trims header values,
 * so such an account could never log in) and no control characters (no header can carry them).
 * Keys: non-empty, at most 255 bytes, otherwise anything — KOReader sends an MD5, other clients
 * need not.
 */
public final class AccountRules {

    public static final int MAX_BYTES = 255;

    private AccountRules() {}

    public static boolean isValidName(String name) {
        if (name == null || name.isEmpty() || name.indexOf(':') >= 0 || !Text.isStorable(name)) {
            return false;
        }
        if (Character.isWhitespace(name.codePointAt(0))
                || Character.isSpaceChar(name.codePointAt(0))
                || Character.isWhitespace(name.codePointBefore(name.length()))
                || Character.isSpaceChar(name.codePointBefore(name.length()))) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            if (Character.isISOControl(name.charAt(i))) {
                return false;
            }
        }
        return utf8Length(name) <= MAX_BYTES;
    }

    public static boolean isValidKey(String key) {
        return key != null && !key.isEmpty() && Text.isStorable(key) && utf8Length(key) <= MAX_BYTES;
    }

    public static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
