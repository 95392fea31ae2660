package io.quintet.synkronus;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Tokens made and read by hand, independently of the service's JWT code. */
public final class Jwts {

    public static final String SECRET = "test-secret-of-the-synkronus-suite-0123456789";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Base64.Encoder ENC = Base64.getUrlEncoder().withoutPadding();

    private Jwts() {}

    public static Map<String, Object> payload(String token) {
        return part(token, 1);
    }

    public static Map<String, Object> header(String token) {
        return part(token, 0);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> part(String token, int index) {
        try {
            return MAPPER.readValue(Base64.getUrlDecoder().decode(token.split("\\.")[index]), Map.class);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Signs claims with HMAC ("HS256", "HS512") or not at all ("none"). */
    public static String sign(String alg, Map<String, Object> claims, String secret) {
        try {
            String head = ENC.encodeToString(MAPPER.writeValueAsBytes(Map.of("alg", alg, "typ", "JWT")));
            String body = ENC.encodeToString(MAPPER.writeValueAsBytes(claims));
            String input = head + "." + body;
            if (alg.equals("none")) {
                return input + ".";
            }
            String macName = alg.equals("HS512") ? "HmacSHA512" : "HmacSHA256";
            Mac mac = Mac.getInstance(macName);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), macName));
            return input + "." + ENC.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    public static String hs256(Map<String, Object> claims) {
        return sign("HS256", claims, SECRET);
    }

    public static long now() {
        return System.currentTimeMillis() / 1000;
    }
}
