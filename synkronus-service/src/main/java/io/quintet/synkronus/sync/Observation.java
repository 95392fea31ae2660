package io.quintet.synkronus.sync;

/**
 * One pushed observation as stored (synkronus.md 7.1): {@code data}, {@code geolocation} (already
 * normalised) and {@code tags} as JSON text; {@code created_at} as sent, parsed by PostgreSQL.
 */
public record Observation(
        String observationId,
        String formType,
        String formVersion,
        String dataJson,
        String createdAt,
        boolean deleted,
        String geolocationJson,
        String author,
        String deviceId,
        String tagsJson) {}
