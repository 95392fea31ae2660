package io.quintet.kosync.auth;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.quintet.kosync.config.KosyncConfig;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * Successful verifications, remembered for a bounded time so a push or pull costs one hash of
 * the key instead of a bcrypt. Entries are keyed by the name and a salted SHA-256 of the key (the
 * key itself is never kept); concurrent first requests share one verification. A failed or
 * in-flight verification is never remembered past {@link #forget}.
 */
@Singleton
public class VerifiedCredentials {

    private final AsyncCache<Presented, Account> cache;
    private final byte[] salt = new byte[16];
    private final ThreadLocal<MessageDigest> sha256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });

    public VerifiedCredentials(KosyncConfig config) {
        new SecureRandom().nextBytes(salt);
        this.cache = Caffeine.newBuilder()
                .expireAfterWrite(config.credentials().cacheTtl())
                .maximumSize(config.credentials().cacheSize())
                .buildAsync();
    }

    /**
     * The account for these credentials: from memory when verified recently, else from
     * {@code verify}, which yields null for a refused key (not remembered).
     */
    public Uni<Account> verified(String username, String key, Supplier<Uni<Account>> verify) {
        Presented presented = new Presented(username, digest(key));
        CompletableFuture<Account> future =
                cache.get(presented, (k, executor) -> verify.get().subscribeAsCompletionStage());
        if (future.isDone() && !future.isCompletedExceptionally()) {
            return Uni.createFrom().item(future.join());
        }
        return Uni.createFrom()
                .completionStage(future)
                .onFailure(CompletionException.class)
                .transform(e -> e.getCause() == null ? e : e.getCause());
    }

    /**
     * The account when these credentials were verified recently and the verification is complete,
     * else null: the allocation-light check of the hot routes, which fall back to {@link #verified}.
     */
    public Account cached(String username, String key) {
        CompletableFuture<Account> future = cache.getIfPresent(new Presented(username, digest(key)));
        if (future == null || !future.isDone() || future.isCompletedExceptionally()) {
            return null;
        }
        return future.getNow(null);
    }

    /** Remembers a key known to be right without verifying it (it was just stored). */
    public void remember(String username, String key, Account account) {
        cache.put(new Presented(username, digest(key)), CompletableFuture.completedFuture(account));
    }

    /** Drops every remembered verification of this name, in-flight ones included. */
    public void forget(String username) {
        cache.asMap().keySet().removeIf(p -> p.username().equals(username));
    }

    private String digest(String key) {
        MessageDigest md = sha256.get();
        md.update(salt);
        return Base64.getEncoder().encodeToString(md.digest(key.getBytes(StandardCharsets.UTF_8)));
    }

    private record Presented(String username, String keyDigest) {}
}
