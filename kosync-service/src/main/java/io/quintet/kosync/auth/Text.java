package io.quintet.kosync.auth;

/**
 * Whether a JSON string can be stored and given back byte for byte: PostgreSQL text holds no NUL,
 * and a lone UTF-16 surrogate (legal in a JSON escape) has no UTF-8 form.
 */
public final class Text {

    private Text() {}

    public static boolean isStorable(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == 0) {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
