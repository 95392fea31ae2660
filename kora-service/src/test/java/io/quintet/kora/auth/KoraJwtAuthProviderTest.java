package io.quintet.kora.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quintet.kora.codec.JsonCodec;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class KoraJwtAuthProviderTest {

    private static final String OLD = "an-old-secret-that-is-at-least-32-chars";
    private static final String CURRENT = "the-current-secret-also-32-characters-long";
    private static final long NOW = 1_700_000_000_000L;
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final KoraJwtAuthProvider provider = new KoraJwtAuthProvider(
            List.of(CURRENT, OLD),
            new ConfiguredUserDirectory(
                    Optional.of(Set.of("user-1", "user-2")),
                    Set.of("revoked-jti"),
                    Set.of("stolen-device"),
                    json("{\"todos\":{\"ownerId\":\"{userId}\"}}")),
            () -> NOW);

    private static ObjectNode json(String text) {
        try {
            return (ObjectNode) JsonCodec.mapper().readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static String token(String header, ObjectNode claims, String secret) {
        String head = B64.encodeToString(header.getBytes(StandardCharsets.UTF_8));
        String body = B64.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8));
        byte[] signature = KoraJwtAuthProvider.hmac(
                secret.getBytes(StandardCharsets.UTF_8), (head + "." + body).getBytes(StandardCharsets.UTF_8));
        return head + "." + body + "." + B64.encodeToString(signature);
    }

    private static ObjectNode claims(String type, long expSeconds, String sub, String jti, String dev) {
        return JsonCodec.mapper()
                .createObjectNode()
                .put("jti", jti)
                .put("sub", sub)
                .put("dev", dev)
                .put("type", type)
                .put("iat", NOW / 1000 - 10)
                .put("exp", expSeconds);
    }

    private static final String HEADER = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";

    private AuthContext authenticate(String token) {
        return provider.authenticate(token).await().indefinitely();
    }

    @Test
    @DisplayName(
            "C56 Kora JWT: access token accepted; refresh, expired, wrong header, wrong secret, unknown user, revoked jti/device refused; rotation honoured")
    void c56KoraJwt() {
        long exp = NOW / 1000 + 900;
        AuthContext ok = authenticate(token(HEADER, claims("access", exp, "user-1", "j1", "d1"), CURRENT));
        assertNotNull(ok);
        assertEquals("user-1", ok.userId());
        assertEquals("{\"todos\":{\"ownerId\":\"user-1\"}}", ok.scopes().toString());
        assertEquals("d1", ok.metadata().get("deviceId").asText());
        assertNotNull(
                authenticate(token(HEADER, claims("access", exp, "user-2", "j2", "d1"), OLD)),
                "rotation: older secret");

        assertNull(authenticate(token(HEADER, claims("refresh", exp, "user-1", "j3", "d1"), CURRENT)), "refresh token");
        assertNull(authenticate(token(HEADER, claims("access", NOW / 1000, "user-1", "j4", "d1"), CURRENT)), "expired");
        assertNull(
                authenticate(token(
                        "{\"typ\":\"JWT\",\"alg\":\"HS256\"}", claims("access", exp, "user-1", "j5", "d1"), CURRENT)),
                "other header spelling");
        assertNull(authenticate(
                token("{\"alg\":\"none\",\"typ\":\"JWT\"}", claims("access", exp, "user-1", "j5", "d1"), CURRENT)));
        assertNull(
                authenticate(token(
                        HEADER, claims("access", exp, "user-1", "j6", "d1"), "some-other-secret-of-enough-length-x")),
                "wrong secret");
        assertNull(authenticate(token(HEADER, claims("access", exp, "stranger", "j7", "d1"), CURRENT)), "unknown user");
        assertNull(
                authenticate(token(HEADER, claims("access", exp, "user-1", "revoked-jti", "d1"), CURRENT)),
                "revoked jti");
        assertNull(
                authenticate(token(HEADER, claims("access", exp, "user-1", "j8", "stolen-device"), CURRENT)),
                "revoked device");
        ObjectNode missing = claims("access", exp, "user-1", "j9", "d1");
        missing.remove("dev");
        assertNull(authenticate(token(HEADER, missing, CURRENT)), "missing claim");
        ObjectNode wrongType = claims("access", exp, "user-1", "j9", "d1");
        wrongType.put("iat", "yesterday");
        assertNull(authenticate(token(HEADER, wrongType, CURRENT)), "mistyped claim");
        assertNull(authenticate(""));
        assertNull(authenticate("a.b"));
        assertNull(authenticate("not.a.jwt!"));
    }

    @Test
    @DisplayName("secrets shorter than 32 characters are refused at start")
    void shortSecret() {
        assertThrows(
                IllegalArgumentException.class,
                () -> new KoraJwtAuthProvider(List.of("short"), (u, d, t) -> null, () -> NOW));
    }
}
