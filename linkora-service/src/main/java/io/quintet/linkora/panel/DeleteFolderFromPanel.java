package io.quintet.linkora.panel;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.quintet.linkora.http.JsonFields;
import io.quintet.linkora.model.Correlation;

/**
 * {@code DELETE_A_FOLDER_FROM_A_PANEL} request, tombstone and event payload (spec 7.4.6): note the
 * upper-case {@code folderID}.
 */
public record DeleteFolderFromPanel(
        long panelId, @JsonProperty("folderID") long folderID, Correlation correlation, long eventTimestamp) {

    public static DeleteFolderFromPanel read(JsonFields body) {
        return new DeleteFolderFromPanel(
                body.requiredLong("panelId"),
                body.requiredLong("folderID"),
                Correlation.read(body),
                body.requiredLong("eventTimestamp"));
    }

    public DeleteFolderFromPanel at(long serverSecond) {
        return new DeleteFolderFromPanel(panelId, folderID, correlation, serverSecond);
    }
}
