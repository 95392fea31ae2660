package io.quintet.k8s;

import java.util.List;
import java.util.Map;

/** Null-safe navigation in parsed manifests. */
final class Manifests {

    private Manifests() {}

    static String kind(Map<String, Object> manifest) {
        return (String) manifest.get("kind");
    }

    static String name(Map<String, Object> manifest) {
        return (String) map(manifest, "metadata").get("name");
    }

    static List<Map<String, Object>> ofKind(List<Map<String, Object>> manifests, String kind) {
        return manifests.stream().filter(m -> kind.equals(m.get("kind"))).toList();
    }

    static Map<String, Object> byName(List<Map<String, Object>> manifests, String name) {
        return manifests.stream()
                .filter(m -> name.equals(name(m)))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + name));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Map<String, Object> from, String... path) {
        Object current = from;
        for (String key : path) {
            if (!(current instanceof Map)) return Map.of();
            current = ((Map<String, Object>) current).get(key);
        }
        return current instanceof Map ? (Map<String, Object>) current : Map.of();
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Map<String, Object> from, String... path) {
        Map<String, Object> parent = map(from, java.util.Arrays.copyOf(path, path.length - 1));
        Object value = parent.get(path[path.length - 1]);
        return value instanceof List ? (List<Map<String, Object>>) value : List.of();
    }

    static List<Map<String, Object>> containers(Map<String, Object> deployment) {
        return list(deployment, "spec", "template", "spec", "containers");
    }

    static boolean matches(Map<String, Object> selector, Map<String, Object> labels) {
        return !selector.isEmpty()
                && selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }
}
