package io.quintet.kosync.progress;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;

/**
 * A stored reading position as GET answers it (spec 6.4). {@code device_id} is omitted, never
 * null, when no push carried one; {@code timestamp} is server Unix seconds.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"document", "percentage", "progress", "device", "device_id", "timestamp"})
public record Position(
        String document,
        @JsonSerialize(using = PercentageSerializer.class) double percentage,
        String progress,
        String device,
        @JsonProperty("device_id") String deviceId,
        long timestamp) {}
