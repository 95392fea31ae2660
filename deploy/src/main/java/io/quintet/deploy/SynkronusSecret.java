package io.quintet.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * synkronus-service refuses to start without JWT_SECRET: unless the operator set one, the launcher
 * generates it on the first start and keeps it in {@code <data>/synkronus/jwt-secret} (owner-only),
 * so tokens survive restarts. Behind the gateway the service also trusts loopback to name the client
 * (X-Forwarded-For) for its login limiter.
 */
final class SynkronusSecret {

    private SynkronusSecret() {}

    static Map<String, String> environment(Path dataDir, Map<String, String> suite) throws IOException {
        Map<String, String> env = new HashMap<>(suite);
        if (System.getenv("JWT_SECRET") == null || System.getenv("JWT_SECRET").isBlank()) {
            env.put("JWT_SECRET", load(dataDir.resolve("synkronus").resolve("jwt-secret")));
        }
        if (System.getenv("SYNKRONUS_AUTH_TRUSTED_PROXY_CIDRS") == null) {
            env.put("SYNKRONUS_AUTH_TRUSTED_PROXY_CIDRS", "127.0.0.1/32,::1/128");
        }
        return env;
    }

    static String load(Path file) throws IOException {
        if (Files.isRegularFile(file)) {
            String kept = Files.readString(file, StandardCharsets.UTF_8).trim();
            if (!kept.isEmpty()) {
                return kept;
            }
        }
        byte[] random = new byte[48];
        new SecureRandom().nextBytes(random);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Files.createDirectories(file.getParent());
        Path temp = Files.createTempFile(file.getParent(), "jwt-secret", ".tmp");
        try {
            Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the data directory's own protection applies
        }
        Files.writeString(temp, secret + "\n", StandardCharsets.UTF_8);
        Files.move(temp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return secret;
    }
}
