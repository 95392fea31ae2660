package io.quintet.kosync.user.service;

import io.quintet.kosync.auth.CredentialInvalidations;
import io.quintet.kosync.auth.KeyHasher;
import io.quintet.kosync.user.repository.UserRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Key changes and account deletions. Each commits together with its cache invalidation, so no
 * replica keeps accepting the old key once the change is visible; this replica forgets at once.
 */
@ApplicationScoped
public class AccountService {

    private final UserRepository users;
    private final KeyHasher hasher;
    private final CredentialInvalidations invalidations;

    public AccountService(UserRepository users, KeyHasher hasher, CredentialInvalidations invalidations) {
        this.users = users;
        this.hasher = hasher;
        this.invalidations = invalidations;
    }

    /** Whether the account existed. */
    public Uni<Boolean> changeKey(String username, String newKey) {
        return hasher.hash(newKey)
                .chain(hash -> invalidations.inTransaction(
                        username,
                        tx -> users.updateKey(tx.connection(), username, hash)
                                .call(found -> found
                                        ? invalidations.publish(tx, username)
                                        : Uni.createFrom().voidItem())));
    }

    /**
     * Whether the account existed; its positions and history are deleted with it. A group of
     * pushes that holds one of the account's rows while waiting to insert another (the foreign-key
     * check waits for this delete) makes a deadlock that PostgreSQL breaks by failing one side: when
     * that is the delete, it is run again.
     */
    public Uni<Boolean> delete(String username) {
        return Uni.createFrom()
                .deferred(() -> invalidations.inTransaction(
                        username,
                        tx -> users.delete(tx.connection(), username)
                                .call(found -> found
                                        ? invalidations.publish(tx, username)
                                        : Uni.createFrom().voidItem())))
                .onFailure(AccountService::isDeadlock)
                .retry()
                .atMost(3);
    }

    private static boolean isDeadlock(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof PgException pg && "40P01".equals(pg.getSqlState())) {
                return true;
            }
        }
        return false;
    }
}
