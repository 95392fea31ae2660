package io.quintet.kosync.auth;

import io.quarkus.elytron.security.common.BcryptUtil;
import io.quintet.kosync.config.KosyncConfig;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.function.Supplier;

/**
 * bcrypt of account keys, always on a worker thread (tens of milliseconds of CPU each).
 * The key is first reduced to Base64(SHA-256): bcrypt reads only 72 bytes and keys may have 255,
 * so two keys sharing a 72-byte prefix must not verify as each other.
 */
@Singleton
public class KeyHasher {

    private final int cost;
    private volatile String decoy;

    public KeyHasher(KosyncConfig config) {
        this.cost = config.credentials().hashCost();
    }

    public Uni<String> hash(String key) {
        return onWorker(() -> hashNow(key));
    }

    public String hashNow(String key) {
        return BcryptUtil.bcryptHash(reduce(key), cost);
    }

    public Uni<Boolean> matches(String key, String hash) {
        return onWorker(() -> BcryptUtil.matches(reduce(key), hash));
    }

    /** The same work as a real check, so an unknown name answers as slowly as a wrong key. */
    public Uni<Boolean> decoyCheck(String key) {
        return onWorker(() -> {
            String d = decoy;
            if (d == null) {
                byte[] random = new byte[16];
                new SecureRandom().nextBytes(random);
                d = decoy = BcryptUtil.bcryptHash(Base64.getEncoder().encodeToString(random), cost);
            }
            BcryptUtil.matches(reduce(key), d);
            return false;
        });
    }

    private static <T> Uni<T> onWorker(Supplier<T> work) {
        return Uni.createFrom().item(work).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private static String reduce(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
