package io.quintet.kora.collection.rest;

import io.quintet.kora.config.KoraConfig;
import io.quintet.kora.error.KoraError;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * The admin token check (the reference's {@code x-kora-admin-token} / Bearer convention, kora.md 15).
 * Without a configured token the admin API is closed rather than open: it can rewrite tables.
 */
@ApplicationScoped
public class AdminGuard {

    /** The reference's admin token header, beside {@code Authorization: Bearer}. */
    public static final String TOKEN_HEADER = "x-kora-admin-token";

    private final Optional<byte[]> token;

    public AdminGuard(KoraConfig config) {
        this.token = config.admin().token().filter(t -> !t.isBlank()).map(t -> t.getBytes(StandardCharsets.UTF_8));
    }

    public void check(String authorization, String headerToken) {
        if (token.isEmpty()) {
            throw KoraError.ADMIN_DISABLED.exception();
        }
        String presented = headerToken;
        if (presented == null && authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            presented = authorization.substring(7).trim();
        }
        if (presented == null || presented.isEmpty()) {
            throw KoraError.ADMIN_TOKEN_REQUIRED.exception();
        }
        // constant time: the token must not leak through response timing
        if (!MessageDigest.isEqual(token.get(), presented.getBytes(StandardCharsets.UTF_8))) {
            throw KoraError.ADMIN_TOKEN_INVALID.exception();
        }
    }
}
