package io.quintet.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The environment variables a service actually reads, found in its sources: {@code ${NAME}} in
 * application.properties, the environment form of every property there and of every
 * {@code @ConfigMapping} method, {@code @ConfigProperty} names and upper-case string constants
 * (getenv look-ups). A module not in this checkout yet is described by its protocol file's
 * configuration table (../shared/protocols) plus the suite's common variables.
 */
final class ServiceEnvironment {

    /** Read by the JVM or the C library, whatever the service. */
    static final Set<String> PLATFORM = Set.of("JAVA_TOOL_OPTIONS", "MALLOC_ARENA_MAX", "TZ");

    /** What every service of the suite reads (the launcher passes the same). */
    static final Set<String> SUITE =
            Set.of("QUINTET_DB_URL", "QUINTET_DB_USER", "QUINTET_DB_PASSWORD", "QUINTET_DATA_DIR", "QUINTET_LOG_JSON");

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)[:}]");
    private static final Pattern PROPERTY_KEY =
            Pattern.compile("^(?:%[a-z]+\\.)?([a-z][a-zA-Z0-9.\\-\"]*)\\s*=", Pattern.MULTILINE);
    private static final Pattern CONFIG_PROPERTY = Pattern.compile("@ConfigProperty\\(name\\s*=\\s*\"([^\"]+)\"");
    private static final Pattern CONSTANT = Pattern.compile("\"([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)\"");
    private static final Pattern MAPPING =
            Pattern.compile("@ConfigMapping\\(prefix\\s*=\\s*\"([^\"]+)\"\\)\\s*public\\s+interface\\s+(\\w+)");
    private static final Pattern INTERFACE = Pattern.compile("interface\\s+(\\w+)\\s*\\{");
    private static final Pattern METHOD = Pattern.compile(
            "^\\s*(?:@\\w+(?:\\([^)]*\\))?\\s*)*([\\w.<>, ?]+?)\\s+(\\w+)\\(\\)\\s*;", Pattern.MULTILINE);
    private static final Pattern SPEC_VARIABLE =
            Pattern.compile("^\\|\\s*`([A-Z][A-Z0-9_]+)`(?:\\s*/\\s*`([A-Z_][A-Z0-9_]*)`)?", Pattern.MULTILINE);

    private static final Map<String, Set<String>> CACHE = new HashMap<>();

    private ServiceEnvironment() {}

    static synchronized Set<String> of(String module) {
        return CACHE.computeIfAbsent(module, ServiceEnvironment::read);
    }

    /** Whether {@code name} is read by the service of {@code module}. */
    static boolean reads(String module, String name) {
        return PLATFORM.contains(name)
                || name.startsWith("QUARKUS_")
                || of(module).contains(name);
    }

    private static Set<String> read(String module) {
        Path dir = Chart.REPO.resolve(module);
        Set<String> names = new HashSet<>();
        if (!Files.isDirectory(dir)) {
            names.addAll(SUITE);
            names.addAll(fromSpec(module));
            return names;
        }
        try {
            Path properties = dir.resolve("src/main/resources/application.properties");
            if (Files.exists(properties)) {
                String text = Files.readString(properties);
                collect(PLACEHOLDER, text, names);
                Matcher key = PROPERTY_KEY.matcher(text);
                while (key.find()) names.add(environmentForm(key.group(1)));
            }
            // objectstore reads every sync-server-config.json key as objectstore.<key> at run time
            // (ServerConfigLoader walks its key tree), which no static scan sees: its spec lists them
            if (module.startsWith("objectstore")) names.addAll(fromSpec(module));
            try (Stream<Path> sources = Files.walk(dir.resolve("src/main/java"))) {
                for (Path source :
                        sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                    String text = Files.readString(source);
                    collect(CONSTANT, text, names);
                    Matcher property = CONFIG_PROPERTY.matcher(text);
                    while (property.find()) names.add(environmentForm(property.group(1)));
                    Matcher mapping = MAPPING.matcher(text);
                    if (mapping.find()) names.addAll(mappingNames(mapping.group(1), mapping.group(2), text));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }

    /** {@code kora.auth.jwt.secrets} → {@code KORA_AUTH_JWT_SECRETS} (SmallRye's environment rule). */
    static String environmentForm(String property) {
        return property.replace("\"", "").replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    /** The leaves of a {@code @ConfigMapping} interface tree, each as prefix.path in environment form. */
    private static Set<String> mappingNames(String prefix, String root, String text) {
        Map<String, List<String[]>> interfaces = new HashMap<>();
        Matcher declaration = INTERFACE.matcher(text);
        List<int[]> spans = new java.util.ArrayList<>();
        List<String> interfaceNames = new java.util.ArrayList<>();
        while (declaration.find()) {
            spans.add(new int[] {declaration.end(), blockEnd(text, declaration.end())});
            interfaceNames.add(declaration.group(1));
        }
        for (int i = 0; i < spans.size(); i++) {
            String body = stripNested(text.substring(spans.get(i)[0], spans.get(i)[1]));
            List<String[]> methods = new java.util.ArrayList<>();
            Matcher method = METHOD.matcher(body);
            while (method.find()) methods.add(new String[] {method.group(1).trim(), method.group(2)});
            interfaces.put(interfaceNames.get(i), methods);
        }
        Set<String> names = new HashSet<>();
        walk(prefix, root, interfaces, names);
        return names;
    }

    private static void walk(String path, String type, Map<String, List<String[]>> interfaces, Set<String> names) {
        for (String[] method : interfaces.getOrDefault(type, List.of())) {
            String returned = method[0].replaceAll("^Optional<(.*)>$", "$1");
            String child = path + "." + kebab(method[1]);
            if (interfaces.containsKey(returned)) walk(child, returned, interfaces, names);
            else names.add(environmentForm(child));
        }
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    private static int blockEnd(String text, int from) {
        int depth = 1;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '{') depth++;
            else if (c == '}' && --depth == 0) return i;
        }
        return text.length();
    }

    /** The body without its nested interface bodies (their methods belong to them). */
    private static String stripNested(String body) {
        StringBuilder out = new StringBuilder();
        int depth = 0;
        for (char c : body.toCharArray()) {
            if (c == '{') depth++;
            if (depth == 0) out.append(c);
            if (c == '}') depth--;
        }
        return out.toString();
    }

    private static void collect(Pattern pattern, String text, Set<String> into) {
        Matcher m = pattern.matcher(text);
        while (m.find()) into.add(m.group(1));
    }

    /**
     * Until a module lands, its protocol file's configuration table names its variables: the
     * backticked names in the table rows (a second {@code `_SUFFIX`} shares the first's stem), and
     * for the object store the {@code objectstore.<key>} form of its JSON keys plus the file and
     * mode switches the chart sets.
     */
    private static Set<String> fromSpec(String module) {
        Set<String> names = new HashSet<>();
        String protocol = module.replace("-service", "");
        Path spec =
                Chart.REPO.resolve("../shared/protocols/" + protocol + ".md").normalize();
        if (Files.exists(spec)) {
            try {
                String text = Files.readString(spec);
                Matcher row = SPEC_VARIABLE.matcher(text);
                while (row.find()) {
                    names.add(row.group(1));
                    if (row.group(2) != null) {
                        String second = row.group(2);
                        if (second.startsWith("_")) {
                            // `SYNKRONUS_AUTH_IP_ATTEMPTS` / `_IP_WINDOW_SECONDS`: the stem ends where the suffix's
                            // first word starts
                            String first = row.group(1);
                            int stem = first.lastIndexOf("_" + second.split("_")[1] + "_");
                            if (stem > 0) names.add(first.substring(0, stem) + second);
                        } else {
                            names.add(second);
                        }
                    }
                }
                if (protocol.equals("objectstore")) {
                    Matcher key = Pattern.compile("^\\|\\s*`([a-z][A-Za-z.]*)`", Pattern.MULTILINE)
                            .matcher(text);
                    while (key.find()) names.add(environmentForm("objectstore." + kebab(key.group(1))));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (protocol.equals("objectstore")) {
            names.addAll(Set.of("OBJECTSTORE_MODEL", "OBJECTSTORE_CONFIG", "OBJECTSTORE_UNSECURED_NO_AUTHENTICATION"));
        }
        return names;
    }
}
