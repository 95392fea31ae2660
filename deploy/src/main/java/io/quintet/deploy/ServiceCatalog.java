package io.quintet.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Every module the suite can run, in start order: the protocol services, then the gateway. */
public final class ServiceCatalog {

    public static final List<ServiceSpec> SERVICES = List.of(
            new ServiceSpec("linkora", "linkora-service", 8081, "/linkora"),
            new ServiceSpec("synkronus", "synkronus-service", 8082, "/synkronus"),
            new ServiceSpec("objectstore", "objectstore-service", 8083, "/objectstore"),
            new ServiceSpec("kosync", "kosync-service", 8084, "/kosync"),
            new ServiceSpec("kora", "kora-service", 8085, "/kora"));

    public static final ServiceSpec GATEWAY = new ServiceSpec("gateway", "gateway", 8080, "");

    private ServiceCatalog() {}

    /** The spec of one service by name ({@code kosync}, {@code gateway}, ...). */
    public static ServiceSpec named(String name) {
        if (GATEWAY.name().equals(name)) return GATEWAY;
        return SERVICES.stream()
                .filter(s -> s.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no such service: " + name));
    }

    /** The services whose module exists in this checkout. */
    static List<ServiceSpec> present(Path root) {
        return SERVICES.stream()
                .filter(s -> Files.isDirectory(root.resolve(s.module())))
                .toList();
    }

    /**
     * Whether a present service can start with this environment: objectstore serves the data model
     * its operator gives it (ObjectBox's rule: no model, no server), so it starts only when
     * {@code OBJECTSTORE_MODEL} or {@code OBJECTSTORE_CONFIG} names one.
     */
    static boolean configured(ServiceSpec spec, Map<String, String> env) {
        if (!"objectstore".equals(spec.name())) return true;
        return isSet(env.get("OBJECTSTORE_MODEL")) || isSet(env.get("OBJECTSTORE_CONFIG"));
    }

    private static boolean isSet(String value) {
        return value != null && !value.isBlank();
    }

    static boolean gatewayPresent(Path root) {
        return Files.isDirectory(root.resolve(GATEWAY.module()));
    }
}
