package io.quintet.kora.auth;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The reference's mixed provider (kora.md 10.1): a non-empty token the primary provider accepts
 * gets that context; an empty or refused token becomes an anonymous session
 * {@code <prefix>-<epoch ms>-<counter>} with the anonymous scopes. It never refuses.
 */
public final class MixedAuthProvider implements AuthProvider {

    private final AuthProvider primary;
    private final ObjectNode anonymousScopes;
    private final String prefix;
    private final AtomicLong counter = new AtomicLong();

    public MixedAuthProvider(AuthProvider primary, ObjectNode anonymousScopes, String prefix) {
        this.primary = primary;
        this.anonymousScopes = anonymousScopes == null || anonymousScopes.isEmpty() ? null : anonymousScopes;
        this.prefix = prefix;
    }

    @Override
    public Uni<AuthContext> authenticate(String token) {
        Uni<AuthContext> known =
                token == null || token.isEmpty() ? Uni.createFrom().nullItem() : primary.authenticate(token);
        return known.map(context -> context != null
                ? context
                : new AuthContext(
                        prefix + "-" + System.currentTimeMillis() + "-" + counter.incrementAndGet(),
                        anonymousScopes == null ? null : anonymousScopes.deepCopy(),
                        null));
    }
}
