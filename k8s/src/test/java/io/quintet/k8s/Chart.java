package io.quintet.k8s;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/** The chart under test: lint and template through helm-java (helm's own Go code, no CLI). */
final class Chart {

    static final Path DIR = Path.of(System.getProperty("quintet.chart.dir", "quintet"))
            .toAbsolutePath()
            .normalize();
    static final Path REPO = Path.of(System.getProperty("quintet.repo.root", ".."))
            .toAbsolutePath()
            .normalize();
    static final String KUBE_VERSION = System.getProperty("quintet.k8s.kube-version", "1.33.0");
    static final String RELEASE = "quintet";
    static final String NAMESPACE = "sync";

    private static final Map<Path, List<Map<String, Object>>> RENDERED = new ConcurrentHashMap<>();

    private Chart() {}

    /** Every values file a user is told to use: ci/*.yaml, values-ha.yaml and values-small-vps.yaml. */
    static Stream<Path> valuesFiles() throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> ci = Files.list(DIR.resolve("ci"))) {
            ci.filter(p -> p.toString().endsWith(".yaml")).sorted().forEach(files::add);
        }
        files.add(DIR.resolve("values-ha.yaml"));
        files.add(DIR.resolve("values-small-vps.yaml"));
        return files.stream();
    }

    static String template(Path valuesFile, Map<String, Object> sets) {
        TemplateCommand command = new Helm(DIR)
                .template()
                .withName(RELEASE)
                .withNamespace(NAMESPACE)
                .withKubeVersion(KUBE_VERSION);
        if (valuesFile != null) command = command.withValuesFile(valuesFile);
        for (Map.Entry<String, Object> set : sets.entrySet()) command = command.set(set.getKey(), set.getValue());
        return command.call();
    }

    /** The manifests of one values file (rendered once per run). */
    static List<Map<String, Object>> manifests(Path valuesFile) {
        return RENDERED.computeIfAbsent(valuesFile, f -> parse(template(f, Map.of())));
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> parse(String yamlStream) {
        List<Map<String, Object>> documents = new ArrayList<>();
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        for (Object document : new Yaml(options).loadAll(yamlStream)) {
            if (document != null) documents.add((Map<String, Object>) document);
        }
        return documents;
    }

    /**
     * {@code helm lint --strict} with this values file: helm-java's lint takes no values, so the
     * file is merged into a copy of the chart's values.yaml (as helm itself merges -f files).
     */
    static LintResult lint(Path valuesFile) throws IOException {
        Path copy = Files.createTempDirectory("quintet-lint").resolve("quintet");
        copyTree(DIR, copy);
        Yaml yaml = new Yaml();
        Map<String, Object> values = yaml.load(Files.readString(DIR.resolve("values.yaml")));
        Map<String, Object> overlay = yaml.load(Files.readString(valuesFile));
        DumperOptions dump = new DumperOptions();
        dump.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        Files.writeString(copy.resolve("values.yaml"), new Yaml(dump).dump(merge(values, overlay)));
        try {
            return new Helm(copy).lint().strict().call();
        } finally {
            deleteTree(copy.getParent());
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> over) {
        Map<String, Object> merged = new LinkedHashMap<>(base);
        if (over == null) return merged;
        over.forEach((key, value) -> {
            Object existing = merged.get(key);
            if (value instanceof Map && existing instanceof Map) {
                merged.put(key, merge((Map<String, Object>) existing, (Map<String, Object>) value));
            } else {
                merged.put(key, value);
            }
        });
        return merged;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path source : (Iterable<Path>) walk::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) Files.createDirectories(target);
                else Files.copy(source, target);
            }
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
