package io.quintet.objectstore.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.quintet.objectstore.config.ConfigKeys.Kind;
import io.quintet.objectstore.config.ConfigKeys.Option;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Merges the three sources of 5.1 into one tree shaped like {@code sync-server-config.json}:
 * defaults &lt; file &lt; {@code objectstore.*} properties (environment, system properties) &lt; CLI,
 * then reads {@link SyncServerSettings} from it. Unknown non-{@code _} keys are start-up errors.
 */
public final class ServerConfigLoader {

    public static final String DEFAULT_FILE = "sync-server-config.json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> LEVELS =
            Set.of("all", "trace", "verbose", "debug", "info", "warn", "error", "none");
    private static final Pattern HEX32 = Pattern.compile("[0-9a-fA-F]{32}");
    public static final Set<String> CREDENTIAL_TYPES = Set.of(
            "NONE",
            "SHARED_SECRET",
            "GOOGLE_AUTH",
            "SHARED_SECRET_SIPPED",
            "OBX_ADMIN_USER",
            "USER_PASSWORD",
            "JWT_ID",
            "JWT_ACCESS",
            "JWT_REFRESH",
            "JWT_CUSTOM");

    private ServerConfigLoader() {}

    /**
     * @param args     command-line options (5.2)
     * @param property MicroProfile lookup of {@code objectstore.*} names (env {@code OBJECTSTORE_*})
     * @param workDir  where the default config file is looked for
     */
    public static SyncServerSettings load(String[] args, Function<String, Optional<String>> property, Path workDir) {
        List<String> warnings = new ArrayList<>();
        ObjectNode cli = JsonNodeFactory.instance.objectNode();
        String confPath = parseCommandLine(args, cli);
        if (confPath == null)
            confPath = property.apply("objectstore.config")
                    .filter(s -> !s.isBlank())
                    .orElse(null);
        Optional<Path> configFile = Optional.empty();
        ObjectNode merged = JsonNodeFactory.instance.objectNode();
        if (confPath != null) {
            Path file = workDir.resolve(confPath);
            if (!Files.isRegularFile(file)) throw new ConfigException("config file not found: " + file);
            configFile = Optional.of(file);
        } else if (Files.isRegularFile(workDir.resolve(DEFAULT_FILE))) {
            configFile = Optional.of(workDir.resolve(DEFAULT_FILE));
        }
        if (configFile.isPresent()) {
            JsonNode file = readFile(configFile.get());
            validate(file, ConfigKeys.ROOT, "");
            deepMerge(merged, stripComments(file));
        }
        deepMerge(merged, fromProperties(property));
        deepMerge(merged, cli);
        return settings(merged, configFile, warnings, workDir);
    }

    private static String parseCommandLine(String[] args, ObjectNode cli) {
        String conf = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                value = arg.substring(eq + 1);
                arg = arg.substring(0, eq);
            }
            Option option = ConfigKeys.OPTIONS.get(arg);
            if (option == null) throw new ConfigException("unknown command-line option: " + arg);
            if (option.takesArgument() && value == null) {
                if (i + 1 >= args.length) throw new ConfigException("option " + arg + " needs an argument");
                value = args[++i];
            }
            switch (option.path()) {
                case "#conf" -> conf = value;
                case "#debug" -> set(cli, "logLevel", TextNode.valueOf("debug"));
                default -> set(cli, option.path(), option.takesArgument() ? TextNode.valueOf(value) : BooleanNode.TRUE);
            }
        }
        return conf;
    }

    private static JsonNode readFile(Path file) {
        try {
            return JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new ConfigException("config file " + file + " is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
        }
    }

    @SuppressWarnings("unchecked")
    private static void validate(JsonNode node, Map<String, Object> spec, String prefix) {
        if (!node.isObject())
            throw new ConfigException((prefix.isEmpty() ? "config file" : prefix) + " must be a JSON object");
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String key = field.getKey();
            if (key.startsWith("_")) continue;
            String path = prefix.isEmpty() ? key : prefix + "." + key;
            Object kind = spec.get(key);
            if (kind == null
                    || (prefix.isEmpty()
                            && Set.of("authRequired", "adminOff", "restoreBackup", "backupOverwritesDb")
                                    .contains(key))) {
                throw new ConfigException("unknown configuration key: " + path);
            }
            if (kind instanceof Map<?, ?> nested) {
                validate(field.getValue(), (Map<String, Object>) nested, path);
            } else {
                checkKind(field.getValue(), (Kind) kind, path);
            }
        }
    }

    private static void checkKind(JsonNode v, Kind kind, String path) {
        boolean ok = switch (kind) {
            case STRING -> v.isTextual();
            case BOOL -> v.isBoolean();
            case INT -> v.isIntegralNumber();
            case NUMBER -> v.isNumber();
            case SIZE -> v.isTextual() || v.isIntegralNumber();
            case STRING_LIST -> v.isArray();
            case STRING_MAP -> v.isObject();
            case ANY -> true;
        };
        if (!ok)
            throw new ConfigException(
                    path + ": wrong value type (" + kind.name().toLowerCase(Locale.ROOT) + " expected)");
    }

    private static JsonNode stripComments(JsonNode node) {
        if (!node.isObject()) return node;
        ObjectNode copy = JsonNodeFactory.instance.objectNode();
        node.fields().forEachRemaining(f -> {
            if (!f.getKey().startsWith("_")) copy.set(f.getKey(), stripComments(f.getValue()));
        });
        return copy;
    }

    /** {@code objectstore.<kebab path>} for every leaf key, e.g. {@code objectstore.db-max-size}. */
    @SuppressWarnings("unchecked")
    private static ObjectNode fromProperties(Function<String, Optional<String>> property) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        property.apply("objectstore.model").ifPresent(v -> set(out, "modelFile", TextNode.valueOf(v)));
        walk(
                ConfigKeys.ROOT,
                "",
                (path, kind) -> property.apply("objectstore." + kebab(path))
                        .filter(s -> !s.isEmpty())
                        .ifPresent(v -> set(out, path, fromText(v, kind, path))));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static void walk(
            Map<String, Object> spec, String prefix, java.util.function.BiConsumer<String, Kind> leaf) {
        spec.forEach((key, kind) -> {
            String path = prefix.isEmpty() ? key : prefix + "." + key;
            if (kind instanceof Map<?, ?> nested) walk((Map<String, Object>) nested, path, leaf);
            else leaf.accept(path, (Kind) kind);
        });
    }

    private static JsonNode fromText(String v, Kind kind, String path) {
        switch (kind) {
            case BOOL:
                return BooleanNode.valueOf(Boolean.parseBoolean(v.trim()));
            case INT:
                try {
                    return JsonNodeFactory.instance.numberNode(Long.parseLong(v.trim()));
                } catch (NumberFormatException e) {
                    throw new ConfigException(path + ": not an integer: " + v);
                }
            case NUMBER:
                try {
                    return JsonNodeFactory.instance.numberNode(Double.parseDouble(v.trim()));
                } catch (NumberFormatException e) {
                    throw new ConfigException(path + ": not a number: " + v);
                }
            case STRING_LIST:
                return JSON.valueToTree(Arrays.stream(v.split(","))
                        .map(String::trim)
                        .filter(s -> !s.isEmpty())
                        .toList());
            case STRING_MAP:
                try {
                    return JSON.readTree(v);
                } catch (JsonProcessingException e) {
                    throw new ConfigException(path + ": not a JSON object");
                }
            default:
                return TextNode.valueOf(v);
        }
    }

    static String kebab(String path) {
        StringBuilder out = new StringBuilder();
        for (char c : path.toCharArray()) {
            if (Character.isUpperCase(c)) out.append('-').append(Character.toLowerCase(c));
            else out.append(c);
        }
        return out.toString();
    }

    private static void set(ObjectNode root, String path, JsonNode value) {
        String[] parts = path.split("\\.");
        ObjectNode node = root;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode next = node.get(parts[i]);
            node = next instanceof ObjectNode existing ? existing : node.putObject(parts[i]);
        }
        node.set(parts[parts.length - 1], value);
    }

    private static void deepMerge(ObjectNode into, JsonNode from) {
        from.fields().forEachRemaining(f -> {
            JsonNode existing = into.get(f.getKey());
            if (existing instanceof ObjectNode target
                    && f.getValue() instanceof ObjectNode source
                    && !f.getKey().equals("syncFilters")) {
                deepMerge(target, source);
            } else if (existing instanceof ObjectNode
                    && f.getValue().isBoolean()
                    && f.getKey().equals("obxAdmin")) {
                // --auth-obx-admin over {"required": …} keeps the file's object
            } else {
                into.set(f.getKey(), f.getValue());
            }
        });
    }

    private static SyncServerSettings settings(
            ObjectNode c, Optional<Path> configFile, List<String> warnings, Path workDir) {
        if (c.has("debugLog")) {
            warnings.add("config key debugLog is deprecated; use logLevel (logLevel wins)");
        }
        if (c.has("disableClientSchemaValidation")) {
            warnings.add("config key disableClientSchemaValidation was removed; use clientSchemaValidation");
        }
        if (c.has("crasherKey")) warnings.add("config key crasherKey is an ObjectBox-internal testing key; ignored");
        if (c.has("clusterId") || c.has("serversToConnect")) {
            warnings.add(
                    "clusterId and serversToConnect ignored: replicas of this service meet in their database, not over peer links");
        }
        if (c.has("mongoDb"))
            warnings.add("the MongoDB connector is not part of this server; mongoDb settings ignored");

        String logLevel = text(c, "logLevel")
                .orElse(c.path("debugLog").asBoolean(false) ? "debug" : "info")
                .toLowerCase(Locale.ROOT);
        if (!LEVELS.contains(logLevel)) throw new ConfigException("logLevel: unknown level \"" + logLevel + "\"");

        long dbMaxSize = c.has("dbMaxSize") ? Sizes.parse(c.get("dbMaxSize").asText(), "dbMaxSize") : 100L << 30;
        long historyMax = c.path("historySizeMaxKb").asLong(0);
        long historyTarget = c.path("historySizeTargetKb").asLong(0);
        if (historyMax < 0 || historyTarget < 0)
            throw new ConfigException("historySizeMaxKb/historySizeTargetKb must not be negative");
        if (historyTarget > 0 && historyMax == 0)
            throw new ConfigException("historySizeTargetKb needs historySizeMaxKb");
        if (historyTarget > 0 && historyTarget >= historyMax) {
            throw new ConfigException("historySizeTargetKb (" + historyTarget
                    + ") must be lower than historySizeMaxKb (" + historyMax + ")");
        }
        double splitMb = c.path("fullSyncMessageSplitMb").asDouble(4);
        if (splitMb < 1) throw new ConfigException("fullSyncMessageSplitMb must be at least 1");

        Set<String> required = new LinkedHashSet<>();
        text(c, "authRequired")
                .ifPresent(list -> Arrays.stream(list.split(","))
                        .map(String::trim)
                        .filter(s -> !s.isEmpty())
                        .forEach(t -> {
                            if (!CREDENTIAL_TYPES.contains(t))
                                throw new ConfigException("--auth-required: unknown credential type " + t);
                            required.add(t);
                        }));

        JsonNode auth = c.path("auth");
        Optional<SyncServerSettings.SharedSecret> secret = Optional.empty();
        JsonNode ss = auth.get("sharedSecret");
        if (ss != null && !ss.isNull()) {
            if (ss.isTextual()) {
                secret = Optional.of(
                        new SyncServerSettings.SharedSecret(ss.asText().getBytes(StandardCharsets.UTF_8), false));
            } else if (ss.isObject() && ss.path("value").isTextual()) {
                ss.fieldNames().forEachRemaining(k -> {
                    if (!k.startsWith("_") && !k.equals("value") && !k.equals("required"))
                        throw new ConfigException("unknown configuration key: auth.sharedSecret." + k);
                });
                secret = Optional.of(new SyncServerSettings.SharedSecret(
                        ss.get("value").asText().getBytes(StandardCharsets.UTF_8),
                        ss.path("required").asBoolean(false)));
            } else {
                throw new ConfigException("auth.sharedSecret must be a string or {\"value\": …, \"required\": …}");
            }
            if (secret.get().value().length == 0) throw new ConfigException("auth.sharedSecret is empty");
        }
        Optional<SyncServerSettings.Google> google = Optional.empty();
        if (auth.has("google")) {
            List<String> ids = new ArrayList<>();
            auth.get("google").path("clientIds").forEach(n -> ids.add(n.asText()));
            if (ids.isEmpty()) throw new ConfigException("auth.google.clientIds must list at least one client ID");
            google = Optional.of(new SyncServerSettings.Google(
                    List.copyOf(ids),
                    auth.get("google").path("required").asBoolean(false),
                    text(c.path("objectstore"), "googleKeysUrl").orElse("https://www.googleapis.com/oauth2/v3/certs")));
        }
        Optional<SyncServerSettings.Jwt> jwt = Optional.empty();
        if (auth.has("jwt")) {
            JsonNode j = auth.get("jwt");
            Optional<String> url = text(j, "publicKeyUrl");
            Optional<String> key = text(j, "publicKey");
            if (url.isPresent() == key.isPresent()) {
                throw new ConfigException("auth.jwt needs exactly one of publicKeyUrl and publicKey");
            }
            if (key.isPresent() && j.has("publicKeyCacheExpirationSeconds")) {
                throw new ConfigException("auth.jwt.publicKeyCacheExpirationSeconds only applies with publicKeyUrl");
            }
            jwt = Optional.of(new SyncServerSettings.Jwt(
                    url,
                    key,
                    j.path("publicKeyCacheExpirationSeconds").asLong(300),
                    text(j, "claimAud"),
                    text(j, "claimIss"),
                    j.path("required").asBoolean(false),
                    j.path("requiredAccess").asBoolean(false),
                    j.path("requiredRefresh").asBoolean(false),
                    j.path("requiredCustom").asBoolean(false)));
        }
        Optional<SyncServerSettings.AdminUsers> admin = Optional.empty();
        JsonNode oa = auth.get("obxAdmin");
        if (oa != null && !oa.isNull()) {
            if (oa.isBoolean()) {
                if (oa.asBoolean()) admin = Optional.of(new SyncServerSettings.AdminUsers(false));
            } else if (oa.isObject()) {
                admin = Optional.of(
                        new SyncServerSettings.AdminUsers(oa.path("required").asBoolean(false)));
            } else {
                throw new ConfigException("auth.obxAdmin must be a boolean or {\"required\": …}");
            }
        }
        boolean unsecured = c.path("unsecuredNoAuthentication").asBoolean(false);
        if (!unsecured && secret.isEmpty() && google.isEmpty() && jwt.isEmpty() && admin.isEmpty()) {
            throw new ConfigException(
                    "No authenticator configured: set auth.sharedSecret, auth.jwt, auth.google or auth.obxAdmin, "
                            + "or accept unauthenticated clients with --unsecured-no-authentication "
                            + "(\"unsecuredNoAuthentication\": true, OBJECTSTORE_UNSECURED_NO_AUTHENTICATION=true) on a trusted network only");
        }

        Map<String, String> filters = new LinkedHashMap<>();
        c.path("syncFilters").fields().forEachRemaining(f -> {
            if (f.getKey().startsWith("_")) return;
            if (!f.getValue().isTextual())
                throw new ConfigException("syncFilters." + f.getKey() + " must be an expression string");
            filters.put(f.getKey(), f.getValue().asText());
        });

        JsonNode csv = c.path("clientSchemaValidation");
        boolean strict = csv.path("strict").asBoolean(false);
        Optional<String> defaultHash = text(csv, "defaultHash");
        if (strict && defaultHash.isPresent()) {
            throw new ConfigException("clientSchemaValidation: strict and defaultHash cannot be used together");
        }
        if (defaultHash.isPresent() && !HEX32.matcher(defaultHash.get()).matches()) {
            throw new ConfigException("clientSchemaValidation.defaultHash must be 32 hex characters");
        }

        Optional<Path> cert =
                text(c, "certificatePath").filter(s -> !s.isEmpty()).map(workDir::resolve);
        if (cert.isPresent()) {
            for (String f : List.of("cert.pem", "key.pem")) {
                if (!Files.isRegularFile(cert.get().resolve(f))) {
                    throw new ConfigException("certificatePath " + cert.get() + " has no " + f);
                }
            }
        }
        JsonNode own = c.path("objectstore");
        int maxInFlight = own.path("maxInFlight").asInt(20);
        if (maxInFlight < 1 || maxInFlight > 20) throw new ConfigException("objectstore.maxInFlight must be 1–20");
        SyncServerSettings.OwnSettings ownSettings = new SyncServerSettings.OwnSettings(
                maxInFlight,
                own.path("rejectDuplicateClientId").asBoolean(false),
                own.path("heartbeatMs").asLong(270_000),
                own.path("maxMessageBytes").asInt(32 << 20),
                own.path("allowInsecureCredentials").asBoolean(true));
        if (ownSettings.heartbeatMs() < 100 || ownSettings.heartbeatMs() > 1_500_000) {
            throw new ConfigException("objectstore.heartbeatMs must be between 100 and 1500000");
        }

        SyncServerSettings.ReplicaRole role = new SyncServerSettings.ReplicaRole(
                c.path("fixedFollower").asBoolean(false),
                c.path("fixedLeader").asBoolean(false),
                c.path("preferredLeader").asBoolean(false));
        if (role.fixedFollower() && role.fixedLeader())
            throw new ConfigException("fixedFollower and fixedLeader exclude each other");

        return new SyncServerSettings(
                text(c, "modelFile").filter(s -> !s.isEmpty()).map(workDir::resolve),
                unsecured,
                dbMaxSize,
                historyMax,
                historyTarget == 0 ? historyMax : historyTarget,
                c.path("removeWithoutObjectData").asBoolean(false),
                (long) (splitMb * (1 << 20)),
                Set.copyOf(required),
                secret,
                google,
                jwt,
                admin,
                Map.copyOf(filters),
                strict,
                defaultHash.map(s -> s.toLowerCase(Locale.ROOT)),
                logLevel,
                c.path("noStacks").asBoolean(false),
                cert,
                ownSettings,
                role,
                configFile,
                List.copyOf(warnings));
    }

    private static Optional<String> text(JsonNode node, String key) {
        JsonNode v = node.get(key);
        return v == null || v.isNull() ? Optional.empty() : Optional.of(v.asText());
    }
}
