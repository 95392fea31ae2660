package io.quintet.gateway.certificate;

import io.quintet.gateway.config.GatewayConfig;
import io.quintet.gateway.config.LinkoraConfigFile;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The Linkora server token guarding certificate regeneration, checked exactly like the Linkora server
 * checks its bearer token (protocols/linkora.md 3.2, same 401 messages), with the scheme accepted in any
 * case and a constant-time comparison. The token comes from {@code LINKORA_SERVER_AUTH_TOKEN}, else from
 * linkoraConfig.json ({@code "TOKEN"} when the file lacks the key, as the reference does). Never logged.
 */
@ApplicationScoped
public class LinkoraServerToken {

    /** The outcome of checking an Authorization header. */
    public record Check(boolean accepted, int status, String message) {
        static Check refused(int status, String message) {
            return new Check(false, status, message);
        }
    }

    static final String MISSING_HEADER = "Missing Authorization header";
    static final String BAD_FORMAT = "Invalid Authorization header format. Expected 'Bearer <token>'.";
    static final String EMPTY_TOKEN = "Bearer token is missing.";
    static final String INVALID = "Invalid token.";
    static final String NOT_CONFIGURED = "No Linkora server token is configured: set LINKORA_SERVER_AUTH_TOKEN "
            + "(or serverAuthToken in linkoraConfig.json) to allow certificate regeneration.";

    private static final String REFERENCE_DEFAULT = "TOKEN";

    private final GatewayConfig.Linkora settings;
    private final LinkoraConfigFile configFile;

    public LinkoraServerToken(GatewayConfig config, LinkoraConfigFile configFile) {
        this.settings = config.linkora();
        this.configFile = configFile;
    }

    /** Blocking (may read linkoraConfig.json). */
    public Check check(String authorization) {
        return check(authorization, this::configured);
    }

    static Check check(String authorization, Supplier<Optional<String>> expected) {
        if (authorization == null) return Check.refused(401, MISSING_HEADER);
        if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) return Check.refused(401, BAD_FORMAT);
        String presented = authorization.substring(7).trim();
        if (presented.isEmpty()) return Check.refused(401, EMPTY_TOKEN);
        Optional<String> configured = expected.get();
        if (configured.isEmpty()) return Check.refused(403, NOT_CONFIGURED);
        return sameSecret(presented, configured.get()) ? new Check(true, 200, "") : Check.refused(401, INVALID);
    }

    private Optional<String> configured() {
        Optional<String> fromEnvironment = settings.serverAuthToken().map(String::trim).filter(t -> !t.isEmpty());
        if (fromEnvironment.isPresent()) return fromEnvironment;
        LinkoraConfigFile.Values file = configFile.read();
        if (!file.present()) return Optional.empty();
        return Optional.of(file.serverAuthToken().orElse(REFERENCE_DEFAULT).trim()).filter(t -> !t.isEmpty());
    }

    /** Compares digests, so neither the content nor the length of the token leaks through timing. */
    private static boolean sameSecret(String a, String b) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] da = sha.digest(a.getBytes(StandardCharsets.UTF_8));
            byte[] db = sha.digest(b.getBytes(StandardCharsets.UTF_8));
            return MessageDigest.isEqual(da, db);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
