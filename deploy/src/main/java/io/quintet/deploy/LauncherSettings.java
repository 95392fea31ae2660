package io.quintet.deploy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything the launcher reads from its environment. Nothing here is a secret except the
 * database password, which is passed to children and never printed.
 */
public record LauncherSettings(
        Path root,
        Path dataDir,
        String externalDbUrl,
        String dbUser,
        String dbPassword,
        int embeddedPgPort,
        Duration readyTimeout,
        Map<String, String> env) {

    /** Keeps each service near 150–190 MB of RSS; the heap of a sync service is mostly idle. */
    public static final String DEFAULT_JAVA_OPTIONS =
            "-Xms16m -Xmx96m -XX:+UseSerialGC -XX:MaxMetaspaceSize=128m -XX:ReservedCodeCacheSize=48m -Xss512k"
                    + " -XX:CICompilerCount=2";

    /**
     * Additions to {@link #DEFAULT_JAVA_OPTIONS} per service (later options win), used unless
     * {@code QUINTET_JAVA_OPTS} is set. linkora, measured idle in the launcher on 2 cores: 142 MB RSS
     * with the defaults alone, 94–98 MB with these (94–98 MB; together with the service running Flyway in a
     * throw-away class loader and serving its OpenAPI file itself): C1 only, a smaller heap that is
     * given back, a smaller code cache, and the C library's free memory returned every 5 s. Higher
     * compile thresholds saved 1–3 MB more but left the request path interpreted for too long.
     * Its heap may grow to 128 MB and its direct memory to 64 MB, given back when idle: a body of the
     * documented 16M is held as 32 MB of chars while parsed, and PostgreSQL's client encodes a statement's
     * parameters into one direct buffer that doubles as it grows (issue 17, linkora's LauncherHeapIT).
     */
    public static final Map<String, String> SERVICE_JAVA_OPTIONS = Map.of(
            "linkora",
            "-Xms8m -Xmx128m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=15 -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1"
                    + " -XX:ReservedCodeCacheSize=16m -Xss256k -XX:MaxDirectMemorySize=64m -XX:TrimNativeHeapInterval=5000",
            // kora's ingest allocates a JSON tree per operation: with the default young generation a
            // fifth of its CPU went to collections (and whole-heap ones); a 24 MB one took
            // `bench kora` ingest from 18 000-20 000 to 22 000-23 000 operations/s at the same RSS.
            // (NewSize below the 16 MB start: -Xmn24m did the same with a warning at every start.)
            // A live session takes about 19 KB of heap: 128 MB ran out at 6 800 (issue 17, `bench idle`)
            "kora",
            "-Xmx320m -XX:NewSize=15m -XX:MaxNewSize=24m",
            // Hibernate Reactive and full-sync snapshots; its tests run with this heap
            "objectstore",
            "-Xmx256m",
            // the gateway holds every live socket twice (client and upstream), about 20 KB of heap per
            // WebSocket: 96 MB ran out at 4 000 (issue 17); the cap is not a commitment, an idle gateway
            // stays at its 16 MB start and gives back what a crowd of sockets took
            "gateway",
            "-Xmx384m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=20",
            // as linkora's (C1 only, a heap and C heap given back when idle): 196 -> 160 MB idle RSS, measured
            "synkronus",
            "-Xms8m -Xmx128m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=15 -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1"
                    + " -XX:ReservedCodeCacheSize=16m -Xss256k -XX:MaxDirectMemorySize=64m -XX:TrimNativeHeapInterval=5000");

    /** Environment additions per service: fewer glibc malloc arenas (part of the figures above). */
    public static final Map<String, Map<String, String>> SERVICE_ENVIRONMENT =
            Map.of("linkora", Map.of("MALLOC_ARENA_MAX", "1"), "synkronus", Map.of("MALLOC_ARENA_MAX", "1"));

    /** The JVM options of one service: {@code QUINTET_JAVA_OPTS} as given, else the defaults plus the service's own. */
    String javaOptionsFor(ServiceSpec spec) {
        return javaOptionsFor(spec.name(), env);
    }

    /**
     * The JVM options of service {@code name} under environment {@code env}: {@code QUINTET_JAVA_OPTS}
     * as given, else the defaults plus the service's own (benchmarks start services this way too).
     */
    public static String javaOptionsFor(String name, Map<String, String> env) {
        if (env.containsKey("QUINTET_JAVA_OPTS")) return env.get("QUINTET_JAVA_OPTS");
        String extra = SERVICE_JAVA_OPTIONS.get(name);
        return extra == null ? DEFAULT_JAVA_OPTIONS : merged(DEFAULT_JAVA_OPTIONS, extra);
    }

    /**
     * {@code base} with each option of {@code later} in place of the one of {@code base} that sets the
     * same thing, and the rest appended: one option per setting, so the command line and the copies
     * in the chart, the Compose file and the systemd units say what the JVM will use.
     */
    static String merged(String base, String later) {
        Map<String, String> bySetting = new LinkedHashMap<>();
        for (String option : (base + " " + later).trim().split("\\s+")) {
            bySetting.put(settingOf(option), option);
        }
        return String.join(" ", bySetting.values());
    }

    /** What an option sets: {@code -XX:+Name}, {@code -XX:Name=v} → Name; {@code -Xmx128m} → -Xmx; {@code -Dk=v} → -Dk. */
    private static String settingOf(String option) {
        if (option.startsWith("-XX:")) {
            String flag = option.substring(4).replaceFirst("^[+-]", "");
            int equals = flag.indexOf('=');
            return "-XX:" + (equals < 0 ? flag : flag.substring(0, equals));
        }
        if (option.matches("-X(ms|mx|mn|ss).*")) return option.substring(0, 4);
        if (option.startsWith("-D") && option.contains("=")) return option.substring(0, option.indexOf('='));
        return option;
    }

    /** The environment of one service's process: the suite's, plus the service's own unless already set. */
    Map<String, String> environmentFor(ServiceSpec spec, Map<String, String> suite) {
        Map<String, String> own = SERVICE_ENVIRONMENT.getOrDefault(spec.name(), Map.of());
        if (own.isEmpty()) return suite;
        Map<String, String> merged = new java.util.HashMap<>(suite);
        own.forEach((k, v) -> {
            if (!env.containsKey(k)) merged.putIfAbsent(k, v);
        });
        return merged;
    }

    static LauncherSettings fromEnvironment(Map<String, String> env) {
        Path root =
                Path.of(env.getOrDefault("QUINTET_HOME", ".")).toAbsolutePath().normalize();
        Path dataDir = Path.of(env.getOrDefault(
                        "QUINTET_DATA_DIR", root.resolve("data").toString()))
                .toAbsolutePath();
        String url = blankToNull(env.get("QUINTET_DB_URL"));
        return new LauncherSettings(
                root,
                dataDir,
                url,
                env.getOrDefault("QUINTET_DB_USER", url == null ? "postgres" : ""),
                env.getOrDefault("QUINTET_DB_PASSWORD", ""),
                Integer.parseInt(env.getOrDefault("QUINTET_PG_PORT", "0")),
                Duration.ofSeconds(Long.parseLong(env.getOrDefault("QUINTET_READY_TIMEOUT_SECONDS", "180"))),
                env);
    }

    int portOf(ServiceSpec spec) {
        String value = env.get(spec.portVariable());
        return value == null || value.isBlank() ? spec.defaultPort() : Integer.parseInt(value.trim());
    }

    /**
     * A service's management port (its health and metrics, on 127.0.0.1): {@code QUINTET_<NAME>_MANAGEMENT_PORT}
     * (e.g. {@code QUINTET_GATEWAY_MANAGEMENT_PORT}) if the operator set it, else a free one. Every module
     * the launcher starts serves its health and metrics on Quarkus' management interface, never on the port
     * clients use.
     */
    int managementPortOf(ServiceSpec spec) throws java.io.IOException {
        String value = env.get(spec.managementPortVariable());
        if (value != null && !value.isBlank()) return Integer.parseInt(value.trim());
        return ChildProcess.freeLoopbackPort();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
