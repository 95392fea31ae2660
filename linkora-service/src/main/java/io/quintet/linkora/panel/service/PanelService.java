package io.quintet.linkora.panel.service;

import io.quintet.linkora.model.IdBased;
import io.quintet.linkora.model.NewItemResponse;
import io.quintet.linkora.model.TimeStampBasedResponse;
import io.quintet.linkora.panel.AddPanel;
import io.quintet.linkora.panel.AddPanelFolder;
import io.quintet.linkora.panel.DeleteFolderFromPanel;
import io.quintet.linkora.panel.PanelEvent;
import io.quintet.linkora.panel.PanelFolderEvent;
import io.quintet.linkora.panel.UpdatePanelName;
import io.quintet.linkora.panel.repository.PanelRepository;
import io.quintet.linkora.write.LastWriteWins;
import io.quintet.linkora.write.WriteContext;
import io.quintet.linkora.write.Writes;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Panels and panel folders (spec 7.4). */
@ApplicationScoped
public class PanelService {

    public static final String ADD_A_NEW_PANEL = "ADD_A_NEW_PANEL";
    public static final String ADD_A_NEW_FOLDER_IN_A_PANEL = "ADD_A_NEW_FOLDER_IN_A_PANEL";
    public static final String DELETE_A_PANEL = "DELETE_A_PANEL";
    public static final String UPDATE_A_PANEL_NAME = "UPDATE_A_PANEL_NAME";
    public static final String DELETE_A_FOLDER_FROM_ALL_PANELS = "DELETE_A_FOLDER_FROM_ALL_PANELS";
    public static final String DELETE_A_FOLDER_FROM_A_PANEL = "DELETE_A_FOLDER_FROM_A_PANEL";
    /** A route name only: the app cannot parse it as an operation (spec Q1), so it is never emitted. */
    public static final String DELETE_ALL_FOLDERS_FROM_A_PANEL = "DELETE_ALL_FOLDERS_FROM_A_PANEL";

    private final Writes writes;
    private final PanelRepository panels;

    public PanelService(Writes writes, PanelRepository panels) {
        this.writes = writes;
        this.panels = panels;
    }

    public Uni<NewItemResponse> addPanel(AddPanel request) {
        return writes.runStatement(write -> panels.insertPanel(write, request.panelName())
                .map(id -> {
                    write.event(
                            ADD_A_NEW_PANEL,
                            new PanelEvent(id, request.panelName(), request.correlation(), write.stamp()));
                    return new NewItemResponse(
                            new TimeStampBasedResponse(write.stamp(), "New panel added with id : " + id),
                            id,
                            request.correlation());
                }));
    }

    /** No existence checks (spec Q21). */
    public Uni<NewItemResponse> addFolder(AddPanelFolder request) {
        return writes.runStatement(write -> panels.insertPanelFolder(
                        write,
                        request.folderId(),
                        request.folderName(),
                        request.panelPosition(),
                        request.connectedPanelId())
                .map(id -> {
                    write.event(
                            ADD_A_NEW_FOLDER_IN_A_PANEL,
                            new PanelFolderEvent(
                                    id,
                                    request.folderId(),
                                    request.panelPosition(),
                                    request.folderName(),
                                    request.connectedPanelId(),
                                    request.correlation(),
                                    write.stamp()));
                    return new NewItemResponse(
                            new TimeStampBasedResponse(
                                    write.stamp(),
                                    "New folder added in a panel (id : " + request.connectedPanelId() + ") with id : "
                                            + id),
                            id,
                            request.correlation());
                }));
    }

    /** The panel and its rows; one tombstone (the rows get none, spec 8.3). */
    public Uni<TimeStampBasedResponse> deletePanel(IdBased request) {
        return writes.run(write -> panels.deletePanel(write, request.id())
                .map(n -> deleted(
                        write,
                        DELETE_A_PANEL,
                        request.at(write.stamp()),
                        "Deleted the panel and respective connected panel folders (id : " + request.id()
                                + ") successfully.")));
    }

    public Uni<TimeStampBasedResponse> rename(UpdatePanelName request) {
        return writes.run(write -> LastWriteWins.check(
                        write, LastWriteWins.Table.PANELS, List.of(request.panelId()), request.eventTimestamp())
                .chain(() -> panels.renamePanel(write, request.panelId(), request.newName()))
                .map(n -> {
                    write.event(UPDATE_A_PANEL_NAME, request.at(write.stamp()));
                    return new TimeStampBasedResponse(
                            write.stamp(),
                            "Updated panel name to " + request.newName() + " (id : " + request.panelId() + ").");
                }));
    }

    /** {@code id} is a folder id here (spec 7.4.5). */
    public Uni<TimeStampBasedResponse> deleteFolderFromAllPanels(IdBased request) {
        return writes.run(write -> panels.deleteFolderFromAllPanels(write, request.id())
                .map(n -> deleted(
                        write,
                        DELETE_A_FOLDER_FROM_ALL_PANELS,
                        request.at(write.stamp()),
                        "Deleted folder from all panel folders where id = " + request.id() + ".")));
    }

    public Uni<TimeStampBasedResponse> deleteFolderFromPanel(DeleteFolderFromPanel request) {
        return writes.run(write -> panels.deleteFolderFromPanel(write, request.panelId(), request.folderID())
                .map(n -> deleted(
                        write,
                        DELETE_A_FOLDER_FROM_A_PANEL,
                        request.at(write.stamp()),
                        "Deleted the folder with id " + request.folderID() + " from a panel with id "
                                + request.panelId() + ".")));
    }

    /**
     * Our D12 decision: instead of the operation the app cannot parse, one
     * {@code DELETE_A_FOLDER_FROM_A_PANEL} tombstone and event per removed row, which the app
     * applies exactly like the panel's rows being removed one by one.
     */
    public Uni<TimeStampBasedResponse> deleteAllFromPanel(IdBased request) {
        return writes.run(write -> panels.deleteAllFromPanel(write, request.id())
                .map(folderIds -> {
                    for (long folderId : folderIds) {
                        DeleteFolderFromPanel payload =
                                new DeleteFolderFromPanel(request.id(), folderId, request.correlation(), write.stamp());
                        write.tombstone(DELETE_A_FOLDER_FROM_A_PANEL, payload);
                        write.event(DELETE_A_FOLDER_FROM_A_PANEL, payload);
                    }
                    return new TimeStampBasedResponse(
                            write.stamp(), "Deleted all folders from the panel with id : " + request.id() + ".");
                }));
    }

    private static TimeStampBasedResponse deleted(
            WriteContext write, String operation, Object payload, String message) {
        write.tombstone(operation, payload);
        write.event(operation, payload);
        return new TimeStampBasedResponse(write.stamp(), message);
    }
}
