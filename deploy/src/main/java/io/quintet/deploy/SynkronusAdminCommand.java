package io.quintet.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * {@code quintet synkronus import <database-url> [data-dir]}: takes over an existing Synkronus
 * deployment through the running synkronus service (its admin import route), as an admin user
 * of that service. Safe to run again: what was imported before is left alone.
 */
public final class SynkronusAdminCommand {

    static final String USAGE = """
            usage: quintet synkronus import <database-url> [data-dir]

              import   copy a Synkronus deployment into this one: users (password hashes kept),
                       observations (versions kept), attachment operations and files, app bundle
                       versions; prints what was imported. <database-url> is the reference's
                       DB_CONNECTION (postgres://user:password@host:5432/synkronus?sslmode=disable);
                       [data-dir] its data directory (attachments/, attachments_uncompressed/,
                       app-bundle/), read by the synkronus service, so a path on its machine

            environment:
              SYNKRONUS_ADMIN_USERNAME, SYNKRONUS_ADMIN_PASSWORD
                                   an admin of this synkronus service (default: ADMIN_USERNAME /
                                   ADMIN_PASSWORD, else admin / admin)
              SYNKRONUS_ADMIN_URL  the service, default http://127.0.0.1:<QUINTET_SYNKRONUS_PORT or 8082>/synkronus
            """;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final String username;
    private final String password;
    private final PrintStream out;
    private final PrintStream err;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    SynkronusAdminCommand(Map<String, String> env, PrintStream out, PrintStream err) {
        String port = env.getOrDefault(ServiceCatalog.named("synkronus").portVariable(), "8082");
        String url = env.getOrDefault("SYNKRONUS_ADMIN_URL", "http://127.0.0.1:" + port + "/synkronus");
        this.baseUrl = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.username = env.getOrDefault("SYNKRONUS_ADMIN_USERNAME", env.getOrDefault("ADMIN_USERNAME", "admin"));
        this.password = env.getOrDefault("SYNKRONUS_ADMIN_PASSWORD", env.getOrDefault("ADMIN_PASSWORD", "admin"));
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(new SynkronusAdminCommand(System.getenv(), System.out, System.err).run(args));
    }

    /** The process exit code: 0 done, 1 refused or failed, 2 usage. */
    int run(String[] args) {
        if (args.length == 0 || args[0].equals("help") || args[0].equals("--help")) {
            out.print(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        if (!args[0].equals("import") || args.length < 2 || args.length > 3) {
            err.print(USAGE);
            return 2;
        }
        String dataDir = args.length == 3 ? Path.of(args[2]).toAbsolutePath().toString() : "";
        if (!dataDir.isEmpty() && !Files.isDirectory(Path.of(dataDir))) {
            err.println("quintet synkronus: " + dataDir + " is not a directory");
            return 2;
        }
        try {
            String token = login();
            if (token == null) {
                return 1;
            }
            String body = JSON.writeValueAsString(Map.of("database_url", args[1], "data_dir", dataDir));
            HttpResponse<String> answer = http.send(
                    HttpRequest.newBuilder(URI.create(baseUrl + "/api/admin/import"))
                            .timeout(Duration.ofHours(2))
                            .header("x-ode-version", "1.0.0")
                            .header("Authorization", "Bearer " + token)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                err.println("quintet synkronus: import refused (" + answer.statusCode() + "): "
                        + answer.body().trim());
                return 1;
            }
            JsonNode imported = JSON.readTree(answer.body()).path("imported");
            out.println("quintet synkronus: imported");
            imported.fields()
                    .forEachRemaining(e ->
                            out.printf("  %-22s %d%n", e.getKey(), e.getValue().asLong()));
            return 0;
        } catch (IOException e) {
            err.println(
                    "quintet synkronus: cannot reach " + baseUrl + " (" + e.getMessage() + "); is the suite running?");
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    private String login() throws IOException, InterruptedException {
        String body = JSON.writeValueAsString(Map.of("username", username, "password", password));
        HttpResponse<String> answer = http.send(
                HttpRequest.newBuilder(URI.create(baseUrl + "/api/auth/login"))
                        .timeout(Duration.ofSeconds(30))
                        .header("x-ode-version", "1.0.0")
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            err.println("quintet synkronus: login as " + username + " refused (" + answer.statusCode()
                    + "); set SYNKRONUS_ADMIN_USERNAME and SYNKRONUS_ADMIN_PASSWORD to an admin of this service");
            return null;
        }
        return JSON.readTree(answer.body()).path("token").asText();
    }
}
