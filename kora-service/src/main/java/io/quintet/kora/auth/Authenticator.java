package io.quintet.kora.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quintet.kora.codec.JsonCodec;
import io.quintet.kora.config.KoraConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** The configured auth provider ({@code kora.auth.mode}); empty when every handshake is accepted. */
@ApplicationScoped
public class Authenticator {

    private final Optional<AuthProvider> provider;

    public Authenticator(KoraConfig config) {
        String mode = config.auth().mode().trim().toLowerCase(Locale.ROOT);
        this.provider = switch (mode) {
            case "none" -> Optional.empty();
            case "token", "jwt", "jwks" -> Optional.of(primary(config, mode));
            case "mixed" ->
                Optional.of(new MixedAuthProvider(
                        primary(config, config.auth().primary().trim().toLowerCase(Locale.ROOT)),
                        jsonObject(config.auth().anonymousScopes(), "kora.auth.anonymous-scopes"),
                        config.auth().anonymousPrefix()));
            default ->
                throw new IllegalArgumentException(
                        "unknown kora.auth.mode: " + mode + " (none, token, jwt, jwks, mixed)");
        };
    }

    private static AuthProvider primary(KoraConfig config, String kind) {
        KoraConfig.Jwt jwt = config.auth().jwt();
        return switch (kind) {
            case "token" -> new StaticTokenAuthProvider(config.auth().tokens().orElse(List.of()));
            case "jwt" ->
                new KoraJwtAuthProvider(
                        jwt.secrets().orElse(List.of()),
                        new ConfiguredUserDirectory(
                                jwt.users().map(Set::copyOf),
                                Set.copyOf(jwt.revokedTokenIds().orElse(List.of())),
                                Set.copyOf(jwt.revokedDevices().orElse(List.of())),
                                jsonObject(jwt.scopes(), "kora.auth.jwt.scopes")),
                        System::currentTimeMillis);
            case "jwks" -> {
                KoraConfig.Jwks jwks = config.auth().jwks();
                yield new JwksAuthProvider(
                        jwks.location()
                                .filter(l -> !l.isBlank())
                                .orElseThrow(() -> new IllegalArgumentException(
                                        "kora.auth.jwks.location is required for mode jwks")),
                        jwks.issuer(),
                        jwks.audience(),
                        jwks.refreshMinutes(),
                        new ConfiguredUserDirectory(
                                Optional.empty(),
                                Set.of(),
                                Set.of(),
                                jsonObject(jwks.scopes(), "kora.auth.jwks.scopes")));
            }
            default -> throw new IllegalArgumentException("unknown auth provider: " + kind + " (token, jwt, jwks)");
        };
    }

    private static ObjectNode jsonObject(Optional<String> json, String property) {
        if (json.isEmpty() || json.get().isBlank()) {
            return null;
        }
        try {
            JsonNode node = JsonCodec.mapper().readTree(json.get());
            if (node instanceof ObjectNode object) {
                return object;
            }
        } catch (JsonProcessingException e) {
            // reported below
        }
        throw new IllegalArgumentException(property + " must be a JSON object {collection: {field: value}}");
    }

    public Optional<AuthProvider> provider() {
        return provider;
    }
}
