package io.quintet.kosync.admin.rest;

import io.quintet.kosync.config.KosyncConfig;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * The admin API's only credential: {@code Authorization: Bearer <KOSYNC_ADMIN_TOKEN>}, compared
 * in constant time. Without a configured token the admin API admits no one.
 */
@Singleton
public class AdminGuard {

    private static final Logger LOG = Logger.getLogger(AdminGuard.class);
    private static final String BEARER = "Bearer ";

    private final Optional<byte[]> token;

    public AdminGuard(KosyncConfig config) {
        this.token = config.admin().token().filter(t -> !t.isBlank()).map(t -> t.getBytes(StandardCharsets.UTF_8));
        if (token.isEmpty()) {
            LOG.info("admin API disabled: set KOSYNC_ADMIN_TOKEN to enable it");
        }
    }

    public boolean admits(String authorization) {
        if (token.isEmpty() || authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return false;
        }
        byte[] presented = authorization.substring(BEARER.length()).trim().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(presented, token.get());
    }
}
