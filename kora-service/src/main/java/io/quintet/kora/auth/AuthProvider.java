package io.quintet.kora.auth;

import io.smallrye.mutiny.Uni;

/** Authenticates a handshake's {@code authToken} (missing = empty); a {@code null} item refuses it. */
public interface AuthProvider {

    Uni<AuthContext> authenticate(String token);
}
