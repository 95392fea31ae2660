package io.quintet.gateway.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * A Linkora reference server's {@code linkoraConfig.json} (protocols/linkora.md 12.1), read for the two
 * values the gateway needs: {@code serverAuthToken} and {@code keyStorePassword}. Parsed again only
 * when the file changes, and only when asked (certificate page, start-up), never per proxied request.
 * Blocking: call it on a worker thread.
 */
@ApplicationScoped
public class LinkoraConfigFile {

    /** What the file holds; {@code present} is false when there is no readable file. */
    public record Values(boolean present, Optional<String> serverAuthToken, Optional<String> keyStorePassword) {
        static final Values ABSENT = new Values(false, Optional.empty(), Optional.empty());
    }

    private record Cached(long modified, long size, Values values) {}

    private static final Logger LOG = Logger.getLogger(LinkoraConfigFile.class);

    private final Path file;
    private final ObjectMapper mapper;
    private volatile Cached cached;

    public LinkoraConfigFile(GatewayConfig config, ObjectMapper mapper) {
        this.file = config.linkora().configFile();
        this.mapper = mapper;
    }

    public Path path() {
        return file;
    }

    public Values read() {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            cached = null;
            return Values.ABSENT;
        } catch (IOException e) {
            LOG.warnf("cannot read %s: %s", file, e.getMessage());
            return Values.ABSENT;
        }
        Cached c = cached;
        long modified = attributes.lastModifiedTime().toMillis();
        if (c != null && c.modified() == modified && c.size() == attributes.size()) {
            return c.values();
        }
        Values values = parse();
        cached = new Cached(modified, attributes.size(), values);
        return values;
    }

    private Values parse() {
        try {
            JsonNode root = mapper.readTree(file.toFile());
            if (root == null || !root.isObject()) {
                LOG.warnf("%s is not a JSON object; ignoring it", file);
                return Values.ABSENT;
            }
            return new Values(true, text(root, "serverAuthToken"), text(root, "keyStorePassword"));
        } catch (IOException e) {
            LOG.warnf("%s is not valid JSON (%s); ignoring it", file, e.getMessage());
            return Values.ABSENT;
        }
    }

    private static Optional<String> text(JsonNode root, String key) {
        JsonNode node = root.get(key);
        return node == null || node.isNull() ? Optional.empty() : Optional.of(node.asText());
    }
}
