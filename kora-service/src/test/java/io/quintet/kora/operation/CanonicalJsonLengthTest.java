package io.quintet.kora.operation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.quintet.kora.codec.JsonCodec;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The counted size (the ingest size check) equals the UTF-8 length of the written text. */
class CanonicalJsonLengthTest {

    @Test
    @DisplayName("utf8Length counts exactly what stringify writes, escapes and surrogates included")
    void countsLikeTheWrittenText() throws Exception {
        String[] samples = {
            "null",
            "true",
            "false",
            "0",
            "-0",
            "5",
            "-17",
            "5.0",
            "0.1",
            "1e21",
            "-1.5e-7",
            "123456789012345",
            "9007199254740993",
            "-9223372036854775808",
            "12345678901234567890123",
            "3.141592653589793",
            "\"\"",
            "\"plain\"",
            "\"a\\\"\\\\\\b\\f\\n\\r\\t\\u0001\\u001f/\\u2028\\u00e9\\ud83d\\ude00\\ud800x\\udc00\"",
            "[]",
            "{}",
            "[1,[2,[3]],{\"a\":null}]",
            "{\"title\":\"Ship it\",\"n\":1,\"done\":false,\"tags\":[\"b\",\"a\"],\"meta\":{\"z\":null,\"é\":\"\\u00e9\\n\"}}",
        };
        for (String sample : samples) {
            JsonNode node = JsonCodec.mapper().readTree(sample);
            assertEquals(
                    CanonicalJson.stringify(node).getBytes(StandardCharsets.UTF_8).length,
                    CanonicalJson.utf8Length(node),
                    sample);
            assertEquals(
                    CanonicalJson.write(node).getBytes(StandardCharsets.UTF_8).length,
                    CanonicalJson.utf8Length(node),
                    sample);
        }
    }
}
