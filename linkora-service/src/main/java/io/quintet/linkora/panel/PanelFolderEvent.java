package io.quintet.linkora.panel;

import io.quintet.linkora.model.Correlation;

/** {@code ADD_A_NEW_FOLDER_IN_A_PANEL} event payload (spec 9.5). */
public record PanelFolderEvent(
        long id,
        long folderId,
        long panelPosition,
        String folderName,
        long connectedPanelId,
        Correlation correlation,
        long eventTimestamp) {}
