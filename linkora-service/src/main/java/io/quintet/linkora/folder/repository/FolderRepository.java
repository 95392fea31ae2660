package io.quintet.linkora.folder.repository;

import io.quintet.linkora.write.WriteContext;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/** Statements on {@code linkora.folders}. */
@ApplicationScoped
public class FolderRepository {

    private static final String INSERT = "INSERT INTO linkora.folders (last_modified, folder_name, note, parent_folder_id, is_folder_archived) "
            + "VALUES ($1, $2, $3, $4, $5) RETURNING id";

    /** Inserts a folder stamped with the mutation's second; answers its new id. */
    public Uni<Long> insert(WriteContext write, String name, String note, Long parentFolderId, boolean archived) {
        return write.connection().preparedQuery(INSERT)
                .execute(Tuple.of(write.stamp(), name, note, parentFolderId, archived))
                .map(rows -> rows.iterator().next().getLong(0));
    }
}
