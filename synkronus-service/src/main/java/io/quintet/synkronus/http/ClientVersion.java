package io.quintet.synkronus.http;

import java.util.OptionalLong;

/** The major-version rule of synkronus.md 2.2, for the client header and the server's own version. */
public final class ClientVersion {

    private ClientVersion() {}

    /** The major number, or empty when the text is not a version the rule accepts. */
    public static OptionalLong major(String text) {
        if (text == null) {
            return OptionalLong.empty();
        }
        String v = text.trim();
        if (v.length() > 1 && (v.charAt(0) == 'v' || v.charAt(0) == 'V')) {
            v = v.substring(1);
        }
        int dot = v.indexOf('.');
        String major = dot >= 0 ? v.substring(0, dot) : v;
        if (major.isEmpty() || major.length() > 18) {
            return OptionalLong.empty();
        }
        for (int i = 0; i < major.length(); i++) {
            if (major.charAt(i) < '0' || major.charAt(i) > '9') {
                return OptionalLong.empty();
            }
        }
        return OptionalLong.of(Long.parseLong(major));
    }

    /** Whether a client's {@code x-ode-version} passes the check against the server's major version (2.2). */
    public static boolean accepted(String header, OptionalLong serverMajor) {
        OptionalLong client = major(header);
        return client.isPresent() && serverMajor.isPresent() && client.getAsLong() == serverMajor.getAsLong();
    }
}
