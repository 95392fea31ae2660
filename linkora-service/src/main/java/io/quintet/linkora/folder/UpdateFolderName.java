package io.quintet.linkora.folder;

import io.quintet.linkora.http.JsonFields;
import io.quintet.linkora.model.Correlation;

/** {@code UPDATE_FOLDER_NAME} request and event payload (spec 7.2.8, 9.5), in reference order. */
public record UpdateFolderName(long folderId, String newFolderName, Correlation correlation, long eventTimestamp) {

    public static UpdateFolderName read(JsonFields body) {
        return new UpdateFolderName(
                body.requiredLong("folderId"),
                body.requiredText("newFolderName"),
                Correlation.read(body),
                body.requiredLong("eventTimestamp"));
    }

    public UpdateFolderName at(long serverSecond) {
        return new UpdateFolderName(folderId, newFolderName, correlation, serverSecond);
    }
}
