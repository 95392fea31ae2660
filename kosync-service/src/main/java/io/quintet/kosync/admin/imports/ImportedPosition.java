package io.quintet.kosync.admin.imports;

/** One position read from an import file; {@code deviceId} null when the source had none. */
public record ImportedPosition(
        String document, double percentage, String progress, String device, String deviceId, long timestamp) {}
