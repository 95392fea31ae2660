package io.quintet.objectstore.auth;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.elytron.security.common.BcryptUtil;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quintet.objectstore.config.SyncServerSettings;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jboss.logging.Logger;

/**
 * Login credentials of 4.1–4.5. Without required types one valid credential of an enabled type
 * suffices; with required types (per-method {@code required} flags, {@code --auth-required}) every
 * one of them must be present and valid. Secrets are compared in constant time and never logged.
 */
@Singleton
public class Authenticator {

    private static final Logger LOG = Logger.getLogger("io.quintet.objectstore.SvLgIn");
    private static final String DECOY_HASH = BcryptUtil.bcryptHash("decoy-password-for-unknown-users", 10);

    private final SyncServerSettings settings;
    private final Optional<TokenVerifier> jwt;
    private final Optional<TokenVerifier> google;
    private final Set<String> required = new LinkedHashSet<>();

    public Authenticator(SyncServerSettings settings) {
        this.settings = settings;
        this.jwt = settings.jwt()
                .map(j -> new TokenVerifier(
                        j.publicKeyUrl(),
                        j.publicKey(),
                        j.publicKeyCacheExpirationSeconds(),
                        j.claimAud().map(Set::of).orElse(Set.of()),
                        j.claimIss(),
                        Set.of()));
        this.google = settings.google()
                .map(g -> new TokenVerifier(
                        Optional.of(g.keysUrl()),
                        Optional.empty(),
                        300,
                        Set.copyOf(g.clientIds()),
                        Optional.empty(),
                        Set.of("accounts.google.com", "https://accounts.google.com")));
        required.addAll(settings.authRequired());
        settings.sharedSecret()
                .filter(SyncServerSettings.SharedSecret::required)
                .ifPresent(s -> required.add("SHARED_SECRET_SIPPED"));
        settings.google().filter(SyncServerSettings.Google::required).ifPresent(g -> required.add("GOOGLE_AUTH"));
        settings.obxAdmin()
                .filter(SyncServerSettings.AdminUsers::required)
                .ifPresent(a -> required.add("OBX_ADMIN_USER"));
        settings.jwt().ifPresent(j -> {
            if (j.required()) required.add("JWT_ID");
            if (j.requiredAccess()) required.add("JWT_ACCESS");
            if (j.requiredRefresh()) required.add("JWT_REFRESH");
            if (j.requiredCustom()) required.add("JWT_CUSTOM");
        });
    }

    public List<String> requiredTypes() {
        return List.copyOf(required);
    }

    /** Checks every presented credential, then applies the rules; blocking work runs on a worker. */
    public Uni<AuthResult> login(JsonNode credentials, byte[] nonce, String clientId) {
        if (credentials == null || !credentials.isArray()) {
            return Uni.createFrom().item(AuthResult.rejected(43, "no credentials"));
        }
        List<JsonNode> list = new ArrayList<>();
        credentials.forEach(list::add);
        return Uni.createFrom()
                .item(() -> decide(list, nonce, clientId))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private AuthResult decide(List<JsonNode> credentials, byte[] nonce, String clientId) {
        Map<String, Checked> valid = new HashMap<>();
        boolean unreachable = false;
        for (JsonNode credential : credentials) {
            String type = credential.path("type").asText("");
            try {
                Checked checked = check(type, credential, nonce, clientId);
                if (checked != null) valid.putIfAbsent(type, checked);
            } catch (TokenVerifier.KeysUnavailableException e) {
                LOG.debugf("authenticator unavailable: %s", e.getMessage());
                unreachable = true;
            }
        }
        for (String type : required) {
            if (!valid.containsKey(type)) {
                return unreachable
                        ? AuthResult.rejected(53, "authenticator unavailable")
                        : AuthResult.rejected(43, "required credential " + type + " missing or invalid");
            }
        }
        if (valid.isEmpty()) {
            return unreachable
                    ? AuthResult.rejected(53, "authenticator unavailable")
                    : AuthResult.rejected(43, "credentials rejected");
        }
        Map<String, String> claims = new HashMap<>();
        boolean readOnly = false;
        for (Checked c : valid.values()) {
            claims.putAll(c.claims());
            readOnly |= c.readOnly();
        }
        // a writable credential wins over a read-only one
        if (valid.values().stream().anyMatch(c -> !c.readOnly())) readOnly = false;
        return AuthResult.ok(claims, readOnly, String.join(",", valid.keySet()));
    }

    private record Checked(Map<String, String> claims, boolean readOnly) {}

    private Checked check(String type, JsonNode credential, byte[] nonce, String clientId)
            throws TokenVerifier.KeysUnavailableException {
        switch (type) {
            case "NONE":
                return settings.unsecuredNoAuthentication() ? new Checked(Map.of(), false) : null;
            case "SHARED_SECRET_SIPPED":
                return settings.sharedSecret().isPresent()
                                && proofMatches(
                                        settings.sharedSecret().get().value(),
                                        credential.path("proof").asText(""),
                                        nonce,
                                        clientId)
                        ? new Checked(Map.of(), false)
                        : null;
            case "SHARED_SECRET":
                return settings.sharedSecret().isPresent()
                                && MessageDigest.isEqual(
                                        settings.sharedSecret().get().value(),
                                        credential.path("secret").asText("").getBytes(StandardCharsets.UTF_8))
                        ? new Checked(Map.of(), false)
                        : null;
            case "OBX_ADMIN_USER", "USER_PASSWORD":
                return settings.obxAdmin().isPresent()
                        ? adminUser(
                                credential.path("user").asText(""),
                                credential.path("password").asText(""))
                        : null;
            case "JWT_ID", "JWT_ACCESS", "JWT_REFRESH", "JWT_CUSTOM":
                return jwt.isPresent()
                        ? token(jwt.get(), credential.path("token").asText(""))
                        : null;
            case "GOOGLE_AUTH":
                return google.isPresent()
                        ? token(google.get(), credential.path("token").asText(""))
                        : null;
            default:
                return null;
        }
    }

    private static Checked token(TokenVerifier verifier, String token) throws TokenVerifier.KeysUnavailableException {
        try {
            return new Checked(verifier.verify(token), false);
        } catch (ParseException | RuntimeException e) {
            LOG.debugf("token refused: %s", e.getMessage());
            return null;
        }
    }

    /** HMAC-SHA256(secret, nonce ‖ clientId) of 4.2, compared in constant time. */
    static boolean proofMatches(byte[] secret, String proof, byte[] nonce, String clientId) {
        try {
            byte[] expected = proof(secret, nonce, clientId);
            byte[] given = Base64.getDecoder().decode(proof);
            return MessageDigest.isEqual(expected, given);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    public static byte[] proof(byte[] secret, byte[] nonce, String clientId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update(nonce);
            return mac.doFinal(clientId.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private Checked adminUser(String name, String password) {
        AdminUser user;
        try {
            user = io.quarkus.vertx.VertxContextSupport.subscribeAndAwait(
                    () -> Panache.withSession(() -> AdminUser.<AdminUser>findById(name)));
        } catch (Throwable e) {
            throw new IllegalStateException("user lookup failed", e);
        }
        // an unknown user costs a decoy bcrypt so it answers no faster than a wrong password
        boolean matches = BcryptUtil.matches(password, user == null ? DECOY_HASH : user.passwordHash);
        if (user == null || !matches) return null;
        Set<String> roles = user.roleSet();
        if (roles.contains(AdminUser.ADMIN) || roles.contains(AdminUser.SYNC)) return new Checked(Map.of(), false);
        if (roles.contains(AdminUser.SYNC_READONLY)) return new Checked(Map.of(), true);
        return null;
    }
}
