package io.quintet.synkronus.version;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.quintet.synkronus.config.SynkronusConfig;
import io.quintet.synkronus.error.PlainText;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Server, database, system and build facts (synkronus.md 6.2), and the fixed versions document (6.3). */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class VersionResource {

    private static final String VERSIONS =
            "{\"versions\":[{\"version\":\"1.0.0\",\"releaseDate\":\"2025-01-01\",\"deprecated\":false}],\"current\":\"1.0.0\"}\n";

    private final Pool pool;
    private final String version;
    private final ObjectMapper pretty;

    public VersionResource(Pool pool, SynkronusConfig config, ObjectMapper mapper) {
        this.pool = pool;
        this.version = config.serverVersion();
        this.pretty = mapper.copy().enable(SerializationFeature.INDENT_OUTPUT);
    }

    @GET
    @Path("/version")
    @Operation(summary = "Server, database, system and build information")
    public Uni<Response> version() {
        return pool.query("SELECT version(), current_database()")
                .execute()
                .map(rows -> {
                    Row row = rows.iterator().next();
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("server", Map.of("version", version));
                    Map<String, Object> database = new LinkedHashMap<>();
                    database.put("type", "postgresql");
                    database.put("version", row.getString(0));
                    database.put("database_name", row.getString(1));
                    body.put("database", database);
                    Map<String, Object> system = new LinkedHashMap<>();
                    system.put(
                            "os",
                            System.getProperty("os.name", "linux").toLowerCase().startsWith("linux")
                                    ? "linux"
                                    : System.getProperty("os.name").toLowerCase());
                    String arch = System.getProperty("os.arch", "");
                    system.put(
                            "architecture",
                            switch (arch) {
                                case "x86_64", "amd64" -> "amd64";
                                case "aarch64", "arm64" -> "arm64";
                                default -> arch;
                            });
                    system.put("cpus", Runtime.getRuntime().availableProcessors());
                    body.put("system", system);
                    body.put(
                            "build",
                            Map.of(
                                    "go_version",
                                    "Java " + Runtime.version() + " (" + System.getProperty("java.vm.name", "") + ")"));
                    try {
                        return Response.ok(pretty.writeValueAsString(body) + "\n", MediaType.APPLICATION_JSON_TYPE)
                                .build();
                    } catch (Exception e) {
                        return PlainText.of(500, "failed to encode version information");
                    }
                })
                .onFailure()
                .recoverWithItem(e -> PlainText.of(500, "failed to read version information"));
    }

    @GET
    @Path("/versions")
    @Operation(summary = "API versions (a fixed document)")
    public String versions() {
        return VERSIONS;
    }
}
