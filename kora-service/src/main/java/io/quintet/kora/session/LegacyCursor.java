package io.quintet.kora.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quintet.kora.codec.JsonCodec;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The legacy delta resume cursor (kora.md 7.2): base64url without padding of the UTF-8 JSON
 * {@code {"lastOperationId":"<id>","batchIndex":<i>}}.
 */
public record LegacyCursor(String lastOperationId, int batchIndex) {

    public String encode() {
        ObjectNode json = JsonCodec.mapper().createObjectNode();
        json.put("lastOperationId", lastOperationId);
        json.put("batchIndex", batchIndex);
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(json.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The cursor, or {@code null} when absent or not decodable (the reference ignores invalid cursors). */
    public static LegacyCursor decode(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            JsonNode json = JsonCodec.mapper().readTree(Base64.getUrlDecoder().decode(text.replace("=", "")));
            JsonNode id = json.get("lastOperationId");
            JsonNode index = json.get("batchIndex");
            if (id == null || !id.isTextual() || index == null || !index.canConvertToInt()) {
                return null;
            }
            return new LegacyCursor(id.textValue(), index.intValue());
        } catch (Exception e) {
            return null;
        }
    }
}
