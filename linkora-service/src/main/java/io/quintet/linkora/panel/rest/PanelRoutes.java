package io.quintet.linkora.panel.rest;

import static io.quintet.linkora.panel.service.PanelService.*;

import io.quintet.linkora.http.LinkoraRoutes;
import io.quintet.linkora.http.RouteRegistry;
import io.quintet.linkora.model.IdBased;
import io.quintet.linkora.panel.AddPanel;
import io.quintet.linkora.panel.AddPanelFolder;
import io.quintet.linkora.panel.DeleteFolderFromPanel;
import io.quintet.linkora.panel.UpdatePanelName;
import io.quintet.linkora.panel.service.PanelService;
import jakarta.enterprise.context.ApplicationScoped;

/** Panel routes (spec 7.4). */
@ApplicationScoped
public class PanelRoutes implements LinkoraRoutes {

    private final PanelService panels;

    public PanelRoutes(PanelService panels) {
        this.panels = panels;
    }

    @Override
    public void register(RouteRegistry routes) {
        routes.postJson(ADD_A_NEW_PANEL, (body, ctx) -> panels.addPanel(AddPanel.read(body)));
        routes.postJson(ADD_A_NEW_FOLDER_IN_A_PANEL, (body, ctx) -> panels.addFolder(AddPanelFolder.read(body)));
        routes.postJson(DELETE_A_PANEL, (body, ctx) -> panels.deletePanel(IdBased.read(body)));
        routes.postJson(UPDATE_A_PANEL_NAME, (body, ctx) -> panels.rename(UpdatePanelName.read(body)));
        routes.postJson(
                DELETE_A_FOLDER_FROM_ALL_PANELS, (body, ctx) -> panels.deleteFolderFromAllPanels(IdBased.read(body)));
        routes.postJson(
                DELETE_A_FOLDER_FROM_A_PANEL,
                (body, ctx) -> panels.deleteFolderFromPanel(DeleteFolderFromPanel.read(body)));
        routes.postJson(DELETE_ALL_FOLDERS_FROM_A_PANEL, (body, ctx) -> panels.deleteAllFromPanel(IdBased.read(body)));
    }
}
