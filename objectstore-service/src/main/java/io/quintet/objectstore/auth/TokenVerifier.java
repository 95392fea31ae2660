package io.quintet.objectstore.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quintet.objectstore.wire.WireCodec;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Verifies JWTs through smallrye-jwt (4.4): keys from an inline PEM key, or fetched from a URL
 * holding a JWKS (with or without {@code x5c}), a Firebase-style map {@code kid → PEM certificate},
 * a PEM public key or a PEM certificate; fetched keys are kept {@code cacheSeconds}. Blocking:
 * callers run it on a worker thread.
 */
public final class TokenVerifier {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Optional<String> url;
    private final Optional<String> inlineKey;
    private final long cacheMillis;
    private final Set<String> audiences;
    private final Optional<String> issuer;
    private final Set<String> acceptedIssuers;
    private String fetched;
    private long fetchedAt;

    public TokenVerifier(
            Optional<String> url,
            Optional<String> inlineKey,
            long cacheSeconds,
            Set<String> audiences,
            Optional<String> issuer,
            Set<String> acceptedIssuers) {
        this.url = url;
        this.inlineKey = inlineKey;
        this.cacheMillis = cacheSeconds * 1000;
        this.audiences = audiences;
        this.issuer = issuer;
        this.acceptedIssuers = acceptedIssuers;
    }

    /** The claims, flattened with dots ({@code user_properties.team.v}), or an exception. */
    public Map<String, String> verify(String token) throws KeysUnavailableException, ParseException {
        String keys = keys();
        String content = selectKey(keys, token);
        JWTAuthContextInfo context = new JWTAuthContextInfo();
        context.setPublicKeyContent(content);
        // exactly the token's own algorithm, when it is one we accept: smallrye-jwt reads a PEM key for the
        // first algorithm of the set, and Set.of iterates in an order that changes from one JVM start to the
        // next, so an RSA key failed to load whenever an EC algorithm came first
        context.setSignatureAlgorithm(Set.of(algorithm(token)));
        if (!audiences.isEmpty()) context.setExpectedAudience(audiences);
        issuer.ifPresent(context::setIssuedBy);
        context.setClockSkew(30);
        context.setRequireNamedPrincipal(false);
        new DefaultJWTParser(context).parse(token);
        Map<String, String> claims = flatten(payload(token));
        if (!acceptedIssuers.isEmpty() && !acceptedIssuers.contains(claims.get("iss"))) {
            throw new ParseException("issuer not accepted");
        }
        return claims;
    }

    private synchronized String keys() throws KeysUnavailableException {
        if (inlineKey.isPresent()) return inlineKey.get();
        long now = System.currentTimeMillis();
        if (fetched != null && now - fetchedAt < cacheMillis) return fetched;
        try {
            HttpResponse<String> response = HTTP.send(
                    HttpRequest.newBuilder(URI.create(url.orElseThrow()))
                            .timeout(Duration.ofSeconds(10))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (response.statusCode() != 200)
                throw new KeysUnavailableException("key URL answered " + response.statusCode());
            fetched = response.body();
            fetchedAt = now;
            return fetched;
        } catch (IOException e) {
            throw new KeysUnavailableException("key URL unreachable: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KeysUnavailableException("interrupted");
        }
    }

    /** A Firebase-style map is reduced to the certificate of the token's {@code kid}; other formats go as they are. */
    private static String selectKey(String keys, String token) throws ParseException {
        String trimmed = keys.trim();
        if (!trimmed.startsWith("{")) return trimmed;
        try {
            JsonNode tree = WireCodec.JSON.readTree(trimmed);
            if (tree.has("keys") || tree.has("kty")) return trimmed;
            String kid = header(token).path("kid").asText("");
            JsonNode cert = tree.get(kid);
            if (cert == null || !cert.isTextual()) throw new ParseException("no key for kid " + kid);
            return cert.asText();
        } catch (IOException e) {
            throw new ParseException("unreadable key set");
        }
    }

    private static final Set<SignatureAlgorithm> ACCEPTED_ALGORITHMS = Set.of(
            SignatureAlgorithm.RS256,
            SignatureAlgorithm.RS384,
            SignatureAlgorithm.RS512,
            SignatureAlgorithm.ES256,
            SignatureAlgorithm.ES384,
            SignatureAlgorithm.PS256);

    private static SignatureAlgorithm algorithm(String token) throws ParseException {
        String alg = header(token).path("alg").asText("");
        for (SignatureAlgorithm accepted : ACCEPTED_ALGORITHMS) {
            if (accepted.getAlgorithm().equals(alg)) return accepted;
        }
        throw new ParseException("signature algorithm not accepted: " + alg);
    }

    private static JsonNode header(String token) throws ParseException {
        return part(token, 0);
    }

    private static JsonNode payload(String token) throws ParseException {
        return part(token, 1);
    }

    private static JsonNode part(String token, int index) throws ParseException {
        String[] parts = token.split("\\.");
        if (parts.length < 2) throw new ParseException("not a JWT");
        try {
            return WireCodec.JSON.readTree(Base64.getUrlDecoder().decode(parts[index]));
        } catch (IOException | IllegalArgumentException e) {
            throw new ParseException("not a JWT");
        }
    }

    static Map<String, String> flatten(JsonNode claims) {
        Map<String, String> out = new HashMap<>();
        flatten("", claims, out);
        return out;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
        if (node instanceof ObjectNode obj) {
            for (Iterator<Map.Entry<String, JsonNode>> it = obj.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                flatten(prefix.isEmpty() ? f.getKey() : prefix + "." + f.getKey(), f.getValue(), out);
            }
        } else if (node.isArray()) {
            StringBuilder joined = new StringBuilder();
            node.forEach(n -> {
                if (joined.length() > 0) joined.append(',');
                joined.append(n.asText().replace("\\", "\\\\").replace(",", "\\,"));
            });
            out.put(prefix, joined.toString());
        } else if (!node.isNull()) {
            out.put(prefix, node.asText());
        }
    }

    /** The key URL could not be read (login code 53). */
    public static final class KeysUnavailableException extends Exception {
        public KeysUnavailableException(String message) {
            super(message);
        }
    }
}
