package io.quintet.linkora.folder;

import io.quintet.linkora.http.JsonFields;
import io.quintet.linkora.model.Correlation;

/**
 * {@code CREATE_FOLDER} request (spec 7.2.1). The client's {@code eventTimestamp} is its edit time
 * and is not used; the extension's extra {@code id: 0} is ignored (Q17).
 */
public record AddFolder(
        String name,
        String note,
        Long parentFolderId,
        boolean isArchived,
        long eventTimestamp,
        Correlation correlation) {

    public static AddFolder read(JsonFields body) {
        return new AddFolder(
                body.requiredText("name"),
                body.requiredText("note"),
                body.nullableLong("parentFolderId"),
                body.requiredBoolean("isArchived"),
                body.requiredLong("eventTimestamp"),
                Correlation.read(body));
    }
}
