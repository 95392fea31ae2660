package io.quintet.linkora.extension.repository;

import io.quintet.linkora.extension.FolderNode;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the folder tree for the browser-extension page straight from {@code linkora.folders}: the
 * page needs every folder's name, parent and archived flag, nothing the folder routes answer.
 */
@ApplicationScoped
public class ExtensionFolderRepository {

    private static final String ALL =
            "SELECT id, folder_name, parent_folder_id, is_folder_archived FROM linkora.folders ORDER BY id";

    private final Pool pool;

    public ExtensionFolderRepository(Pool pool) {
        this.pool = pool;
    }

    /** Every folder, by id. */
    public Uni<List<FolderNode>> all() {
        return pool.query(ALL).execute().map(rows -> {
            List<FolderNode> folders = new ArrayList<>(rows.size());
            for (Row row : rows) {
                folders.add(new FolderNode(row.getLong(0), row.getString(1), row.getLong(2), row.getBoolean(3)));
            }
            return folders;
        });
    }
}
