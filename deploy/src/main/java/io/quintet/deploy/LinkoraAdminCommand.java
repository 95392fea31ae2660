package io.quintet.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

/**
 * {@code quintet linkora import ...}: moves an existing Linkora sync server's data into the running
 * linkora service through its admin API ({@code POST /linkora/admin/import}). A SQLite file is
 * uploaded, so the service may run on another machine; a PostgreSQL or MySQL database is named by
 * its URL and read by the service itself. Without an argument the reference's own
 * {@code linkoraConfig.json} (its {@code databaseUrl}, user and password) names the source.
 */
public final class LinkoraAdminCommand {

    static final String USAGE = """
            usage: quintet linkora import [<sqlite-file> | <database-url>] [--user U] [--password P] [--replace]

              Imports a Linkora sync server's database (ids, timestamps and tombstones kept) into the
              running linkora service. <database-url> is the reference's databaseUrl, jdbc: optional:
              postgresql://host:5432/linkora, mysql://host:3306/linkora, sqlite:/path/linkora.db.
              Without a source, databaseUrl/databaseUser/databasePassword of linkoraConfig.json are used.
              --replace deletes the service's Linkora data first (refused otherwise when it has any).

            environment:
              LINKORA_ADMIN_TOKEN   the admin token the linkora service was started with (required)
              LINKORA_ADMIN_URL     the service, default http://127.0.0.1:<QUINTET_LINKORA_PORT or 8081>/linkora
              LINKORA_CONFIG_FILE   the reference configuration, default <QUINTET_DATA_DIR or ./data>/linkora/linkoraConfig.json
            """;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final String token;
    private final Path configFile;
    private final PrintStream out;
    private final PrintStream err;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    LinkoraAdminCommand(Map<String, String> env, PrintStream out, PrintStream err) {
        String port = env.getOrDefault(ServiceCatalog.named("linkora").portVariable(), "8081");
        String url = env.getOrDefault("LINKORA_ADMIN_URL", "http://127.0.0.1:" + port + "/linkora");
        this.baseUrl = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.token = env.get("LINKORA_ADMIN_TOKEN");
        String dataDir = env.getOrDefault("QUINTET_DATA_DIR", "data");
        this.configFile = Path.of(env.getOrDefault(
                "LINKORA_CONFIG_FILE",
                Path.of(dataDir, "linkora", "linkoraConfig.json").toString()));
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(new LinkoraAdminCommand(System.getenv(), System.out, System.err).run(args));
    }

    /** The process exit code: 0 done, 1 refused or failed, 2 usage. */
    int run(String[] args) {
        if (args.length == 0 || args[0].equals("help") || args[0].equals("--help")) {
            out.print(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        if (!args[0].equals("import")) {
            return usage("unknown command: " + args[0]);
        }
        if (token == null || token.isBlank()) {
            err.println(
                    "quintet linkora: set LINKORA_ADMIN_TOKEN to the admin token the linkora service was started with");
            return 2;
        }
        try {
            return importDatabase(Arrays.copyOfRange(args, 1, args.length));
        } catch (IOException e) {
            err.println("quintet linkora: cannot reach " + baseUrl + " (" + e.getMessage() + ")");
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    private int importDatabase(String[] args) throws IOException, InterruptedException {
        String source = null;
        String user = null;
        String password = null;
        boolean replace = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--user" -> {
                    if (++i == args.length) return usage("--user needs a value");
                    user = args[i];
                }
                case "--password" -> {
                    if (++i == args.length) return usage("--password needs a value");
                    password = args[i];
                }
                case "--replace" -> replace = true;
                default -> {
                    if (args[i].startsWith("--") || source != null) return usage("unexpected argument: " + args[i]);
                    source = args[i];
                }
            }
        }
        if (source == null) {
            JsonNode config = readConfig();
            if (config == null) return 1;
            source = text(config, "databaseUrl");
            if (source == null) {
                err.println("quintet linkora: " + configFile + " has no databaseUrl; name the source database");
                return 1;
            }
            user = user != null ? user : text(config, "databaseUser");
            password = password != null ? password : text(config, "databasePassword");
        }
        Path file = sqliteFile(source);
        HttpRequest.Builder request;
        if (file != null) {
            if (!Files.isRegularFile(file)) {
                err.println("quintet linkora: no such file: " + file);
                return 1;
            }
            request = request("/admin/import" + (replace ? "?replace=true" : ""), "application/octet-stream")
                    .POST(HttpRequest.BodyPublishers.ofFile(file));
            out.println("quintet linkora: uploading " + file + " (" + Files.size(file) + " bytes)");
        } else {
            ObjectNode body = JSON.createObjectNode().put("url", source).put("replace", replace);
            if (user != null) body.put("user", user);
            if (password != null) body.put("password", password);
            request = request("/admin/import", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        }
        HttpResponse<String> r =
                http.send(request.timeout(Duration.ofMinutes(30)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            err.println("quintet linkora: " + r.statusCode() + " " + r.body());
            return 1;
        }
        JsonNode report = JSON.readTree(r.body());
        out.printf(
                "imported %d folders, %d links, %d panels, %d panel folders, %d tags, %d link tags, %d tombstones%n",
                report.path("folders").asInt(),
                report.path("links").asInt(),
                report.path("panels").asInt(),
                report.path("panelFolders").asInt(),
                report.path("tags").asInt(),
                report.path("linkTags").asInt(),
                report.path("tombstones").asInt());
        for (JsonNode skipped : report.path("skipped")) {
            out.println("  skipped: " + skipped.asText());
        }
        return 0;
    }

    /** A SQLite source the command uploads: a plain path, or a {@code sqlite:} URL (jdbc: optional). */
    static Path sqliteFile(String source) {
        String s = source.startsWith("jdbc:") ? source.substring(5) : source;
        if (s.startsWith("sqlite:")) {
            String path = s.substring("sqlite:".length());
            int query = path.indexOf('?');
            return Path.of(query < 0 ? path : path.substring(0, query));
        }
        return s.contains(":") ? null : Path.of(s);
    }

    private JsonNode readConfig() {
        try {
            JsonNode root = JSON.readTree(configFile.toFile());
            if (root != null && root.isObject()) return root;
            err.println("quintet linkora: " + configFile + " is not a JSON object");
        } catch (IOException e) {
            err.println("quintet linkora: cannot read " + configFile + " (" + e.getMessage()
                    + "); name the source database");
        }
        return null;
    }

    private static String text(JsonNode root, String key) {
        JsonNode node = root.get(key);
        return node == null || node.isNull() || node.asText().isBlank()
                ? null
                : node.asText().trim();
    }

    private HttpRequest.Builder request(String path, String contentType) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", contentType);
    }

    private int usage(String problem) {
        err.println("quintet linkora: " + problem);
        err.print(USAGE);
        return 2;
    }
}
