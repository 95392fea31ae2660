package io.quintet.deploy;

import java.nio.file.Path;

/**
 * One process the launcher can start: a Quarkus module's fast-jar, its default port and the path
 * prefix it serves under. Its health and metrics are on its management interface ({@code /q/health/ready}
 * on the port {@link LauncherSettings#managementPortOf} gives it).
 */
public record ServiceSpec(String name, String module, int defaultPort, String prefix) {

    public Path runner(Path root) {
        return root.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
    }

    /** Where readiness answers on the service's own port when it runs without a management interface. */
    public String readinessPath() {
        return prefix + "/q/health/ready";
    }

    /** Environment variable that sets the management port, e.g. {@code QUINTET_KOSYNC_MANAGEMENT_PORT}. */
    public String managementPortVariable() {
        return "QUINTET_" + name.toUpperCase().replace('-', '_') + "_MANAGEMENT_PORT";
    }

    /** Environment variable that overrides the port, e.g. {@code QUINTET_KOSYNC_PORT}. */
    public String portVariable() {
        return "QUINTET_" + name.toUpperCase().replace('-', '_') + "_PORT";
    }
}
