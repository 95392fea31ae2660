package io.quintet.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** linkora's leaner JVM options and environment, and QUINTET_JAVA_OPTS taking precedence. */
class ServiceJavaOptionsTest {

    @Test
    void linkoraGetsItsOwnOptionsAfterTheDefaults() {
        LauncherSettings settings = LauncherSettings.fromEnvironment(Map.of());
        String linkora = settings.javaOptionsFor(ServiceCatalog.named("linkora"));
        assertTrue(linkora.startsWith(LauncherSettings.DEFAULT_JAVA_OPTIONS));
        assertTrue(linkora.endsWith(LauncherSettings.SERVICE_JAVA_OPTIONS.get("linkora")));
        assertTrue(linkora.contains("-XX:TieredStopAtLevel=1"));
        assertEquals(LauncherSettings.DEFAULT_JAVA_OPTIONS, settings.javaOptionsFor(ServiceCatalog.named("kosync")));
        assertTrue(
                settings.javaOptionsFor(ServiceCatalog.named("kora")).endsWith(" -Xmx320m -Xmn24m"),
                "kora's fixed young generation and larger heap cap come after the defaults, so they win");
        assertTrue(
                settings.javaOptionsFor(ServiceCatalog.named("gateway"))
                        .endsWith(" -Xmx384m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=20"),
                "the gateway's heap cap fits 10 000 WebSockets (about 20 KB each)");
        assertEquals(
                "1",
                settings.environmentFor(ServiceCatalog.named("linkora"), Map.of("A", "b"))
                        .get("MALLOC_ARENA_MAX"));
        assertEquals(Map.of("A", "b"), settings.environmentFor(ServiceCatalog.named("kosync"), Map.of("A", "b")));
        assertEquals(
                "1",
                settings.environmentFor(ServiceCatalog.named("synkronus"), Map.of())
                        .get("MALLOC_ARENA_MAX"));
    }

    @Test
    void quintetJavaOptsReplacesEverything() {
        LauncherSettings settings =
                LauncherSettings.fromEnvironment(Map.of("QUINTET_JAVA_OPTS", "-Xmx200m", "MALLOC_ARENA_MAX", "4"));
        assertEquals("-Xmx200m", settings.javaOptionsFor(ServiceCatalog.named("linkora")));
        assertEquals(
                null,
                settings.environmentFor(ServiceCatalog.named("linkora"), Map.of())
                        .get("MALLOC_ARENA_MAX"),
                "the operator's own MALLOC_ARENA_MAX is inherited, not overridden");
    }
}
