package io.quintet.linkora.tag;

import io.quintet.linkora.http.JsonFields;
import io.quintet.linkora.model.Correlation;

/** {@code CREATE_TAG} request (spec 7.5); names need not be unique. */
public record CreateTag(String name, long eventTimestamp, Correlation correlation) {

    public static CreateTag read(JsonFields body) {
        return new CreateTag(body.requiredText("name"), body.requiredLong("eventTimestamp"), Correlation.read(body));
    }
}
