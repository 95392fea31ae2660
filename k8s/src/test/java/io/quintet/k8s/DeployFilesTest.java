package io.quintet.k8s;

import static io.quintet.k8s.Manifests.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** The other ways to run the suite and the chart's documentation stay true to the services. */
class DeployFilesTest {

    private static final Map<String, String> MODULES = Map.of(
            "gateway",
            "gateway",
            "linkora",
            "linkora-service",
            "synkronus",
            "synkronus-service",
            "objectstore",
            "objectstore-service",
            "kosync",
            "kosync-service",
            "kora",
            "kora-service");

    @Test
    @DisplayName("deploy/compose.yaml: every variable is read by its service, upstreams use the catalog's ports")
    void compose() throws IOException {
        Map<String, Object> compose = new Yaml().load(Files.readString(Chart.REPO.resolve("deploy/compose.yaml")));
        Map<String, Integer> ports = ChartTest.launcherCatalog();
        List<String> problems = new ArrayList<>();
        map(compose, "services").forEach((name, definition) -> {
            String module = MODULES.get(name);
            if (module == null) return; // helpers such as data-permissions
            @SuppressWarnings("unchecked")
            Map<String, Object> environment = map((Map<String, Object>) definition, "environment");
            for (Map.Entry<String, Object> e : environment.entrySet()) {
                if (!ServiceEnvironment.reads(module, e.getKey())) problems.add(name + ": " + e.getKey());
                if (e.getKey().startsWith("QUINTET_UPSTREAM_")
                        && String.valueOf(e.getValue()).startsWith("http://")) {
                    String target =
                            e.getKey().substring("QUINTET_UPSTREAM_".length()).toLowerCase();
                    assertEquals("http://" + target + ":" + ports.get(target), e.getValue());
                }
                if (e.getKey().equals("QUARKUS_HTTP_PORT"))
                    assertEquals(String.valueOf(ports.get(name)), e.getValue(), name);
            }
        });
        assertEquals(List.of(), problems);
    }

    @Test
    @DisplayName("deploy/systemd/env: every variable is read by its service (or by the unit), ports are the catalog's")
    void systemd() throws IOException {
        Map<String, Integer> ports = ChartTest.launcherCatalog();
        List<String> problems = new ArrayList<>();
        for (String name : MODULES.keySet()) {
            Path file = Chart.REPO.resolve("deploy/systemd/env/" + name + ".env");
            assertTrue(Files.exists(file), file.toString());
            for (String line : Files.readAllLines(file)) {
                String stripped = line.startsWith("#") ? line.substring(1) : line;
                if (!stripped.matches("[A-Z][A-Z0-9_]*=.*")) continue;
                String variable = stripped.substring(0, stripped.indexOf('='));
                // read by the unit itself
                if (variable.equals("QUINTET_MODULE") || variable.equals("QUINTET_JAVA_OPTS")) continue;
                if (!ServiceEnvironment.reads(MODULES.get(name), variable)) problems.add(name + ": " + variable);
                if (variable.equals("QUARKUS_HTTP_PORT"))
                    assertEquals("QUARKUS_HTTP_PORT=" + ports.get(name), stripped);
            }
        }
        for (String line : Files.readAllLines(Chart.REPO.resolve("deploy/systemd/env/quintet.env"))) {
            if (line.matches("[A-Z][A-Z0-9_]*=.*")) {
                String variable = line.substring(0, line.indexOf('='));
                assertTrue(ServiceEnvironment.SUITE.contains(variable), variable);
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    @DisplayName("the chart README's parameter table lists every key of values.yaml")
    void parameterTable() throws IOException {
        Map<String, Object> values = new Yaml().load(Files.readString(Chart.DIR.resolve("values.yaml")));
        String readme = Files.readString(Chart.DIR.resolve("README.md"));
        List<String> missing = new ArrayList<>();
        leaves("", values, missing, readme);
        assertEquals(List.of(), missing, "regenerate the table in k8s/quintet/README.md");
    }

    @SuppressWarnings("unchecked")
    private static void leaves(String prefix, Object node, List<String> missing, String readme) {
        if (node instanceof Map<?, ?> m
                && !m.isEmpty()
                && !prefix.endsWith("resources.requests")
                && !prefix.endsWith("resources.limits")) {
            ((Map<String, Object>) m)
                    .forEach((k, v) -> leaves(prefix.isEmpty() ? k : prefix + "." + k, v, missing, readme));
        } else if (!readme.contains("| `" + prefix + "` |")) {
            missing.add(prefix);
        }
    }
}
