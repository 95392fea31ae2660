package io.quintet.kosync.auth;

import io.quintet.kosync.auth.repository.CredentialRepository;
import io.quintet.kosync.error.KosyncError;
import io.quintet.kosync.error.KosyncException;
import io.quintet.kosync.metrics.KosyncMetrics;
import io.smallrye.mutiny.Uni;
import io.vertx.core.MultiMap;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * Who is calling, from {@code x-auth-user} / {@code x-auth-key}. Every failure is the same
 * 401/2001 — missing headers, unknown name, wrong key — so names cannot be probed (spec 8);
 * an unknown name even pays for a decoy bcrypt so it is not faster to refuse.
 */
@ApplicationScoped
public class Authenticator {

    private final CredentialRepository users;
    private final KeyHasher hasher;
    private final VerifiedCredentials verified;
    private final KosyncMetrics metrics;

    public Authenticator(
            CredentialRepository users, KeyHasher hasher, VerifiedCredentials verified, KosyncMetrics metrics) {
        this.users = users;
        this.hasher = hasher;
        this.verified = verified;
        this.metrics = metrics;
    }

    public Uni<Account> authenticate(MultiMap headers) {
        Optional<CredentialHeaders> presented = CredentialHeaders.read(headers);
        if (presented.isEmpty()
                || !AccountRules.isValidName(presented.get().username())
                || !AccountRules.isValidKey(presented.get().key())) {
            return refuse();
        }
        String username = presented.get().username();
        String key = presented.get().key();
        return verified.verified(username, key, () -> check(username, key))
                .onItem()
                .ifNull()
                .switchTo(this::refuse);
    }

    /**
     * The account of a request whose credentials were verified recently (an in-memory hit, no
     * database, no bcrypt), or null: then {@link #authenticate} decides, slowly, on a worker.
     */
    public Account cached(MultiMap headers) {
        CredentialHeaders presented = CredentialHeaders.readOrNull(headers);
        if (presented == null
                || !AccountRules.isValidName(presented.username())
                || !AccountRules.isValidKey(presented.key())) {
            return null;
        }
        return verified.cached(presented.username(), presented.key());
    }

    private Uni<Account> check(String username, String key) {
        return users.findKey(username)
                .chain(stored -> stored.isEmpty()
                        ? hasher.decoyCheck(key).replaceWith((Account) null)
                        : hasher.matches(key, stored.get().keyHash())
                                .map(ok -> ok ? new Account(stored.get().id(), username) : null));
    }

    private Uni<Account> refuse() {
        metrics.authFailure();
        return Uni.createFrom().failure(new KosyncException(KosyncError.UNAUTHORIZED));
    }
}
