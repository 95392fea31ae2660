package io.quintet.kosync.admin.imports;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The official server's data as Redis persists it ({@code dump.rdb}, RDB versions up to 12): the
 * keys {@code user:<name>:key} (the account key) and hashes {@code user:<name>:document:<id>}
 * (percentage, progress, device, device_id, timestamp). The official server keeps its data in
 * Redis database 1 (its production setting); other keys and types are passed over.
 */
public final class RedisDumpFile {

    public static final int OFFICIAL_DATABASE = 1;

    private static final int OP_FUNCTION2 = 0xF5;
    private static final int OP_SLOT_INFO = 0xF4;
    private static final int OP_MODULE_AUX = 0xF7;
    private static final int OP_IDLE = 0xF8;
    private static final int OP_FREQ = 0xF9;
    private static final int OP_AUX = 0xFA;
    private static final int OP_RESIZEDB = 0xFB;
    private static final int OP_EXPIRETIME_MS = 0xFC;
    private static final int OP_EXPIRETIME = 0xFD;
    private static final int OP_SELECTDB = 0xFE;
    private static final int OP_EOF = 0xFF;

    private RedisDumpFile() {}

    public static boolean looksLikeOne(byte[] data) {
        return data.length >= 9 && new String(data, 0, 5, StandardCharsets.US_ASCII).equals("REDIS");
    }

    public static ImportFile read(byte[] data, int database) {
        if (!looksLikeOne(data)) {
            throw new UnreadableImportException("not a Redis RDB file");
        }
        int version = Integer.parseInt(new String(data, 5, 4, StandardCharsets.US_ASCII).replaceAll("\\D", "0"));
        if (version < 1 || version > 12) {
            throw new UnreadableImportException("unsupported RDB version " + version);
        }
        RdbInput in = new RdbInput(data, 9);
        Map<String, String> keys = new LinkedHashMap<>();
        Map<String, Map<String, Map<String, String>>> documents = new HashMap<>();
        List<String> skipped = new ArrayList<>();
        long current = 0;
        while (true) {
            int op = in.u8();
            switch (op) {
                case OP_EOF -> {
                    return build(keys, documents, skipped, database);
                }
                case OP_SELECTDB -> current = in.length();
                case OP_RESIZEDB -> {
                    in.length();
                    in.length();
                }
                case OP_AUX -> {
                    in.rawString();
                    in.rawString();
                }
                case OP_EXPIRETIME_MS -> in.skip(8);
                case OP_EXPIRETIME -> in.skip(4);
                case OP_IDLE -> in.length();
                case OP_FREQ -> in.skip(1);
                case OP_FUNCTION2 -> in.rawString();
                case OP_SLOT_INFO -> {
                    in.length();
                    in.length();
                    in.length();
                }
                case OP_MODULE_AUX -> throw new UnreadableImportException("Redis module data is not supported");
                default -> {
                    String key = in.string();
                    Object value = RedisValues.read(op, in);
                    if (current == database) {
                        collect(key, value, keys, documents);
                    }
                }
            }
        }
    }

    private static void collect(
            String key,
            Object value,
            Map<String, String> keys,
            Map<String, Map<String, Map<String, String>>> documents) {
        if (!key.startsWith("user:")) {
            return;
        }
        String[] parts = key.split(":", -1);
        if (parts.length == 3 && parts[2].equals("key") && value instanceof String s) {
            keys.put(parts[1], s);
        } else if (parts.length == 4 && parts[2].equals("document") && value instanceof Map<?, ?> hash) {
            @SuppressWarnings("unchecked")
            Map<String, String> fields = (Map<String, String>) hash;
            documents.computeIfAbsent(parts[1], u -> new LinkedHashMap<>()).put(parts[3], fields);
        }
    }

    private static ImportFile build(
            Map<String, String> keys,
            Map<String, Map<String, Map<String, String>>> documents,
            List<String> skipped,
            int database) {
        List<ImportedAccount> accounts = new ArrayList<>();
        for (Map.Entry<String, String> user : keys.entrySet()) {
            List<ImportedPosition> positions = new ArrayList<>();
            for (Map.Entry<String, Map<String, String>> doc :
                    documents.getOrDefault(user.getKey(), Map.of()).entrySet()) {
                ImportedPosition p = position(doc.getKey(), doc.getValue());
                if (p == null) {
                    skipped.add("user " + user.getKey() + ", document " + doc.getKey() + ": unreadable record");
                } else {
                    positions.add(p);
                }
            }
            accounts.add(new ImportedAccount(user.getKey(), user.getValue(), positions, List.of()));
        }
        for (String orphan : documents.keySet()) {
            if (!keys.containsKey(orphan)) {
                skipped.add("user " + orphan + ": documents without an account key");
            }
        }
        return new ImportFile("redis", accounts, skipped, Map.of("database", database));
    }

    private static ImportedPosition position(String document, Map<String, String> fields) {
        try {
            double percentage = Double.parseDouble(fields.get("percentage"));
            String progress = fields.get("progress");
            String device = fields.get("device");
            if (!Double.isFinite(percentage) || progress == null || device == null) {
                return null;
            }
            String timestamp = fields.get("timestamp");
            return new ImportedPosition(
                    document,
                    percentage,
                    progress,
                    device,
                    fields.get("device_id"),
                    timestamp == null ? 0 : (long) Double.parseDouble(timestamp));
        } catch (NumberFormatException | NullPointerException e) {
            return null;
        }
    }
}
