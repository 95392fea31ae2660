package io.quintet.kora.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quintet.kora.config.KoraConfig;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@code kora.auth.mode} selects and wires the provider. */
class AuthenticatorTest {

    private static final String SECRET = "a-secret-of-at-least-thirty-two-characters";

    /** A config whose methods answer from {@code values} by name (Optionals wrapped as needed). */
    @SuppressWarnings("unchecked")
    private static <T> T config(Class<T> type, Map<String, Object> values) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            Object value = values.get(method.getName());
            if (method.getReturnType() == Optional.class) return Optional.ofNullable(value);
            return value;
        });
    }

    private static KoraConfig koraConfig(String mode, String primary) {
        KoraConfig.Jwt jwt = config(KoraConfig.Jwt.class, Map.of("secrets", List.of(SECRET), "users", List.of("u1")));
        KoraConfig.Auth auth = config(
                KoraConfig.Auth.class,
                Map.of(
                        "mode",
                        mode,
                        "tokens",
                        List.of("alice=pw"),
                        "anonymousScopes",
                        "{\"pub\":{}}",
                        "anonymousPrefix",
                        "anon",
                        "primary",
                        primary,
                        "jwt",
                        jwt));
        return config(KoraConfig.class, Map.of("auth", auth));
    }

    private static String accessToken(String sub) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String head = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        long exp = System.currentTimeMillis() / 1000 + 600;
        String body = b64.encodeToString(("{\"jti\":\"j\",\"sub\":\"" + sub
                        + "\",\"dev\":\"d\",\"type\":\"access\",\"iat\":1,\"exp\":" + exp + "}")
                .getBytes(StandardCharsets.UTF_8));
        byte[] sig = KoraJwtAuthProvider.hmac(
                SECRET.getBytes(StandardCharsets.UTF_8), (head + "." + body).getBytes(StandardCharsets.UTF_8));
        return head + "." + body + "." + b64.encodeToString(sig);
    }

    @Test
    @DisplayName("modes none, token, jwt and mixed (with a jwt primary) are wired from configuration")
    void modes() {
        assertTrue(new Authenticator(koraConfig("none", "token")).provider().isEmpty());
        assertInstanceOf(
                StaticTokenAuthProvider.class,
                new Authenticator(koraConfig("token", "token")).provider().orElseThrow());
        AuthProvider jwt =
                new Authenticator(koraConfig("JWT", "token")).provider().orElseThrow();
        assertEquals(
                "u1", jwt.authenticate(accessToken("u1")).await().indefinitely().userId());
        assertNull(jwt.authenticate(accessToken("u2")).await().indefinitely());
        AuthProvider mixed =
                new Authenticator(koraConfig("mixed", "jwt")).provider().orElseThrow();
        assertEquals(
                "u1",
                mixed.authenticate(accessToken("u1")).await().indefinitely().userId());
        AuthContext anonymous = mixed.authenticate("invalid").await().indefinitely();
        assertNotNull(anonymous);
        assertTrue(anonymous.userId().startsWith("anon-"));
        assertEquals("{\"pub\":{}}", anonymous.scopes().toString());
        assertThrows(IllegalArgumentException.class, () -> new Authenticator(koraConfig("ldap", "token")));
    }
}
