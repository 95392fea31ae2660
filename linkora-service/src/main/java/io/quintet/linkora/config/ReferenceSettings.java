package io.quintet.linkora.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The non-secret settings of a reference server's configuration (spec 12.1), read from
 * {@code linkoraConfig.json} or, in environment mode ({@code LINKORA_SERVER_USE_ENV_VAL} exactly
 * {@code true}), from the {@code LINKORA_*} variables. Quintet's own listeners are configured the
 * Quarkus way; these values are parsed so a drop-in install can be checked (logged at start) and
 * so {@code linkora import} finds the reference database. Never holds the token or passwords'
 * values, only whether a key-store password is set.
 *
 * @param environmentMode     whether the {@code LINKORA_*} variables were used
 * @param present             whether a file was read (always true in environment mode)
 * @param hostAddress         bind address of the reference's listeners, when configured
 * @param serverPort          the reference's HTTP port (45454 when missing or not an integer)
 * @param httpsPort           the reference's HTTPS port (54545 when missing or not an integer)
 * @param databaseUrl         the reference database, as written ({@code jdbc:} prefix optional)
 * @param databaseUser        its user
 * @param keyStorePasswordSet whether a key-store password is configured (optional here, spec D23)
 */
public record ReferenceSettings(
        boolean environmentMode,
        boolean present,
        Optional<String> hostAddress,
        int serverPort,
        int httpsPort,
        Optional<String> databaseUrl,
        Optional<String> databaseUser,
        boolean keyStorePasswordSet) {

    public static final int DEFAULT_SERVER_PORT = 45454;
    public static final int DEFAULT_HTTPS_PORT = 54545;

    /** Environment mode is selected by exactly {@code true}; {@code TRUE} means file mode (spec 12.1). */
    public static boolean environmentMode(Map<String, String> env) {
        return "true".equals(env.get("LINKORA_SERVER_USE_ENV_VAL"));
    }

    public static ReferenceSettings read(Path file, Map<String, String> env, ObjectMapper mapper) {
        if (environmentMode(env)) {
            return new ReferenceSettings(
                    true,
                    true,
                    text(env.get("LINKORA_HOST_ADDRESS")),
                    port(env.get("LINKORA_SERVER_PORT"), DEFAULT_SERVER_PORT),
                    port(env.get("LINKORA_HTTPS_PORT"), DEFAULT_HTTPS_PORT),
                    text(env.get("LINKORA_DATABASE_URL")),
                    text(env.get("LINKORA_DATABASE_USER")),
                    text(env.get("LINKORA_KEY_STORE_PASSWORD")).isPresent());
        }
        JsonNode root;
        try {
            root = Files.isRegularFile(file) ? mapper.readTree(file.toFile()) : null;
        } catch (IOException e) {
            root = null;
        }
        if (root == null || !root.isObject()) {
            return new ReferenceSettings(
                    false,
                    false,
                    Optional.empty(),
                    DEFAULT_SERVER_PORT,
                    DEFAULT_HTTPS_PORT,
                    Optional.empty(),
                    Optional.empty(),
                    false);
        }
        return new ReferenceSettings(
                false,
                true,
                text(root, "hostAddress"),
                port(root.get("serverPort"), DEFAULT_SERVER_PORT),
                port(root.get("httpsPort"), DEFAULT_HTTPS_PORT),
                text(root, "databaseUrl"),
                text(root, "databaseUser"),
                text(root, "keyStorePassword").isPresent());
    }

    /** One log line for operators; no secret in it. */
    public String describe(Path file) {
        String source = environmentMode ? "LINKORA_* environment variables" : present ? file.toString() : "no " + file;
        return "reference Linkora settings from " + source + ": hostAddress=" + hostAddress.orElse("(default)")
                + ", serverPort=" + serverPort + ", httpsPort=" + httpsPort
                + ", databaseUrl " + (databaseUrl.isPresent() ? "set" : "not set")
                + ", keyStorePassword "
                + (keyStorePasswordSet ? "set" : "not set (the gateway generates and keeps one)");
    }

    private static Optional<String> text(JsonNode root, String key) {
        JsonNode node = root.get(key);
        return node == null || node.isNull() ? Optional.empty() : text(node.asText());
    }

    private static Optional<String> text(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    private static int port(JsonNode node, int fallback) {
        if (node == null || node.isNull()) {
            return fallback;
        }
        return node.isInt() ? node.intValue() : port(node.asText(), fallback);
    }

    /** Like the reference: anything that is not an integer means the default. */
    private static int port(String value, int fallback) {
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
