package io.quintet.objectstore.admin;

import io.quarkus.elytron.security.common.BcryptUtil;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quintet.objectstore.auth.AdminUser;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Admin login sessions (6.2 {@code POST /api/v2/sessions}): a random token is handed out once; the
 * database keeps only its SHA-256 (so every replica accepts it, and a database leak reveals no token).
 * Passwords are checked with bcrypt; an unknown user costs the same bcrypt as a wrong password.
 */
@Singleton
public class AdminSessions {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String DECOY = BcryptUtil.bcryptHash("decoy-for-unknown-admin-users", 10);

    private final Pool pool;
    private final Duration lifetime;

    public AdminSessions(
            Pool pool, @ConfigProperty(name = "objectstore.admin.session-hours", defaultValue = "12") int hours) {
        this.pool = pool;
        this.lifetime = Duration.ofHours(hours);
    }

    /** A started session: the bearer token (shown once) and who it belongs to. */
    public record Started(String token, AdminCaller caller, OffsetDateTime expiresAt) {}

    public Uni<Optional<Started>> login(String name, String password) {
        if (name == null || password == null) return Uni.createFrom().item(Optional.empty());
        return Panache.withSession(() -> AdminUser.<AdminUser>findById(name)).chain(user -> {
            boolean matches = BcryptUtil.matches(password, user == null ? DECOY : user.passwordHash);
            if (user == null || !matches) return Uni.createFrom().item(Optional.<Started>empty());
            AdminCaller caller = new AdminCaller(user.name, user.roleSet());
            if (!caller.canRead()) return Uni.createFrom().item(Optional.<Started>empty());
            byte[] raw = new byte[32];
            RANDOM.nextBytes(raw);
            String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
            OffsetDateTime expires = OffsetDateTime.now().plus(lifetime);
            return pool.preparedQuery(
                            "INSERT INTO objectstore.admin_sessions (token_sha256, username, expires_at) VALUES ($1, $2, $3)")
                    .execute(Tuple.of(sha256(token), user.name, expires))
                    .map(ok -> Optional.of(new Started(token, caller, expires)));
        });
    }

    /** The caller a token belongs to, if the session exists and has not expired. */
    public Uni<Optional<AdminCaller>> caller(String token) {
        if (token == null || token.isBlank() || token.length() > 200)
            return Uni.createFrom().item(Optional.empty());
        return pool.preparedQuery(
                        "SELECT u.name, u.roles FROM objectstore.admin_sessions s "
                                + "JOIN objectstore.users u ON u.name = s.username WHERE s.token_sha256 = $1 AND s.expires_at > now()")
                .execute(Tuple.of(sha256(token)))
                .map(rows -> {
                    if (!rows.iterator().hasNext()) return Optional.<AdminCaller>empty();
                    var row = rows.iterator().next();
                    return Optional.of(new AdminCaller(
                            row.getString(0), Set.of(row.getString(1).split(","))));
                });
    }

    public Uni<Void> logout(String token) {
        if (token == null) return Uni.createFrom().voidItem();
        return pool.preparedQuery(
                        "DELETE FROM objectstore.admin_sessions WHERE token_sha256 = $1 OR expires_at < now()")
                .execute(Tuple.of(sha256(token)))
                .replaceWithVoid();
    }

    /** Ends every session of a user (after a password change or deletion). */
    public Uni<Void> endAll(String user) {
        return pool.preparedQuery("DELETE FROM objectstore.admin_sessions WHERE username = $1")
                .execute(Tuple.of(user))
                .replaceWithVoid();
    }

    static String sha256(String token) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
