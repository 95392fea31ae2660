package io.quintet.synkronus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quintet.synkronus.auth.TokenService;
import io.quintet.synkronus.auth.service.AuthLimiter;
import io.quintet.synkronus.user.service.UserBootstrap;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The auth rules that need other settings than the running service's. */
class AuthUnitTest {

    @Test
    @DisplayName("C26 X-Real-IP is ignored unless the peer lies in the trusted CIDRs")
    void c26() {
        AuthLimiter untrusting = new AuthLimiter(ConfigFixture.of(Map.of()));
        assertEquals("192.0.2.7", untrusting.clientIp("192.0.2.7", "10.9.9.9", null));
        AuthLimiter trusting =
                new AuthLimiter(ConfigFixture.of(Map.of("synkronus.auth.trusted-proxy-cidrs", "192.0.2.0/24")));
        assertEquals("10.9.9.9", trusting.clientIp("192.0.2.7", "10.9.9.9", null));
        assertEquals("198.51.100.1", trusting.clientIp("198.51.100.1", "10.9.9.9", null));
        assertEquals("203.0.113.5", trusting.clientIp("192.0.2.7", null, "198.51.100.9, 203.0.113.5"));
    }

    @Test
    @DisplayName("C24 the per-IP budget: 60 pass, the 61st is refused")
    void c24() {
        AuthLimiter limiter = new AuthLimiter(ConfigFixture.of(Map.of()));
        for (int i = 0; i < 60; i++) {
            assertTrue(limiter.chargeRequest("192.0.2.1").isEmpty());
        }
        assertTrue(limiter.chargeRequest("192.0.2.1").isPresent());
        assertTrue(limiter.chargeRequest("192.0.2.2").isEmpty());
    }

    @Test
    @DisplayName(
            "C21 a verified access token is remembered only until its own exp (then 401); a refresh token or a changed"
                    + " signature never passes as one")
    void verifiedTokensExpire() throws Exception {
        TokenService tokens = new TokenService(ConfigFixture.of(Map.of()));
        Map<String, Object> claims = new HashMap<>();
        claims.put("username", "ada");
        claims.put("role", "read-write");
        claims.put("token_use", "access");
        claims.put("iss", "synkronus");
        claims.put("sub", "u1");
        claims.put("iat", Jwts.now());
        claims.put("exp", Jwts.now() + 2);
        String access = Jwts.hs256(claims);
        assertEquals(
                "ada", tokens.verifyAccess("Bearer " + access).orElseThrow().username());
        assertTrue(tokens.verifyAccess("Bearer " + access).isPresent(), "served from the cache");
        String tampered = access.substring(0, access.length() - 2) + (access.endsWith("AA") ? "BB" : "AA");
        assertFalse(tokens.verifyAccess("Bearer " + tampered).isPresent());
        claims.put("token_use", "refresh");
        assertFalse(tokens.verifyAccess("Bearer " + Jwts.hs256(claims)).isPresent());
        Thread.sleep(3_100);
        assertFalse(tokens.verifyAccess("Bearer " + access).isPresent(), "expired while cached");
    }

    @Test
    @DisplayName("C20 legacy untyped tokens are refused when SYNKRONUS_ACCEPT_LEGACY_UNTYPED_TOKENS is false")
    void c20() {
        Map<String, Object> claims = new HashMap<>();
        claims.put("username", "admin");
        claims.put("role", "admin");
        claims.put("iat", Jwts.now());
        claims.put("exp", Jwts.now() + 3600);
        String legacy = Jwts.hs256(claims);
        TokenService on = new TokenService(ConfigFixture.of(Map.of()));
        assertTrue(on.verifyAccess("Bearer " + legacy).isPresent());
        assertTrue(on.verifyRefresh(legacy).isPresent());
        TokenService off =
                new TokenService(ConfigFixture.of(Map.of("synkronus.accept-legacy-untyped-tokens", "false")));
        assertFalse(off.verifyAccess("Bearer " + legacy).isPresent());
        assertFalse(off.verifyRefresh(legacy).isPresent());
    }

    @Test
    @DisplayName("the service refuses to start without JWT_SECRET, with a message naming it")
    void noSecret() {
        IllegalStateException e = assertThrows(
                IllegalStateException.class,
                () -> new TokenService(ConfigFixture.of(Map.of("synkronus.jwt-secret", ""))));
        assertTrue(e.getMessage().contains("JWT_SECRET"));
    }

    @Test
    @DisplayName("C28 only one recovery variable set → start-up fails")
    void c28OneVariable() throws Exception {
        var config = ConfigFixture.of(Map.of("synkronus.recovery.user", "rescue"));
        Constructor<UserBootstrap> constructor = UserBootstrap.class.getConstructor(
                io.quintet.synkronus.user.repository.UserRepository.class,
                io.quintet.synkronus.auth.PasswordHasher.class,
                io.quintet.synkronus.config.SynkronusConfig.class,
                io.vertx.mutiny.sqlclient.Pool.class);
        UserBootstrap bootstrap = constructor.newInstance(null, null, config, null);
        Method start = UserBootstrap.class.getDeclaredMethod("bootstrap", io.quarkus.runtime.StartupEvent.class);
        start.setAccessible(true);
        InvocationTargetException e = assertThrows(
                InvocationTargetException.class, () -> start.invoke(bootstrap, new io.quarkus.runtime.StartupEvent()));
        assertTrue(e.getCause() instanceof IllegalStateException);
        assertTrue(e.getCause().getMessage().contains("SYNKRONUS_RECOVERY_CREATE_PASS"));
    }
}
