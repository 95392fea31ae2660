package io.quintet.kora.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quintet.kora.codec.JsonCodec;
import io.smallrye.mutiny.Uni;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.function.LongSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Kora's own access tokens ({@code KoraAuthProvider}, kora.md 10.1): compact HS256 JWS whose header
 * segment is exactly the reference's, signed with one of the configured secrets (rotation: each
 * is tried in order), claims {@code jti, sub, dev, type, iat, exp} all present with their types,
 * {@code type == "access"}, not expired; then the user directory decides (unknown user, revoked
 * token or device → refused) and supplies the scopes.
 */
public final class KoraJwtAuthProvider implements AuthProvider {

    /** base64url of {@code {"alg":"HS256","typ":"JWT"}}; any other header is refused. */
    static final String HEADER = Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));

    static final int MIN_SECRET_LENGTH = 32;

    private final List<byte[]> secrets;
    private final KoraUserDirectory directory;
    private final LongSupplier clock;

    public KoraJwtAuthProvider(List<String> secrets, KoraUserDirectory directory, LongSupplier clock) {
        if (secrets.isEmpty()) {
            throw new IllegalArgumentException("kora.auth.jwt.secrets needs at least one secret");
        }
        for (String secret : secrets) {
            if (secret.length() < MIN_SECRET_LENGTH) {
                throw new IllegalArgumentException(
                        "Kora JWT secrets must be at least " + MIN_SECRET_LENGTH + " characters");
            }
        }
        this.secrets =
                secrets.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList();
        this.directory = directory;
        this.clock = clock;
    }

    @Override
    public Uni<AuthContext> authenticate(String token) {
        ObjectNode claims = verifiedClaims(token);
        if (claims == null) {
            return Uni.createFrom().nullItem();
        }
        return directory.authorize(
                claims.get("sub").textValue(),
                claims.get("dev").textValue(),
                claims.get("jti").textValue());
    }

    /** The claims of a well-formed, correctly signed, unexpired access token; null otherwise. */
    ObjectNode verifiedClaims(String token) {
        if (token == null) return null;
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3 || !HEADER.equals(parts[0])) return null;
        byte[] signature;
        JsonNode payload;
        try {
            signature = Base64.getUrlDecoder().decode(parts[2]);
            payload = JsonCodec.mapper().readTree(Base64.getUrlDecoder().decode(parts[1]));
        } catch (Exception e) {
            return null;
        }
        byte[] signingInput = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.UTF_8);
        boolean signed = false;
        for (byte[] secret : secrets) {
            signed |= MessageDigest.isEqual(hmac(secret, signingInput), signature);
        }
        if (!signed || !(payload instanceof ObjectNode claims)) return null;
        for (String name : List.of("jti", "sub", "dev", "type")) {
            if (claims.get(name) == null || !claims.get(name).isTextual()) return null;
        }
        for (String name : List.of("iat", "exp")) {
            if (claims.get(name) == null || !claims.get(name).isNumber()) return null;
        }
        if (!"access".equals(claims.get("type").textValue())) return null;
        if (claims.get("exp").doubleValue() * 1000 <= clock.getAsLong()) return null;
        return claims;
    }

    static byte[] hmac(byte[] secret, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
