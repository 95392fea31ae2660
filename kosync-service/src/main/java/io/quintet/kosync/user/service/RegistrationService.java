package io.quintet.kosync.user.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quintet.kosync.auth.Account;
import io.quintet.kosync.auth.AccountRules;
import io.quintet.kosync.auth.KeyHasher;
import io.quintet.kosync.auth.VerifiedCredentials;
import io.quintet.kosync.config.KosyncConfig;
import io.quintet.kosync.error.KosyncError;
import io.quintet.kosync.error.KosyncException;
import io.quintet.kosync.metrics.KosyncMetrics;
import io.quintet.kosync.user.Fields;
import io.quintet.kosync.user.repository.UserRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * {@code POST /users/create} (spec 6.1): switch, then fields, then the name's uniqueness, which
 * the database decides atomically. The key is stored only as a bcrypt hash.
 */
@ApplicationScoped
public class RegistrationService {

    private final KosyncConfig config;
    private final UserRepository users;
    private final KeyHasher hasher;
    private final VerifiedCredentials verified;
    private final KosyncMetrics metrics;

    public RegistrationService(
            KosyncConfig config,
            UserRepository users,
            KeyHasher hasher,
            VerifiedCredentials verified,
            KosyncMetrics metrics) {
        this.config = config;
        this.users = users;
        this.hasher = hasher;
        this.verified = verified;
        this.metrics = metrics;
    }

    /** The registered name. */
    public Uni<String> register(Optional<ObjectNode> body) {
        if (!config.registration().open()) {
            // whatever the body says (spec 6.1): the only answer KOReader shows with its message
            return Uni.createFrom().failure(new KosyncException(KosyncError.REGISTRATION_DISABLED));
        }
        Optional<String> username = Fields.string(body, "username").filter(AccountRules::isValidName);
        Optional<String> key = Fields.string(body, "password").filter(AccountRules::isValidKey);
        if (username.isEmpty() || key.isEmpty()) {
            return Uni.createFrom().failure(new KosyncException(KosyncError.INVALID_REQUEST));
        }
        return create(username.get(), key.get(), KosyncError.USERNAME_TAKEN).invoke(metrics::registration);
    }

    /** Creates the account, failing with {@code taken} when the name exists; used by the admin API too. */
    public Uni<String> create(String username, String key, KosyncError taken) {
        // a cheap look first spares a bcrypt for an obviously taken name; the insert still decides
        return users.exists(username)
                .chain(exists -> exists
                        ? Uni.createFrom().failure(new KosyncException(taken))
                        : hasher.hash(key).chain(hash -> users.insert(username, hash)))
                .map(id -> {
                    if (id.isEmpty()) {
                        throw new KosyncException(taken);
                    }
                    // the device's next call needs no bcrypt: the key was just hashed from this very value
                    verified.remember(username, key, new Account(id.get(), username));
                    return username;
                });
    }
}
