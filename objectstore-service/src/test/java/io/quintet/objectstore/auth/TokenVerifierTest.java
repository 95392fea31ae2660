package io.quintet.objectstore.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.net.httpserver.HttpServer;
import io.quintet.objectstore.wire.WireCodec;
import io.smallrye.jwt.auth.principal.ParseException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The token checks behind JWT and Google logins (4.3, 4.4), against a key URL served on loopback. The
 * Authenticator turns a refused token into LOGIN_FAIL 43 and unavailable keys into 53.
 */
class TokenVerifierTest {

    static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    HttpServer keys;
    final AtomicReference<String> served = new AtomicReference<>();
    KeyPair first;
    KeyPair second;

    @BeforeEach
    void start() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        first = g.generateKeyPair();
        second = g.generateKeyPair();
        keys = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        keys.createContext("/keys", ex -> {
            byte[] body = served.get().getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        keys.start();
    }

    @AfterEach
    void stop() {
        if (keys != null) keys.stop(0);
    }

    String url() {
        return "http://127.0.0.1:" + keys.getAddress().getPort() + "/keys";
    }

    static String jwks(KeyPair pair, String kid) {
        RSAPublicKey k = (RSAPublicKey) pair.getPublic();
        return "{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"" + kid + "\",\"alg\":\"RS256\",\"use\":\"sig\",\"n\":\""
                + b64(k.getModulus()) + "\",\"e\":\"" + b64(k.getPublicExponent()) + "\"}]}";
    }

    static String pem(KeyPair pair) {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(pair.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    static String b64(BigInteger v) {
        byte[] bytes = v.toByteArray();
        if (bytes[0] == 0) bytes = java.util.Arrays.copyOfRange(bytes, 1, bytes.length);
        return B64.encodeToString(bytes);
    }

    static String token(KeyPair pair, String kid, String claimsJson) throws Exception {
        String header = B64.encodeToString(
                ("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + kid + "\"}").getBytes(StandardCharsets.UTF_8));
        String payload = B64.encodeToString(claimsJson.getBytes(StandardCharsets.UTF_8));
        Signature s = Signature.getInstance("SHA256withRSA");
        s.initSign(pair.getPrivate());
        s.update((header + "." + payload).getBytes(StandardCharsets.UTF_8));
        return header + "." + payload + "." + B64.encodeToString(s.sign());
    }

    static String claims(String aud, String iss, long expSeconds) {
        long now = System.currentTimeMillis() / 1000;
        return "{\"sub\":\"u1\",\"email\":\"a@example.com\",\"aud\":" + aud + ",\"iss\":\"" + iss + "\",\"iat\":" + now
                + ",\"exp\":" + (now + expSeconds) + "}";
    }

    TokenVerifier jwt(long cacheSeconds) {
        return new TokenVerifier(
                Optional.of(url()),
                Optional.empty(),
                cacheSeconds,
                Set.of("my-app"),
                Optional.of("https://issuer.example"),
                Set.of());
    }

    @Test
    @DisplayName(
            "C17 JWT keys from a JWKS URL, a PEM key URL and an inline publicKey; rotation after cache expiry; wrong aud/iss/signature/expired refused (43); key URL down → unavailable (53)")
    void c17Jwt() throws Exception {
        String good = claims("\"my-app\"", "https://issuer.example", 600);
        served.set(jwks(first, "k1"));
        TokenVerifier v = jwt(1);
        Map<String, String> c = v.verify(token(first, "k1", good));
        assertEquals("a@example.com", c.get("email"));
        assertThrows(
                ParseException.class,
                () -> v.verify(token(first, "k1", claims("\"other-app\"", "https://issuer.example", 600))));
        assertThrows(
                ParseException.class,
                () -> v.verify(token(first, "k1", claims("\"my-app\"", "https://evil.example", 600))));
        assertThrows(
                ParseException.class,
                () -> v.verify(token(first, "k1", claims("\"my-app\"", "https://issuer.example", -3600))));
        assertThrows(ParseException.class, () -> v.verify(token(second, "k1", good)));

        // rotation: the new key is picked up once the cached set expires
        served.set(jwks(second, "k2"));
        Thread.sleep(1100);
        v.verify(token(second, "k2", good));

        served.set(pem(first));
        TokenVerifier pemUrl = jwt(300);
        pemUrl.verify(token(first, "any", good));
        TokenVerifier inline = new TokenVerifier(
                Optional.empty(), Optional.of(pem(second)), 300, Set.of("my-app"), Optional.empty(), Set.of());
        inline.verify(token(second, "x", good));
        assertThrows(ParseException.class, () -> inline.verify(token(first, "x", good)));

        TokenVerifier down = jwt(300);
        keys.stop(0);
        keys = null;
        assertThrows(TokenVerifier.KeysUnavailableException.class, () -> down.verify(token(first, "k1", good)));
    }

    /** A self-signed RSA certificate made by the JDK's keytool, with its key pair. */
    record Certified(KeyPair pair, X509Certificate certificate) {
        String pem() throws Exception {
            return "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder().encodeToString(certificate.getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
        }
    }

    static Certified certified(Path dir, String alias) throws Exception {
        Path store = dir.resolve(alias + ".p12");
        Process keytool = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "keytool")
                                .toString(),
                        "-genkeypair",
                        "-alias",
                        alias,
                        "-keyalg",
                        "RSA",
                        "-keysize",
                        "2048",
                        "-dname",
                        "CN=" + alias,
                        "-validity",
                        "2",
                        "-storetype",
                        "PKCS12",
                        "-keystore",
                        store.toString(),
                        "-storepass",
                        "changeit",
                        "-keypass",
                        "changeit")
                .redirectErrorStream(true)
                .start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, keytool.waitFor(), output);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(store)) {
            ks.load(in, "changeit".toCharArray());
        }
        X509Certificate cert = (X509Certificate) ks.getCertificate(alias);
        PrivateKey key = (PrivateKey) ks.getKey(alias, "changeit".toCharArray());
        return new Certified(new KeyPair(cert.getPublicKey(), key), cert);
    }

    @Test
    @DisplayName(
            "C17 JWT keys as certificates: a JWKS whose key carries x5c, a Firebase-style kid → certificate map, and a PEM certificate URL; a token signed by another key is refused (43)")
    void c17Certificates(@TempDir Path dir) throws Exception {
        Certified one = certified(dir, "one");
        Certified two = certified(dir, "two");
        String good = claims("\"my-app\"", "https://issuer.example", 600);

        RSAPublicKey k = (RSAPublicKey) one.pair().getPublic();
        served.set("{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"c1\",\"alg\":\"RS256\",\"use\":\"sig\",\"n\":\""
                + b64(k.getModulus()) + "\",\"e\":\"" + b64(k.getPublicExponent()) + "\",\"x5c\":[\""
                + Base64.getEncoder().encodeToString(one.certificate().getEncoded()) + "\"]}]}");
        assertEquals("u1", jwt(300).verify(token(one.pair(), "c1", good)).get("sub"));
        assertThrows(ParseException.class, () -> jwt(300).verify(token(two.pair(), "c1", good)));

        served.set("{\"c1\":" + WireCodec.JSON.writeValueAsString(one.pem()) + ",\"c2\":"
                + WireCodec.JSON.writeValueAsString(two.pem()) + "}");
        assertEquals("u1", jwt(300).verify(token(two.pair(), "c2", good)).get("sub"));
        assertThrows(ParseException.class, () -> jwt(300).verify(token(one.pair(), "c2", good)));
        assertThrows(ParseException.class, () -> jwt(300).verify(token(one.pair(), "unknown", good)));

        served.set(one.pem());
        assertEquals("u1", jwt(300).verify(token(one.pair(), "any", good)).get("sub"));
        assertThrows(ParseException.class, () -> jwt(300).verify(token(two.pair(), "any", good)));
    }

    @Test
    @DisplayName("C18 an aud claim given as a single-element array is accepted")
    void c18AudArray() throws Exception {
        served.set(jwks(first, "k1"));
        assertEquals(
                "u1",
                jwt(300).verify(token(first, "k1", claims("[\"my-app\"]", "https://issuer.example", 600)))
                        .get("sub"));
    }

    @Test
    @DisplayName(
            "C20 a Google ID token whose aud is not one of clientIds is refused (43); a listed one with a Google issuer passes")
    void c20GoogleAudience() throws Exception {
        served.set(jwks(first, "g1"));
        TokenVerifier google = new TokenVerifier(
                Optional.of(url()),
                Optional.empty(),
                300,
                Set.of("client-1.apps.googleusercontent.com"),
                Optional.empty(),
                Set.of("accounts.google.com", "https://accounts.google.com"));
        google.verify(token(
                first, "g1", claims("\"client-1.apps.googleusercontent.com\"", "https://accounts.google.com", 600)));
        assertThrows(
                ParseException.class,
                () -> google.verify(token(
                        first,
                        "g1",
                        claims("\"someone-else.apps.googleusercontent.com\"", "https://accounts.google.com", 600))));
        assertThrows(
                ParseException.class,
                () -> google.verify(token(
                        first, "g1", claims("\"client-1.apps.googleusercontent.com\"", "https://evil.example", 600))));
    }
}
