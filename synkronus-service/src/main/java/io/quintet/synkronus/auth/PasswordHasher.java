package io.quintet.synkronus.auth;

import io.quarkus.elytron.security.common.BcryptUtil;
import io.quintet.synkronus.config.SynkronusConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.inject.Singleton;
import java.util.function.Supplier;

/**
 * bcrypt of passwords (the reference stores bcrypt, cost 10, so its hashes import unchanged), always
 * on a worker thread. An unknown user still costs one comparison (timing equalisation).
 */
@Singleton
public class PasswordHasher {

    private final int cost;
    private final String decoy;
    private final Vertx vertx;

    public PasswordHasher(SynkronusConfig config, Vertx vertx) {
        this.vertx = vertx;
        this.cost = config.auth().hashCost();
        this.decoy = BcryptUtil.bcryptHash("decoy-" + System.nanoTime(), cost);
    }

    public Uni<String> hash(String password) {
        return onWorker(() -> hashNow(password));
    }

    public String hashNow(String password) {
        return BcryptUtil.bcryptHash(password, cost);
    }

    /** Compares against the stored hash, or against a decoy when there is none (always false then). */
    public Uni<Boolean> matches(String password, String hash) {
        return onWorker(() -> {
            if (hash == null) {
                safeMatch(password, decoy);
                return false;
            }
            return safeMatch(password, hash);
        });
    }

    private static boolean safeMatch(String password, String hash) {
        try {
            return BcryptUtil.matches(password, hash);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** On a worker, resuming on the caller's context (Hibernate Reactive sessions are bound to it). */
    private <T> Uni<T> onWorker(Supplier<T> work) {
        return vertx.executeBlocking(Uni.createFrom().item(work), false);
    }
}
