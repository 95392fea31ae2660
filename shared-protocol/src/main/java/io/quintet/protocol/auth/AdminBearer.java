package io.quintet.protocol.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * An operator's admin token, presented as {@code Authorization: Bearer <token>} (or, where a
 * protocol has one, in a header of its own that carries the bare token). Both sides are hashed
 * with SHA-256 before a {@link MessageDigest#isEqual constant-time} comparison, so neither the
 * token's content nor its length leaks through timing. The token is never logged. Each service
 * maps the {@link Verdict} to its own error shape.
 */
public final class AdminBearer {

    /** What a request's credentials amount to. */
    public enum Verdict {
        /** The configured token was presented. */
        ADMITTED,
        /** No token is configured: the admin surface admits nobody. */
        DISABLED,
        /** No bearer token was presented (no header, another scheme, or an empty token). */
        MISSING,
        /** A token was presented and it is not the configured one. */
        WRONG
    }

    private static final String BEARER = "Bearer ";

    private final Optional<byte[]> digest;

    private AdminBearer(Optional<byte[]> digest) {
        this.digest = digest;
    }

    /** The configured token; empty or blank means the admin surface is disabled. Surrounding blanks are ignored. */
    public static AdminBearer of(Optional<String> configured) {
        return new AdminBearer(
                configured.map(String::trim).filter(token -> !token.isEmpty()).map(AdminBearer::sha256));
    }

    /** False when no token is configured. */
    public boolean enabled() {
        return digest.isPresent();
    }

    /** The verdict on an {@code Authorization} header value (null when absent). */
    public Verdict check(String authorization) {
        return check(authorization, null);
    }

    /**
     * The verdict on an {@code Authorization} header value and an alternative header carrying the
     * bare token (null when absent); the alternative, when present, is the one judged.
     */
    public Verdict check(String authorization, String alternative) {
        if (digest.isEmpty()) {
            return Verdict.DISABLED;
        }
        String presented = alternative != null ? alternative.trim() : bearerToken(authorization);
        if (presented == null || presented.isEmpty()) {
            return Verdict.MISSING;
        }
        return MessageDigest.isEqual(sha256(presented), digest.get()) ? Verdict.ADMITTED : Verdict.WRONG;
    }

    private static String bearerToken(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        return authorization.substring(BEARER.length()).trim();
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
