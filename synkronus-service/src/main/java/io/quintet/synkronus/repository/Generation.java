package io.quintet.synkronus.repository;

import com.fasterxml.jackson.databind.JsonNode;
import io.quintet.synkronus.error.GenerationMismatch;
import java.util.OptionalLong;

/**
 * The client's repository generation (synkronus.md 8.2): the header when present and non-blank
 * (an invalid header counts as not sent, and then the body is not consulted), else the body field.
 * Not sent → the server's generation is adopted.
 */
public record Generation(OptionalLong sent) {

    public static final String HEADER = "x-repository-generation";

    public static Generation of(String header, JsonNode body) {
        if (header != null && !header.isBlank()) {
            try {
                long value = Long.parseLong(header.trim());
                return new Generation(value >= 1 ? OptionalLong.of(value) : OptionalLong.empty());
            } catch (NumberFormatException e) {
                return new Generation(OptionalLong.empty());
            }
        }
        if (body != null) {
            JsonNode field = body.get("repository_generation");
            if (field != null && field.isIntegralNumber() && field.canConvertToLong() && field.asLong() >= 1) {
                return new Generation(OptionalLong.of(field.asLong()));
            }
        }
        return new Generation(OptionalLong.empty());
    }

    public static Generation ofHeader(String header) {
        return of(header, null);
    }

    /** Throws the 409 when the client sent a generation other than the server's. */
    public void check(long server) {
        if (sent.isPresent() && sent.getAsLong() != server) {
            throw new GenerationMismatch(server);
        }
    }
}
