package io.quintet.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each service's JVM options and environment, and QUINTET_JAVA_OPTS taking precedence. */
class ServiceJavaOptionsTest {

    @Test
    void aServiceGetsItsOwnOptionsInPlaceOfTheDefaults() {
        LauncherSettings settings = LauncherSettings.fromEnvironment(Map.of());
        assertEquals(
                "-Xms8m -Xmx128m -XX:+UseSerialGC -XX:MaxMetaspaceSize=128m -XX:ReservedCodeCacheSize=16m -Xss256k"
                        + " -XX:CICompilerCount=1 -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=15"
                        + " -XX:TieredStopAtLevel=1 -XX:MaxDirectMemorySize=64m -XX:TrimNativeHeapInterval=5000",
                settings.javaOptionsFor(ServiceCatalog.named("linkora")),
                "one option per setting, the service's own winning");
        assertEquals(LauncherSettings.DEFAULT_JAVA_OPTIONS, settings.javaOptionsFor(ServiceCatalog.named("kosync")));
        assertEquals(
                "-Xms16m -Xmx320m -XX:+UseSerialGC -XX:MaxMetaspaceSize=128m -XX:ReservedCodeCacheSize=48m -Xss512k"
                        + " -XX:CICompilerCount=2 -XX:NewSize=15m -XX:MaxNewSize=24m",
                settings.javaOptionsFor(ServiceCatalog.named("kora")),
                "kora's young generation and larger heap cap");
        assertTrue(
                settings.javaOptionsFor(ServiceCatalog.named("gateway")).contains(" -Xmx384m ")
                        && settings.javaOptionsFor(ServiceCatalog.named("gateway"))
                                .endsWith(" -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=20"),
                "the gateway's heap cap fits 10 000 WebSockets (about 20 KB each)");
        assertEquals(
                "-Xms16m -Xmx64m -XX:-UseSerialGC -Dx=2 -XX:+AlwaysPreTouch -Dy=1",
                LauncherSettings.merged(
                        "-Xms16m -Xmx96m -XX:+UseSerialGC -Dx=1",
                        "-Xmx64m -XX:-UseSerialGC -Dx=2 -XX:+AlwaysPreTouch -Dy=1"));
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
