package io.quintet.kosync.user;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/** Reads one field of a request body, present only when it is a JSON string. */
public final class Fields {

    private Fields() {}

    public static Optional<String> string(Optional<ObjectNode> body, String name) {
        if (body.isEmpty()) {
            return Optional.empty();
        }
        JsonNode node = body.get().get(name);
        return node != null && node.isTextual() ? Optional.of(node.textValue()) : Optional.empty();
    }
}
