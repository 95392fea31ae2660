package io.quintet.k8s;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.util.ModelMapper;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Validates a manifest against the Kubernetes API types of client-java, strictly: the type must
 * exist for that apiVersion (removed versions are unknown), the generated validator refuses
 * unknown and missing required fields at every depth, and Gson's typed read refuses wrong types and
 * malformed quantities. What this does not see (enums, names, port names, label selectors) the
 * chart tests assert themselves.
 */
final class StrictValidator {

    /** Custom resources the chart may render; checked by the chart tests' own assertions. */
    static final Set<String> KNOWN_CUSTOM = Set.of("gateway.networking.k8s.io/v1/HTTPRoute");

    private static final Gson GSON = new Gson();

    private StrictValidator() {}

    /** The problems found; empty when the manifest is valid. */
    static List<String> problems(Map<String, Object> manifest) {
        List<String> problems = new ArrayList<>();
        String apiVersion = (String) manifest.get("apiVersion");
        String kind = (String) manifest.get("kind");
        String where = kind + " " + name(manifest);
        if (apiVersion == null || kind == null) {
            problems.add(where + ": apiVersion and kind are required");
            return problems;
        }
        if (KNOWN_CUSTOM.contains(apiVersion + "/" + kind)) return problems;
        Class<?> type = ModelMapper.getApiTypeClass(apiVersion, kind);
        if (type == null || !type.getPackageName().equals("io.kubernetes.client.openapi.models")) {
            problems.add(where + ": " + apiVersion + " " + kind + " is not a Kubernetes API type (unknown or removed)");
            return problems;
        }
        JsonElement json = GSON.toJsonTree(manifest);
        try {
            Method validate = type.getMethod("validateJsonElement", JsonElement.class);
            validate.invoke(null, json);
        } catch (InvocationTargetException e) {
            problems.add(where + ": " + e.getCause().getMessage());
            return problems;
        } catch (ReflectiveOperationException e) {
            problems.add(where + ": no validator for " + type.getName());
            return problems;
        }
        try {
            JSON.getGson().fromJson(json, type);
        } catch (RuntimeException e) {
            problems.add(where + ": " + e.getMessage());
        }
        return problems;
    }

    @SuppressWarnings("unchecked")
    private static String name(Map<String, Object> manifest) {
        Object metadata = manifest.get("metadata");
        return metadata instanceof Map ? String.valueOf(((Map<String, Object>) metadata).get("name")) : "(no metadata)";
    }
}
