package io.quintet.deploy;

import java.nio.file.Path;

/**
 * One process the launcher can start: a Quarkus module's fast-jar, its default port and the path
 * prefix it serves under (its health is at {@code <prefix>/q/health/ready}).
 */
public record ServiceSpec(String name, String module, int defaultPort, String prefix) {

    public Path runner(Path root) {
        return root.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
    }

    public String readinessPath() {
        return prefix + "/q/health/ready";
    }

    /** Environment variable that overrides the port, e.g. {@code QUINTET_KOSYNC_PORT}. */
    public String portVariable() {
        return "QUINTET_" + name.toUpperCase().replace('-', '_') + "_PORT";
    }
}
