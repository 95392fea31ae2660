package io.quintet.kosync.admin.imports;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * KOsync's {@code database.json} (spec 14.2), every layout it had: v2026.01.0 with the settings at
 * the top level and no {@code schema}, v2026.01.1 with a {@code config} object, and schemas 1 to 6
 * (history per document, {@code document} and {@code pretty_name} inside records). Keys are the
 * client's key as received; empty {@code device_id} strings mean "never sent"; history entries
 * that are KOsync's all-empty first-push placeholder are not history.
 */
public final class KosyncDatabaseFile {

    private static final String[] SETTINGS = {"disable_registration", "store_history"};

    private KosyncDatabaseFile() {}

    public static boolean looksLikeOne(JsonNode root) {
        return root != null && root.isObject() && root.path("users").isObject();
    }

    public static ImportFile read(JsonNode root) {
        if (!looksLikeOne(root)) {
            throw new UnreadableImportException("not a KOsync database.json: no \"users\" object");
        }
        List<ImportedAccount> accounts = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.get("users").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            JsonNode user = entry.getValue();
            String name =
                    user.path("username").isTextual() ? user.get("username").textValue() : entry.getKey();
            JsonNode key = user.get("password");
            if (key == null || !key.isTextual()) {
                skipped.add("user " + name + ": no key");
                continue;
            }
            List<ImportedPosition> positions = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> docs =
                            user.path("documents").fields();
                    docs.hasNext(); ) {
                Map.Entry<String, JsonNode> doc = docs.next();
                record(doc.getKey(), doc.getValue())
                        .ifPresentOrElse(
                                positions::add,
                                () -> skipped.add(
                                        "user " + name + ", document " + doc.getKey() + ": unreadable record"));
            }
            List<ImportedPosition> history = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> docs =
                            user.path("history").fields();
                    docs.hasNext(); ) {
                Map.Entry<String, JsonNode> doc = docs.next();
                // the code nests the list under document_history; the project's README shows it bare
                JsonNode list = doc.getValue().isArray()
                        ? doc.getValue()
                        : doc.getValue().path("document_history");
                for (JsonNode item : list) {
                    record(doc.getKey(), item).filter(p -> !isPlaceholder(p)).ifPresent(history::add);
                }
            }
            accounts.add(new ImportedAccount(name, key.textValue(), positions, history));
        }
        return new ImportFile("kosync", accounts, skipped, settings(root));
    }

    private static Optional<ImportedPosition> record(String document, JsonNode record) {
        if (!record.isObject() || !record.path("percentage").isNumber()) {
            return Optional.empty();
        }
        String deviceId = record.path("device_id").asText("");
        return Optional.of(new ImportedPosition(
                document,
                record.get("percentage").doubleValue(),
                record.path("progress").asText(""),
                record.path("device").asText(""),
                deviceId.isEmpty() ? null : deviceId,
                record.path("timestamp").asLong(0)));
    }

    private static boolean isPlaceholder(ImportedPosition p) {
        return p.timestamp() == 0 && p.progress().isEmpty() && p.device().isEmpty() && p.percentage() == 0;
    }

    private static Map<String, Object> settings(JsonNode root) {
        // schema ≥ v2026.01.1 keeps them under "config"; v2026.01.0 at the top level
        JsonNode config = root.path("config").isObject() ? root.get("config") : root;
        Map<String, Object> settings = new LinkedHashMap<>();
        for (String name : SETTINGS) {
            if (config.path(name).isBoolean()) {
                settings.put(name, config.get(name).booleanValue());
            }
        }
        if (root.path("schema").isInt()) {
            settings.put("schema", root.get("schema").intValue());
        }
        return settings;
    }
}
