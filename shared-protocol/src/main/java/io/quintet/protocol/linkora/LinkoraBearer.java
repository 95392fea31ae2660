package io.quintet.protocol.linkora;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * The Linkora server's bearer-token check (protocols/linkora.md 3.2), shared by the Linkora service
 * and the gateway's certificate page so both answer with the same four 401 messages. Differences
 * from the reference, as the spec decides: the scheme is accepted in any case, the comparison is
 * constant-time, and nothing here ever logs a token.
 */
public final class LinkoraBearer {

    public static final String MISSING_HEADER = "Missing Authorization header";
    public static final String BAD_FORMAT = "Invalid Authorization header format. Expected 'Bearer <token>'.";
    public static final String EMPTY_TOKEN = "Bearer token is missing.";
    public static final String INVALID_TOKEN = "Invalid token.";

    /** The outcome: accepted, or refused with the 401 body text. */
    public record Verdict(boolean accepted, String refusal) {
        static final Verdict ACCEPTED = new Verdict(true, "");

        static Verdict refused(String message) {
            return new Verdict(false, message);
        }
    }

    private LinkoraBearer() {}

    /**
     * Checks a raw {@code Authorization} header value against the configured token (trimmed, as
     * the reference trims it). The raw header text is compared, never parsed as RFC 7235 token68,
     * so tokens with {@code #!$%^&*} work (spec 3.1).
     */
    public static Verdict check(String authorization, String configuredToken) {
        if (authorization == null) {
            return Verdict.refused(MISSING_HEADER);
        }
        // HTTP stacks trim trailing whitespace, so "Bearer" alone lands here (spec 3.2 step 2)
        if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Verdict.refused(BAD_FORMAT);
        }
        String presented = authorization.substring(7).trim();
        if (presented.isEmpty()) {
            return Verdict.refused(EMPTY_TOKEN);
        }
        if (configuredToken == null || !sameSecret(presented, configuredToken.trim())) {
            return Verdict.refused(INVALID_TOKEN);
        }
        return Verdict.ACCEPTED;
    }

    /**
     * Which token is configured, by one rule for every component that checks it (spec 12.1):
     * environment mode ({@code LINKORA_SERVER_USE_ENV_VAL} exactly {@code true}) takes
     * {@code LINKORA_SERVER_AUTH_TOKEN}; otherwise an existing {@code linkoraConfig.json} decides, its
     * {@code serverAuthToken} or the reference's default {@code "TOKEN"} when the key is missing;
     * without a file, {@code LINKORA_SERVER_AUTH_TOKEN} still counts. Empty when none is configured.
     */
    public static Optional<String> configuredToken(
            String useEnvironment, Optional<String> environmentToken, boolean filePresent, Optional<String> fileToken) {
        Optional<String> fromEnvironment = environmentToken.map(String::trim).filter(t -> !t.isEmpty());
        if ("true".equals(useEnvironment)) {
            return fromEnvironment;
        }
        if (filePresent) {
            return Optional.of(fileToken.orElse(REFERENCE_DEFAULT_TOKEN).trim()).filter(t -> !t.isEmpty());
        }
        return fromEnvironment;
    }

    /** The reference's token when linkoraConfig.json has no {@code serverAuthToken}. */
    public static final String REFERENCE_DEFAULT_TOKEN = "TOKEN";

    /** Compares digests, so neither the content nor the length of the token leaks through timing. */
    static boolean sameSecret(String a, String b) {
        MessageDigest sha = SHA_256.get();
        byte[] da = sha.digest(a.getBytes(StandardCharsets.UTF_8));
        byte[] db = sha.digest(b.getBytes(StandardCharsets.UTF_8));
        return MessageDigest.isEqual(da, db);
    }

    /** One digest per thread: looking one up for every request costs more than the hashing. */
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });
}
