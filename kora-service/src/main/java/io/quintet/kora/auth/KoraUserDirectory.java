package io.quintet.kora.auth;

import io.smallrye.mutiny.Uni;

/**
 * What Kora JWT auth asks of the application after a token verified (kora.md 10.1): does the user
 * exist, are the token and device still valid, and which scopes apply. A {@code null} item refuses.
 */
public interface KoraUserDirectory {

    Uni<AuthContext> authorize(String userId, String deviceId, String tokenId);
}
