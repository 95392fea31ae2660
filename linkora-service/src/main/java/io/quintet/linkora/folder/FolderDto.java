package io.quintet.linkora.folder;

import io.quintet.linkora.http.JsonFields;
import io.quintet.linkora.model.Correlation;

/** {@code UPDATE_FOLDER} request (spec 7.2.2): every field of the folder, {@code parentFolderId} nullable. */
public record FolderDto(
        long id,
        String name,
        String note,
        Long parentFolderId,
        boolean isArchived,
        Correlation correlation,
        long eventTimestamp) {

    public static FolderDto read(JsonFields body) {
        return new FolderDto(
                body.requiredLong("id"),
                body.requiredText("name"),
                body.requiredText("note"),
                body.nullableLong("parentFolderId"),
                body.requiredBoolean("isArchived"),
                Correlation.read(body),
                body.requiredLong("eventTimestamp"));
    }

    /** The {@code UPDATE_FOLDER} event: the request echoed with the server second (spec 9.5). */
    public FolderEvent event(long serverSecond) {
        return new FolderEvent(id, name, note, parentFolderId, isArchived, correlation, serverSecond);
    }
}
