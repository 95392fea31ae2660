package io.quintet.linkora.tag;

import io.quintet.linkora.http.JsonFields;
import io.quintet.linkora.model.Correlation;

/** {@code RENAME_TAG} request and event payload (spec 7.5, 9.5). */
public record RenameTag(long id, String newName, long eventTimestamp, Correlation correlation) {

    public static RenameTag read(JsonFields body) {
        return new RenameTag(
                body.requiredLong("id"),
                body.requiredText("newName"),
                body.requiredLong("eventTimestamp"),
                Correlation.read(body));
    }

    public RenameTag at(long serverSecond) {
        return new RenameTag(id, newName, serverSecond, correlation);
    }
}
