package io.quintet.kora.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quintet.kora.testing.KoraTestClient;
import io.quintet.kora.testing.KoraTestSupport;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** RS256 handshake tokens checked by smallrye-jwt against a JWKS that this test serves over HTTP. */
@QuarkusTest
@TestProfile(JwksAuthTest.Profile.class)
class JwksAuthTest {

    static final KeyPair KEY = rsa();
    static final KeyPair OTHER = rsa();
    static final String ISSUER = "https://idp.test";
    static final HttpServer JWKS = serve();

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "kora.auth.mode",
                    "jwks",
                    "kora.auth.jwks.location",
                    "http://127.0.0.1:" + JWKS.getAddress().getPort() + "/jwks.json",
                    "kora.auth.jwks.issuer",
                    ISSUER,
                    "kora.auth.jwks.audience",
                    "kora",
                    "kora.auth.jwks.scopes",
                    "{\"jwkstodos\":{\"ownerId\":\"{userId}\"}}");
        }
    }

    private static KeyPair rsa() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes[0] == 0) bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
        return b64(bytes);
    }

    private static HttpServer serve() {
        try {
            RSAPublicKey pub = (RSAPublicKey) KEY.getPublic();
            byte[] body = ("{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"k1\",\"use\":\"sig\",\"alg\":\"RS256\",\"n\":\""
                            + unsigned(pub.getModulus()) + "\",\"e\":\"" + unsigned(pub.getPublicExponent()) + "\"}]}")
                    .getBytes(StandardCharsets.UTF_8);
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/jwks.json", exchange -> {
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static String token(KeyPair key, String alg, String claims) {
        try {
            String header =
                    b64(("{\"alg\":\"" + alg + "\",\"typ\":\"JWT\",\"kid\":\"k1\"}").getBytes(StandardCharsets.UTF_8));
            String payload = b64(claims.getBytes(StandardCharsets.UTF_8));
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(key.getPrivate());
            signature.update((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
            return header + "." + payload + "." + b64(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String claims(String sub, String iss, String aud, long expSeconds) {
        long now = System.currentTimeMillis() / 1000;
        return "{\"sub\":\"" + sub + "\",\"iss\":\"" + iss + "\",\"aud\":\"" + aud + "\",\"iat\":" + now + ",\"exp\":"
                + expSeconds + ",\"jti\":\"j-" + System.nanoTime() + "\"}";
    }

    @TestHTTPResource("/")
    URL base;

    private JsonNode handshake(String token) {
        try (KoraTestClient c = KoraTestClient.connect(KoraTestSupport.ws(base, "/"))) {
            ObjectNode h = c.handshake(0L);
            if (token != null) h.put("authToken", token);
            c.send(h);
            // the first handshake fetches the JWKS and verifies RS256 with cold code: generous under load
            JsonNode first = c.next(30);
            if (first.path("type").asText().equals("error")) {
                assertEquals(1000, c.awaitClose(5).code());
            }
            return first;
        }
    }

    @Test
    @DisplayName(
            "C14 C57 RS256 token verified against the served JWKS → accepted with sub as user and the scope template; bad tokens → AUTH_FAILED")
    void rs256Jwks() {
        long later = System.currentTimeMillis() / 1000 + 600;
        JsonNode accepted = handshake(token(KEY, "RS256", claims("alice", ISSUER, "kora", later)));
        assertEquals("handshake-response", accepted.get("type").asText());
        assertTrue(accepted.get("accepted").asBoolean());
        assertEquals(
                "alice",
                accepted.get("acceptedScope").get("jwkstodos").get("ownerId").asText());

        for (String bad : new String[] {
            token(OTHER, "RS256", claims("alice", ISSUER, "kora", later)), // not the JWKS key
            token(KEY, "RS256", claims("alice", ISSUER, "kora", later - 1200)), // expired
            token(KEY, "RS256", claims("alice", "https://evil.test", "kora", later)),
            token(KEY, "RS256", claims("alice", ISSUER, "other-app", later)),
            "not.a.jwt",
            ""
        }) {
            JsonNode refused = handshake(bad);
            assertEquals("AUTH_FAILED", refused.get("code").asText(), bad);
        }
        assertEquals("AUTH_FAILED", handshake(null).get("code").asText());
    }
}
