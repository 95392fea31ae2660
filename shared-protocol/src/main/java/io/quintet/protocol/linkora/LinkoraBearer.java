package io.quintet.protocol.linkora;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The Linkora server's bearer-token check (protocols/linkora.md 3.2), shared by the Linkora service
 * and the gateway's certificate page so both answer with the same four 401 messages. Differences
 * from the reference, as the spec decides: the scheme is accepted in any case, the comparison is
 * constant-time, and nothing here ever logs a token.
 */
public final class LinkoraBearer {

    public static final String MISSING_HEADER = "Missing Authorization header";
    public static final String BAD_FORMAT = "Invalid Authorization header format. Expected 'Bearer <token>'.";
    public static final String EMPTY_TOKEN = "Bearer token is missing.";
    public static final String INVALID_TOKEN = "Invalid token.";

    /** The outcome: accepted, or refused with the 401 body text. */
    public record Verdict(boolean accepted, String refusal) {
        static final Verdict ACCEPTED = new Verdict(true, "");

        static Verdict refused(String message) {
            return new Verdict(false, message);
        }
    }

    private LinkoraBearer() {
    }

    /**
     * Checks a raw {@code Authorization} header value against the configured token (trimmed, as
     * the reference trims it). The raw header text is compared, never parsed as RFC 7235 token68,
     * so tokens with {@code #!$%^&*} work (spec 3.1).
     */
    public static Verdict check(String authorization, String configuredToken) {
        if (authorization == null) {
            return Verdict.refused(MISSING_HEADER);
        }
        // HTTP stacks trim trailing whitespace, so "Bearer" alone lands here (spec 3.2 step 2)
        if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Verdict.refused(BAD_FORMAT);
        }
        String presented = authorization.substring(7).trim();
        if (presented.isEmpty()) {
            return Verdict.refused(EMPTY_TOKEN);
        }
        if (configuredToken == null || !sameSecret(presented, configuredToken.trim())) {
            return Verdict.refused(INVALID_TOKEN);
        }
        return Verdict.ACCEPTED;
    }

    /** Compares digests, so neither the content nor the length of the token leaks through timing. */
    static boolean sameSecret(String a, String b) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] da = sha.digest(a.getBytes(StandardCharsets.UTF_8));
            byte[] db = sha.digest(b.getBytes(StandardCharsets.UTF_8));
            return MessageDigest.isEqual(da, db);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
