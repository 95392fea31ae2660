package io.quintet.linkora.folder.repository;

import io.quintet.linkora.stream.JsonListsStream;
import io.quintet.linkora.write.WriteContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Statements on {@code linkora.folders} (and the panel rows and links that hang on folders). */
@ApplicationScoped
public class FolderRepository {

    private static final String COLUMNS = "id, folder_name, note, parent_folder_id, is_folder_archived, last_modified";

    private static final String INSERT =
            "INSERT INTO linkora.folders (last_modified, folder_name, note, parent_folder_id, is_folder_archived) "
                    + "VALUES ($1, $2, $3, $4, $5) RETURNING id";
    private static final String UPDATE =
            "UPDATE linkora.folders SET folder_name = $2, note = $3, parent_folder_id = $4, "
                    + "is_folder_archived = $5, last_modified = $6 WHERE id = $1";
    private static final String SET_ARCHIVED =
            "UPDATE linkora.folders SET is_folder_archived = $2, last_modified = $3 WHERE id = ANY($1)";
    private static final String SET_NOTE = "UPDATE linkora.folders SET note = $2, last_modified = $3 WHERE id = $1";
    private static final String SET_PARENT =
            "UPDATE linkora.folders SET parent_folder_id = $2, last_modified = $3 WHERE id = ANY($1)";
    /** The panel rows keep a copy of the folder name (spec 7.2.8): renamed in the same statement. */
    private static final String RENAME =
            "WITH panel_rows AS (UPDATE linkora.panel_folders SET folder_name = $2, last_modified = $3 "
                    + "WHERE folder_id = $1) "
                    + "UPDATE linkora.folders SET folder_name = $2, last_modified = $3 WHERE id = $1";
    /**
     * The requested folders (whether they exist or not: they are tombstoned either way, spec Q7)
     * and all their descendants, deleted with their links and panel rows in one statement. The
     * CYCLE clause stops at parent loops, which clients can create. Answers the folder ids,
     * requested ones first, then by depth and id. The deletes match {@code = ANY(array)}, not
     * {@code IN (subquery)}: a semi-join planned while the tables were small stays a hash join over
     * a scan of the whole links table.
     */
    private static final String DELETE_SUBTREES = "WITH RECURSIVE sub(id, depth) AS ("
            + "  SELECT r.id, 0 FROM unnest($1::bigint[]) AS r(id)"
            + "  UNION ALL"
            + "  SELECT f.id, s.depth + 1 FROM linkora.folders f JOIN sub s ON f.parent_folder_id = s.id"
            + ") CYCLE id SET looped USING path, "
            + "ids AS MATERIALIZED (SELECT id, min(depth) AS depth FROM sub WHERE NOT looped GROUP BY id), "
            + "gone_folders AS (DELETE FROM linkora.folders WHERE id = ANY(ARRAY(SELECT id FROM ids))), "
            + "gone_links AS (DELETE FROM linkora.links WHERE id_of_linked_folder = ANY(ARRAY(SELECT id FROM ids))), "
            + "gone_panel_rows AS (DELETE FROM linkora.panel_folders WHERE folder_id = ANY(ARRAY(SELECT id FROM ids))) "
            + "SELECT id FROM ids ORDER BY depth, id";

    /**
     * Folders as the wire's JSON objects (spec 5.4, the keys of {@code GET_UPDATES}' folders),
     * rendered by PostgreSQL as UTF-8 bytes and streamed by id ({@link JsonListsStream}).
     */
    private static String folderList(String where) {
        return "SELECT convert_to(row_to_json(t)::text, 'UTF8') FROM (SELECT id, folder_name AS name, note,"
                + " parent_folder_id AS \"parentFolderId\", is_folder_archived AS \"isArchived\","
                + " last_modified AS \"eventTimestamp\" FROM linkora.folders WHERE " + where + ") t ORDER BY t.id";
    }

    private static final String CHILDREN = folderList("parent_folder_id = $1");
    private static final String ROOTS = folderList("parent_folder_id IS NULL AND NOT is_folder_archived");
    /** strpos, not LIKE: {@code %} and {@code _} in the term are plain characters (spec D16). */
    private static final String SEARCH = folderList("strpos(lower(folder_name), lower($1)) > 0");

    private final Pool pool;

    public FolderRepository(Pool pool) {
        this.pool = pool;
    }

    /** Inserts a folder stamped with the mutation's second; answers its new id. */
    public Uni<Long> insert(WriteContext write, String name, String note, Long parentFolderId, boolean archived) {
        return write.connection()
                .preparedQuery(INSERT)
                .execute(Tuple.of(write.stamp(), name, note, parentFolderId, archived))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    public Uni<Integer> update(
            WriteContext write, long id, String name, String note, Long parentFolderId, boolean archived) {
        return write.connection()
                .preparedQuery(UPDATE)
                .execute(Tuple.from(new Object[] {id, name, note, parentFolderId, archived, write.stamp()}))
                .map(RowSet::rowCount);
    }

    public Uni<Integer> setArchived(WriteContext write, Collection<Long> ids, boolean archived) {
        return write.connection()
                .preparedQuery(SET_ARCHIVED)
                .execute(Tuple.of(ids.toArray(Long[]::new), archived, write.stamp()))
                .map(RowSet::rowCount);
    }

    public Uni<Integer> setNote(WriteContext write, long id, String note) {
        return write.connection()
                .preparedQuery(SET_NOTE)
                .execute(Tuple.of(id, note, write.stamp()))
                .map(RowSet::rowCount);
    }

    /** Moves folders under {@code parentFolderId} ({@code null}: to root). */
    public Uni<Integer> setParent(WriteContext write, Collection<Long> ids, Long parentFolderId) {
        return write.connection()
                .preparedQuery(SET_PARENT)
                .execute(Tuple.of(ids.toArray(Long[]::new), parentFolderId, write.stamp()))
                .map(RowSet::rowCount);
    }

    /** Renames the folder and its panel rows; answers the number of folders renamed. */
    public Uni<Integer> rename(WriteContext write, long id, String name) {
        return write.connection()
                .preparedQuery(RENAME)
                .execute(Tuple.of(id, name, write.stamp()))
                .map(RowSet::rowCount);
    }

    /** Deletes the folders, their descendants, their links and panel rows; answers every folder id concerned. */
    public Uni<List<Long>> deleteSubtrees(WriteContext write, Collection<Long> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return write.connection()
                .preparedQuery(DELETE_SUBTREES)
                .execute(Tuple.of(ids.toArray(Long[]::new)))
                .map(rows -> {
                    List<Long> deleted = new ArrayList<>(rows.size());
                    rows.forEach(row -> deleted.add(row.getLong(0)));
                    return deleted;
                });
    }

    /** Writes {@code GET_CHILD_FOLDERS}' answer as it is read (see {@link JsonListsStream#write}). */
    public Uni<Void> writeChildren(long parentId, HttpServerResponse response, Future<Void> gone) {
        return stream(CHILDREN, io.vertx.sqlclient.Tuple.of(parentId), response, gone);
    }

    /** Writes {@code GET_ROOT_FOLDERS}' answer as it is read. */
    public Uni<Void> writeRoots(HttpServerResponse response, Future<Void> gone) {
        return stream(ROOTS, io.vertx.sqlclient.Tuple.tuple(), response, gone);
    }

    /** Writes {@code SEARCH_FOR_FOLDERS}' answer as it is read. */
    public Uni<Void> writeSearch(String term, HttpServerResponse response, Future<Void> gone) {
        return stream(SEARCH, io.vertx.sqlclient.Tuple.of(term), response, gone);
    }

    private Uni<Void> stream(
            String sql, io.vertx.sqlclient.Tuple params, HttpServerResponse response, Future<Void> gone) {
        return Uni.createFrom()
                .completionStage(() -> JsonListsStream.writeList(pool.getDelegate(), sql, params, response, gone)
                        .toCompletionStage());
    }
}
