package io.quintet.linkora.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.runtime.StartupEvent;
import io.quintet.protocol.linkora.LinkoraBearer;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The server token, configured as the reference server configures it (spec 12.1): environment mode
 * when {@code LINKORA_SERVER_USE_ENV_VAL} is exactly {@code true} ({@code LINKORA_SERVER_AUTH_TOKEN}),
 * otherwise {@code serverAuthToken} of {@code linkoraConfig.json} ({@code "TOKEN"} when the file lacks
 * the key, like the reference). Without a file, {@code LINKORA_SERVER_AUTH_TOKEN} still counts; with
 * neither, a random token is generated and written to a new file (never to the log), where the
 * operator and the gateway's certificate page find it.
 * The file is read at start and again only when it changes, checked every
 * {@code linkora.config-reload-interval} off the event loop — never per request (spec D11).
 */
@ApplicationScoped
public class ServerToken {

    private static final Logger LOG = Logger.getLogger(ServerToken.class);
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private final LinkoraConfig config;
    private final ObjectMapper mapper;
    private final Vertx vertx;
    private final boolean environmentMode;
    private final Optional<String> environmentToken;
    private volatile Optional<String> current = Optional.empty();
    private volatile FileState seen;

    private record FileState(long modified, long size) {}

    public ServerToken(
            LinkoraConfig config,
            ObjectMapper mapper,
            Vertx vertx,
            @ConfigProperty(name = "LINKORA_SERVER_USE_ENV_VAL") Optional<String> useEnvironment,
            @ConfigProperty(name = "LINKORA_SERVER_AUTH_TOKEN") Optional<String> environmentToken) {
        this.config = config;
        this.mapper = mapper;
        this.vertx = vertx;
        // exactly "true": the reference treats "TRUE" as file mode (spec 12.1)
        this.environmentMode = useEnvironment.map("true"::equals).orElse(false);
        this.environmentToken = environmentToken.map(String::trim).filter(t -> !t.isEmpty());
    }

    void start(@Observes StartupEvent start) {
        if (environmentMode) {
            current = environmentToken;
            if (current.isEmpty()) {
                LOG.warn(
                        "LINKORA_SERVER_USE_ENV_VAL=true but LINKORA_SERVER_AUTH_TOKEN is not set: every request is refused");
            }
            return;
        }
        reload(true);
        long every = Math.max(200, config.configReloadInterval().toMillis());
        vertx.setPeriodic(
                every,
                id -> vertx.executeBlocking(
                                () -> {
                                    reload(false);
                                    return null;
                                },
                                false)
                        .subscribe()
                        .with(ok -> {}, failure -> LOG.debugf(failure, "config reload failed")));
    }

    /** The token requests must present; empty when none is configured (every request is refused). */
    public Optional<String> current() {
        return current;
    }

    /** Blocking: reads the file if it changed since the last look. */
    synchronized void reload(boolean starting) {
        Path file = config.configFile();
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            if (starting) {
                Optional<String> configured =
                        LinkoraBearer.configuredToken(null, environmentToken, false, Optional.empty());
                current = configured.isPresent() ? configured : Optional.of(generateFile(file));
            }
            seen = null;
            return;
        } catch (IOException e) {
            LOG.warnf("cannot read %s: %s", file, e.getMessage());
            return;
        }
        FileState state = new FileState(attributes.lastModifiedTime().toMillis(), attributes.size());
        if (state.equals(seen)) {
            return;
        }
        seen = state;
        try {
            JsonNode root = mapper.readTree(file.toFile());
            if (root == null || !root.isObject()) {
                LOG.warnf("%s is not a JSON object; keeping the previous token", file);
                return;
            }
            JsonNode token = root.get("serverAuthToken");
            Optional<String> next = LinkoraBearer.configuredToken(
                    null,
                    environmentToken,
                    true,
                    token == null || token.isNull() ? Optional.empty() : Optional.of(token.asText()));
            if (!starting && !next.equals(current)) {
                LOG.infof("server token changed in %s", file);
            }
            current = next;
        } catch (IOException e) {
            LOG.warnf("%s is not valid JSON (%s); keeping the previous token", file, e.getMessage());
        }
    }

    private String generateFile(Path file) {
        SecureRandom random = new SecureRandom();
        StringBuilder token = new StringBuilder(32);
        for (int i = 0; i < 32; i++) {
            token.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            ObjectNode root = mapper.createObjectNode().put("serverAuthToken", token.toString());
            Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(
                    temporary, mapper.writer(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(root));
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            LOG.infof(
                    "No Linkora server token was configured: generated one in %s (key serverAuthToken)",
                    file.toAbsolutePath());
        } catch (IOException e) {
            LOG.warnf(
                    "generated a server token but could not store it in %s (%s); it lasts until restart",
                    file, e.getMessage());
        }
        return token.toString();
    }
}
