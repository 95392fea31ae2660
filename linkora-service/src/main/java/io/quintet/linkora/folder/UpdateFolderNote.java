package io.quintet.linkora.folder;

import io.quintet.linkora.http.JsonFields;
import io.quintet.linkora.model.Correlation;

/** {@code UPDATE_FOLDER_NOTE} request and event payload (spec 7.2.9, 9.5). */
public record UpdateFolderNote(long folderId, String newNote, Correlation correlation, long eventTimestamp) {

    public static UpdateFolderNote read(JsonFields body) {
        return new UpdateFolderNote(
                body.requiredLong("folderId"),
                body.requiredText("newNote"),
                Correlation.read(body),
                body.requiredLong("eventTimestamp"));
    }

    public UpdateFolderNote at(long serverSecond) {
        return new UpdateFolderNote(folderId, newNote, correlation, serverSecond);
    }
}
