package io.quintet.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

/**
 * {@code quintet kosync ...}: account administration and imports through the running kosync
 * service's admin API, so an operator can run with registration off. Reads the service address
 * from {@code KOSYNC_ADMIN_URL} (default: this machine, the kosync port) and the bearer token
 * from {@code KOSYNC_ADMIN_TOKEN}, the variable the service itself reads.
 */
public final class KosyncAdminCommand {

    static final String USAGE = """
            usage: quintet kosync <command>

              users list                          every account and its number of documents
              users create <name> <password>      create an account (password as typed in KOReader)
              users delete <name>                 delete an account and all its positions
              users reset-key <name> <password>   set a new password (as typed in KOReader)
              users history <name> [document]     stored pushes (when KOSYNC_STORE_HISTORY is on)
              import <file> [--format kosync|redis] [--database N]
                                                  import a KOsync database.json or the official
                                                  server's Redis dump.rdb (database 1 by default)

            environment:
              KOSYNC_ADMIN_TOKEN   the admin token the kosync service was started with (required)
              KOSYNC_ADMIN_URL     the service, default http://127.0.0.1:<QUINTET_KOSYNC_PORT or 8084>/kosync
            """;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final String token;
    private final PrintStream out;
    private final PrintStream err;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    KosyncAdminCommand(Map<String, String> env, PrintStream out, PrintStream err) {
        String port = env.getOrDefault(ServiceCatalog.named("kosync").portVariable(), "8084");
        String url = env.getOrDefault("KOSYNC_ADMIN_URL", "http://127.0.0.1:" + port + "/kosync");
        this.baseUrl = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.token = env.get("KOSYNC_ADMIN_TOKEN");
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(new KosyncAdminCommand(System.getenv(), System.out, System.err).run(args));
    }

    /** The process exit code: 0 done, 1 refused or failed, 2 usage. */
    int run(String[] args) {
        if (args.length == 0 || args[0].equals("help") || args[0].equals("--help")) {
            out.print(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        if (token == null || token.isBlank()) {
            err.println("quintet kosync: set KOSYNC_ADMIN_TOKEN to the token the kosync service was started with");
            return 2;
        }
        try {
            return switch (args[0]) {
                case "users" -> users(Arrays.copyOfRange(args, 1, args.length));
                case "import" -> importFile(Arrays.copyOfRange(args, 1, args.length));
                default -> usage("unknown command: " + args[0]);
            };
        } catch (IOException e) {
            err.println("quintet kosync: cannot reach " + baseUrl + " (" + e.getMessage() + ")");
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    private int users(String[] args) throws IOException, InterruptedException {
        String sub = args.length == 0 ? "" : args[0];
        switch (sub) {
            case "list" -> {
                if (args.length != 1) return usage("users list takes no arguments");
                HttpResponse<String> r = send("GET", "/admin/users", null, null);
                if (failed(r)) return 1;
                JsonNode users = JSON.readTree(r.body()).path("users");
                out.printf("%-32s %10s  %s%n", "USER", "DOCUMENTS", "CREATED");
                for (JsonNode u : users) {
                    out.printf(
                            "%-32s %10d  %s%n",
                            u.path("username").asText(),
                            u.path("documents").asLong(),
                            u.path("created_at").asText());
                }
                out.println(users.size() + (users.size() == 1 ? " account" : " accounts"));
                return 0;
            }
            case "create" -> {
                if (args.length != 3) return usage("users create <name> <password>");
                ObjectNode body =
                        JSON.createObjectNode().put("username", args[1]).put("password", args[2]);
                return report(send("POST", "/admin/users", body.toString(), "application/json"), "created " + args[1]);
            }
            case "delete" -> {
                if (args.length != 2) return usage("users delete <name>");
                return report(send("DELETE", "/admin/users/" + segment(args[1]), null, null), "deleted " + args[1]);
            }
            case "reset-key" -> {
                if (args.length != 3) return usage("users reset-key <name> <password>");
                ObjectNode body = JSON.createObjectNode().put("password", args[2]);
                return report(
                        send("PUT", "/admin/users/" + segment(args[1]) + "/key", body.toString(), "application/json"),
                        "new password set for " + args[1]);
            }
            case "history" -> {
                if (args.length < 2 || args.length > 3) return usage("users history <name> [document]");
                String query =
                        args.length == 3 ? "?document=" + URLEncoder.encode(args[2], StandardCharsets.UTF_8) : "";
                HttpResponse<String> r =
                        send("GET", "/admin/users/" + segment(args[1]) + "/history" + query, null, null);
                if (failed(r)) return 1;
                out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(JSON.readTree(r.body())));
                return 0;
            }
            default -> {
                return usage("users list|create|delete|reset-key|history");
            }
        }
    }

    private int importFile(String[] args) throws IOException, InterruptedException {
        if (args.length == 0) return usage("import <file> [--format kosync|redis] [--database N]");
        Path file = Path.of(args[0]);
        if (!Files.isRegularFile(file)) {
            err.println("quintet kosync: no such file: " + file);
            return 1;
        }
        StringBuilder query = new StringBuilder();
        for (int i = 1; i < args.length; i++) {
            String option = args[i];
            if ((option.equals("--format") || option.equals("--database")) && i + 1 < args.length) {
                query.append(query.length() == 0 ? '?' : '&')
                        .append(option.substring(2))
                        .append('=')
                        .append(URLEncoder.encode(args[++i], StandardCharsets.UTF_8));
            } else {
                return usage("unknown import option: " + option);
            }
        }
        HttpResponse<String> r = http.send(
                request("POST", "/admin/import" + query, "application/octet-stream")
                        .timeout(Duration.ofMinutes(30)) // every key is bcrypt-hashed on the way in
                        .POST(HttpRequest.BodyPublishers.ofFile(file))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (failed(r)) return 1;
        JsonNode report = JSON.readTree(r.body());
        out.printf(
                "imported %d accounts, %d positions, %d history entries (%s)%n",
                report.path("users").asInt(),
                report.path("documents").asInt(),
                report.path("history").asInt(),
                report.path("format").asText());
        for (JsonNode name : report.path("existing")) {
            out.println("  left alone (name exists): " + name.asText());
        }
        for (JsonNode skipped : report.path("skipped")) {
            out.println("  skipped: " + skipped.asText());
        }
        if (report.path("settings").size() > 0) {
            out.println("  source settings: " + report.get("settings"));
        }
        return 0;
    }

    private HttpResponse<String> send(String method, String path, String body, String contentType)
            throws IOException, InterruptedException {
        HttpRequest.Builder builder = request(method, path, contentType).timeout(Duration.ofSeconds(60));
        builder.method(
                method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String method, String path, String contentType) {
        HttpRequest.Builder builder =
                HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Authorization", "Bearer " + token);
        if (contentType != null) builder.header("Content-Type", contentType);
        return builder;
    }

    private int report(HttpResponse<String> r, String done) throws IOException {
        if (failed(r)) return 1;
        out.println(done);
        return 0;
    }

    /** Prints the service's own message for a refused call. */
    private boolean failed(HttpResponse<String> r) {
        if (r.statusCode() / 100 == 2) return false;
        String message = r.body();
        try {
            message = JSON.readTree(r.body()).path("message").asText(r.body());
        } catch (IOException notJson) {
            // keep the raw body
        }
        err.println("quintet kosync: " + r.statusCode() + " " + message);
        return true;
    }

    private int usage(String problem) {
        err.println("quintet kosync: " + problem);
        err.print(USAGE);
        return 2;
    }

    private static String segment(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
