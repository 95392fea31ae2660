package io.quintet.synkronus.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quintet.synkronus.error.SynkronusError;
import jakarta.inject.Singleton;
import java.io.IOException;

/**
 * Reads request bodies as JSON whatever their declared type (the reference decodes regardless);
 * anything unreadable becomes the route's own 400.
 */
@Singleton
public class JsonBodies {

    private final ObjectMapper mapper;

    public JsonBodies(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public <T> T read(byte[] body, Class<T> type, SynkronusError onFailure) {
        if (body == null || body.length == 0) {
            throw onFailure.exception("EOF");
        }
        try {
            T value = mapper.readValue(body, type);
            if (value == null) {
                throw onFailure.exception("null body");
            }
            return value;
        } catch (IOException | RuntimeException e) {
            if (e instanceof io.quintet.synkronus.error.SynkronusException se) {
                throw se;
            }
            throw onFailure.exception(firstLine(e.getMessage()));
        }
    }

    public JsonNode tree(byte[] body, SynkronusError onFailure) {
        JsonNode node = read(body, JsonNode.class, onFailure);
        if (!node.isObject()) {
            throw onFailure.exception("body is not a JSON object");
        }
        return node;
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "invalid JSON";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
