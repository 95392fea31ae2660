package io.quintet.kosync.http;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quintet.kosync.error.KosyncError;
import io.quintet.kosync.error.KosyncException;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.Optional;

/**
 * Request bodies of the protocol routes, parsed whatever their {@code Content-Type} says (the
 * reference never looks at it, spec 3.3). No body at all is "absent"; anything else must be one
 * JSON object (spec 4.6).
 */
@Singleton
public class JsonBody {

    /** Spec 10: larger bodies are refused with 413. */
    public static final int MAX_PROTOCOL_BODY = 64 * 1024;

    private final ObjectReader reader;

    public JsonBody(ObjectMapper mapper) {
        // "{} trailing" is not one JSON value: refuse it like the reference's decoder does
        this.reader = mapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /** The body as an object, empty when there is no body; 413, 400/103 or 400/104 otherwise. */
    public Optional<ObjectNode> parse(byte[] body) {
        return parse(body, MAX_PROTOCOL_BODY);
    }

    public Optional<ObjectNode> parse(byte[] body, int limit) {
        if (body == null || body.length == 0) {
            return Optional.empty();
        }
        if (body.length > limit) {
            throw new KosyncException(KosyncError.BODY_TOO_LARGE);
        }
        JsonNode node;
        try {
            node = reader.readTree(body);
        } catch (JacksonException e) {
            throw new KosyncException(KosyncError.INVALID_JSON);
        } catch (IOException e) {
            throw new KosyncException(KosyncError.INVALID_JSON);
        }
        if (node == null || node.isMissingNode()) {
            // only whitespace: not a JSON value
            throw new KosyncException(KosyncError.INVALID_JSON);
        }
        if (!(node instanceof ObjectNode object)) {
            throw new KosyncException(KosyncError.BODY_NOT_OBJECT);
        }
        return Optional.of(object);
    }
}
