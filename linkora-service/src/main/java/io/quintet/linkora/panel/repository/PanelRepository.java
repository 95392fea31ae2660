package io.quintet.linkora.panel.repository;

import io.quintet.linkora.write.WriteContext;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/** Statements on {@code linkora.panels} and {@code linkora.panel_folders}. */
@ApplicationScoped
public class PanelRepository {

    private static final String INSERT_PANEL =
            "INSERT INTO linkora.panels (last_modified, panel_name) VALUES ($1, $2) RETURNING id";
    private static final String INSERT_PANEL_FOLDER = "INSERT INTO linkora.panel_folders "
            + "(last_modified, folder_id, folder_name, panel_position, connected_panel_id) VALUES ($1, $2, $3, $4, $5) RETURNING id";
    private static final String RENAME_PANEL =
            "UPDATE linkora.panels SET panel_name = $2, last_modified = $3 WHERE id = $1";
    /** The panel and its rows in one statement (spec 7.4.3). */
    private static final String DELETE_PANEL =
            "WITH rows AS (DELETE FROM linkora.panel_folders WHERE connected_panel_id = $1) "
                    + "DELETE FROM linkora.panels WHERE id = $1";

    private static final String DELETE_FOLDER_EVERYWHERE = "DELETE FROM linkora.panel_folders WHERE folder_id = $1";
    private static final String DELETE_FOLDER_IN_PANEL =
            "DELETE FROM linkora.panel_folders WHERE connected_panel_id = $1 AND folder_id = $2";
    private static final String DELETE_ALL_IN_PANEL =
            "WITH gone AS (DELETE FROM linkora.panel_folders WHERE connected_panel_id = $1 "
                    + "RETURNING id, folder_id) SELECT folder_id FROM gone ORDER BY id";

    public Uni<Long> insertPanel(WriteContext write, String name) {
        return write.connection()
                .preparedQuery(INSERT_PANEL)
                .execute(Tuple.of(write.stamp(), name))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    public Uni<Long> insertPanelFolder(
            WriteContext write, long folderId, String folderName, long position, long panelId) {
        return write.connection()
                .preparedQuery(INSERT_PANEL_FOLDER)
                .execute(Tuple.of(write.stamp(), folderId, folderName, position, panelId))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    public Uni<Integer> renamePanel(WriteContext write, long panelId, String name) {
        return write.connection()
                .preparedQuery(RENAME_PANEL)
                .execute(Tuple.of(panelId, name, write.stamp()))
                .map(RowSet::rowCount);
    }

    public Uni<Integer> deletePanel(WriteContext write, long panelId) {
        return write.connection()
                .preparedQuery(DELETE_PANEL)
                .execute(Tuple.of(panelId))
                .map(RowSet::rowCount);
    }

    public Uni<Integer> deleteFolderFromAllPanels(WriteContext write, long folderId) {
        return write.connection()
                .preparedQuery(DELETE_FOLDER_EVERYWHERE)
                .execute(Tuple.of(folderId))
                .map(RowSet::rowCount);
    }

    public Uni<Integer> deleteFolderFromPanel(WriteContext write, long panelId, long folderId) {
        return write.connection()
                .preparedQuery(DELETE_FOLDER_IN_PANEL)
                .execute(Tuple.of(panelId, folderId))
                .map(RowSet::rowCount);
    }

    /** Answers the folder id of every removed row, in row order. */
    public Uni<List<Long>> deleteAllFromPanel(WriteContext write, long panelId) {
        return write.connection()
                .preparedQuery(DELETE_ALL_IN_PANEL)
                .execute(Tuple.of(panelId))
                .map(rows -> {
                    List<Long> folders = new ArrayList<>(rows.size());
                    rows.forEach(row -> folders.add(row.getLong(0)));
                    return folders;
                });
    }
}
