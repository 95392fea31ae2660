package io.quintet.linkora.panel;

import io.quintet.linkora.http.JsonFields;
import io.quintet.linkora.model.Correlation;

/** {@code ADD_A_NEW_FOLDER_IN_A_PANEL} request (spec 7.4.2): no existence checks, no de-duplication. */
public record AddPanelFolder(
        long folderId,
        long panelPosition,
        String folderName,
        long connectedPanelId,
        long eventTimestamp,
        Correlation correlation) {

    public static AddPanelFolder read(JsonFields body) {
        return new AddPanelFolder(
                body.requiredLong("folderId"),
                body.requiredLong("panelPosition"),
                body.requiredText("folderName"),
                body.requiredLong("connectedPanelId"),
                body.requiredLong("eventTimestamp"),
                Correlation.read(body));
    }
}
