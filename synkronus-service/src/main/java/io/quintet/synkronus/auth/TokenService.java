package io.quintet.synkronus.auth;

import io.quarkus.runtime.Startup;
import io.quintet.synkronus.config.SynkronusConfig;
import io.quintet.synkronus.http.Caller;
import io.quintet.synkronus.http.Role;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.jwt.build.Jwt;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Issues and verifies the HS256 tokens of synkronus.md 4.1 (claims username, role, token_use, iss,
 * sub, iat, exp, nothing else): signed by smallrye-jwt-build, verified by smallrye-jwt's parser.
 */
@Startup
@Singleton
public class TokenService {

    public static final String ISSUER = "synkronus";
    public static final Duration ACCESS_LIFETIME = Duration.ofHours(24);
    public static final Duration REFRESH_LIFETIME = Duration.ofDays(7);

    /** Bounds the verified-token cache; past it the cache starts over (tokens are re-verified, nothing else changes). */
    static final int MAX_CACHED_TOKENS = 10_000;

    private final SecretKey key;
    private final DefaultJWTParser parser;
    private final boolean acceptUntyped;

    /**
     * Access tokens already verified, by their exact text, until their own expiry: a client sends the
     * same token with every request, and parsing and checking it again cost more than the rest of a
     * cached answer (the 1 000-client manifest burst). Only successful verifications are kept, and a
     * token's claims cannot change without changing its text (and so its signature).
     */
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();

    private record Verified(Caller caller, long expiresAtSecond) {}

    public TokenService(SynkronusConfig config) {
        String secret = config.jwtSecret()
                .filter(s -> !s.isEmpty())
                .orElseThrow(
                        () -> new IllegalStateException(
                                "JWT_SECRET is not set: synkronus-service signs its tokens with it and refuses to start without one "
                                        + "(set JWT_SECRET to a long random string; the launcher generates one in its data directory)"));
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        JWTAuthContextInfo context = new JWTAuthContextInfo();
        context.setSecretVerificationKey(key);
        context.setSignatureAlgorithm(Set.of(SignatureAlgorithm.HS256));
        context.setRequireNamedPrincipal(false);
        context.setRelaxVerificationKeyValidation(true);
        context.setClockSkew(0);
        context.setRequiredClaims(Set.of("exp"));
        this.parser = new DefaultJWTParser(context);
        this.acceptUntyped = config.acceptLegacyUntypedTokens();
    }

    /** An access and refresh pair for a user; {@code expiresAt} is the access token's expiry in Unix seconds. */
    public TokenPair issue(String userId, String username, String role) {
        long now = Instant.now().getEpochSecond();
        long accessExpiry = now + ACCESS_LIFETIME.toSeconds();
        return new TokenPair(
                sign(userId, username, role, "access", now, accessExpiry),
                sign(userId, username, role, "refresh", now, now + REFRESH_LIFETIME.toSeconds()),
                accessExpiry);
    }

    private String sign(String userId, String username, String role, String use, long iat, long exp) {
        return Jwt.claim("username", username)
                .claim("role", role)
                .claim("token_use", use)
                .issuer(ISSUER)
                .subject(userId)
                .issuedAt(iat)
                .expiresAt(exp)
                .jws()
                .algorithm(SignatureAlgorithm.HS256)
                .sign(key);
    }

    /** The caller of an {@code Authorization: Bearer <access token>} header; empty for anything else. */
    public Optional<Caller> verifyAccess(String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return Optional.empty();
        }
        String token = authorization.substring("Bearer ".length());
        long now = Instant.now().getEpochSecond();
        Verified known = verified.get(token);
        if (known != null) {
            if (now < known.expiresAtSecond()) {
                return Optional.of(known.caller());
            }
            verified.remove(token);
            return Optional.empty();
        }
        Optional<JsonWebToken> jwt = verify(token, "access");
        Optional<Caller> caller = jwt.flatMap(t ->
                Role.parse(t.getClaim("role")).map(role -> new Caller(t.getClaim("username"), role, t.getSubject())));
        if (caller.isPresent()) {
            if (verified.size() >= MAX_CACHED_TOKENS) {
                verified.clear();
            }
            verified.put(token, new Verified(caller.get(), jwt.get().getExpirationTime()));
        }
        return caller;
    }

    /** A refresh token's claims (username and subject), or empty when it is not a valid refresh token. */
    public Optional<JsonWebToken> verifyRefresh(String token) {
        return verify(token, "refresh");
    }

    private Optional<JsonWebToken> verify(String token, String use) {
        JsonWebToken jwt;
        try {
            jwt = parser.parse(token);
        } catch (ParseException | RuntimeException e) {
            return Optional.empty();
        }
        Object username = jwt.getClaim("username");
        if (!(username instanceof String) || jwt.getExpirationTime() <= 0) {
            return Optional.empty();
        }
        if (!jwt.containsClaim("token_use")) {
            return acceptUntyped ? Optional.of(jwt) : Optional.empty();
        }
        if (!use.equals(jwt.getClaim("token_use")) || !ISSUER.equals(jwt.getIssuer())) {
            return Optional.empty();
        }
        return Optional.of(jwt);
    }
}
