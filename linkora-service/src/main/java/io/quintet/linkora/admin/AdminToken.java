package io.quintet.linkora.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * The operator's bearer token, distinct from the Linkora server token that every app knows.
 * Compared in constant time; never logged.
 */
public final class AdminToken {

    static final String MISSING = "Admin token required: send Authorization: Bearer <LINKORA_ADMIN_TOKEN>.";
    static final String WRONG = "Invalid admin token.";

    private final Optional<byte[]> digest;

    public AdminToken(Optional<String> configured) {
        this.digest = configured.map(String::trim).filter(t -> !t.isEmpty()).map(AdminToken::sha256);
    }

    /** False when no admin token is configured: then the admin routes are not served at all. */
    public boolean enabled() {
        return digest.isPresent();
    }

    /** Empty when the header carries the admin token, else the refusal text (answered 401). */
    public Optional<String> refusal(String authorization) {
        if (digest.isEmpty()) {
            return Optional.of(WRONG);
        }
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.of(MISSING);
        }
        String presented = authorization.substring(7).trim();
        if (presented.isEmpty()) {
            return Optional.of(MISSING);
        }
        return MessageDigest.isEqual(sha256(presented), digest.get()) ? Optional.empty() : Optional.of(WRONG);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
