package io.quintet.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The other ways to run the suite (Helm chart, Compose file, systemd units) copy the launcher's JVM
 * options and environment per service; a copy that drifts leaves a service without the heap or
 * direct memory its limits were measured with (a 48 MB linkora in the chart refused 16M bodies).
 */
class DeployedJavaOptionsTest {

    private static final List<ServiceSpec> EVERY_SERVICE = Stream.concat(
                    ServiceCatalog.SERVICES.stream(), Stream.of(ServiceCatalog.GATEWAY))
            .toList();
    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    /** What a service takes beside its heap cap and direct memory, with room to spare (idle RSS is 95-210 MB). */
    private static final int NON_HEAP_MB = 150;

    @Test
    @DisplayName(
            "the chart, the Compose file and the systemd units give each service the launcher's options and environment")
    void everyCopyIsTheLaunchers() throws IOException {
        Map<String, Object> values = yaml(REPO.resolve("k8s/quintet/values.yaml"));
        Map<String, Object> compose = map(yaml(REPO.resolve("deploy/compose.yaml")), "services");
        List<String> problems = new ArrayList<>();
        for (ServiceSpec spec : EVERY_SERVICE) {
            String name = spec.name();
            String expected = LauncherSettings.javaOptionsFor(name, Map.of());
            Map<String, String> environment = LauncherSettings.SERVICE_ENVIRONMENT.getOrDefault(name, Map.of());

            Object chart = Optional.ofNullable(map(values, name).get("javaOptions"))
                    .orElse(map(values, "defaults").get("javaOptions"));
            if (!expected.equals(chart)) problems.add("chart " + name + ": " + chart);
            Map<String, Object> chartEnv = map(map(values, name), "env");
            environment.forEach((k, v) -> {
                if (!v.equals(String.valueOf(chartEnv.get(k)))) problems.add("chart " + name + " env " + k);
            });

            Map<String, Object> composeEnv = map(map(compose, name), "environment");
            if (!expected.equals(composeEnv.get("JAVA_TOOL_OPTIONS")))
                problems.add("compose " + name + ": " + composeEnv.get("JAVA_TOOL_OPTIONS"));
            environment.forEach((k, v) -> {
                if (!v.equals(String.valueOf(composeEnv.get(k)))) problems.add("compose " + name + " env " + k);
            });

            List<String> unit = Files.readAllLines(REPO.resolve("deploy/systemd/env/" + name + ".env"));
            if (!unit.contains("QUINTET_JAVA_OPTS=" + expected)) problems.add("systemd " + name);
            environment.forEach((k, v) -> {
                if (!unit.contains(k + "=" + v)) problems.add("systemd " + name + " env " + k);
            });
        }
        assertEquals(List.of(), problems);
    }

    @Test
    @DisplayName("each chart profile's memory limit holds the service's heap cap and direct memory")
    void memoryLimitsHoldTheHeapCaps() throws IOException {
        Map<String, Object> base = yaml(REPO.resolve("k8s/quintet/values.yaml"));
        List<String> problems = new ArrayList<>();
        for (String profile : List.of("values.yaml", "values-ha.yaml", "values-small-vps.yaml")) {
            Map<String, Object> over = yaml(REPO.resolve("k8s/quintet/" + profile));
            for (ServiceSpec spec : EVERY_SERVICE) {
                String options = LauncherSettings.javaOptionsFor(spec.name(), Map.of());
                int needed = megabytes(options, "-Xmx(\\d+)m")
                        + megabytes(options, "-XX:MaxDirectMemorySize=(\\d+)m")
                        + NON_HEAP_MB;
                String limit = memoryLimit(over, spec.name())
                        .or(() -> memoryLimit(base, spec.name()))
                        .or(() -> memoryLimit(over, "defaults"))
                        .orElseGet(() -> memoryLimit(base, "defaults").orElseThrow());
                assertTrue(limit.endsWith("Mi"), limit);
                int mebibytes = Integer.parseInt(limit.substring(0, limit.length() - 2));
                if (mebibytes < needed)
                    problems.add(profile + " " + spec.name() + ": " + limit + " < " + needed + "Mi");
            }
        }
        assertEquals(List.of(), problems);
    }

    private static Optional<String> memoryLimit(Map<String, Object> values, String block) {
        return Optional.ofNullable((String)
                map(map(map(values, block), "resources"), "limits").get("memory"));
    }

    private static int megabytes(String options, String pattern) {
        Matcher m = Pattern.compile(pattern).matcher(options);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    private static Map<String, Object> yaml(Path file) throws IOException {
        return new Yaml().load(Files.readString(file));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        Object child = parent == null ? null : parent.get(key);
        return child instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }
}
