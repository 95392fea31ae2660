package io.quintet.deploy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Everything the launcher reads from its environment. Nothing here is a secret except the
 * database password, which is passed to children and never printed.
 */
public record LauncherSettings(Path root, Path dataDir, String externalDbUrl, String dbUser, String dbPassword,
                        int embeddedPgPort, String javaOptions, Duration readyTimeout, Map<String, String> env) {

    /** Keeps each service near 150–190 MB of RSS; the heap of a sync service is mostly idle. */
    public static final String DEFAULT_JAVA_OPTIONS =
            "-Xms16m -Xmx96m -XX:+UseSerialGC -XX:MaxMetaspaceSize=128m -XX:ReservedCodeCacheSize=48m -Xss512k"
                    + " -XX:CICompilerCount=2";

    static LauncherSettings fromEnvironment(Map<String, String> env) {
        Path root = Path.of(env.getOrDefault("QUINTET_HOME", ".")).toAbsolutePath().normalize();
        Path dataDir = Path.of(env.getOrDefault("QUINTET_DATA_DIR", root.resolve("data").toString())).toAbsolutePath();
        String url = blankToNull(env.get("QUINTET_DB_URL"));
        return new LauncherSettings(root, dataDir, url,
                env.getOrDefault("QUINTET_DB_USER", url == null ? "postgres" : ""),
                env.getOrDefault("QUINTET_DB_PASSWORD", ""),
                Integer.parseInt(env.getOrDefault("QUINTET_PG_PORT", "0")),
                env.getOrDefault("QUINTET_JAVA_OPTS", DEFAULT_JAVA_OPTIONS),
                Duration.ofSeconds(Long.parseLong(env.getOrDefault("QUINTET_READY_TIMEOUT_SECONDS", "180"))),
                env);
    }

    int portOf(ServiceSpec spec) {
        String value = env.get(spec.portVariable());
        return value == null || value.isBlank() ? spec.defaultPort() : Integer.parseInt(value.trim());
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
