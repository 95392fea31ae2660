package io.quintet.linkora.multi.repository;

import io.quintet.linkora.write.WriteContext;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;

/**
 * The copies of {@code COPY_EXISTING_ITEMS} (spec 7.6.4), each kind in one statement. New ids are
 * drawn from the tables' own identity sequences up front, so the answer can pair every request
 * item with its copy; sources that do not exist are skipped (our D19).
 */
@ApplicationScoped
public class CopyRepository {

    /**
     * Folders in request order; the parent is the destination for a root item, else the copy of
     * the closest earlier item whose local id is this item's parent local id (none: null).
     */
    private static final String COPY_FOLDERS = "WITH src AS MATERIALIZED ("
            + "  SELECT x.*, nextval(pg_get_serial_sequence('linkora.folders', 'id')) AS new_id FROM ("
            + "    SELECT r.ord, r.local_id, r.parent_local, r.is_root, f.folder_name, f.note, f.is_folder_archived"
            + "    FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::bool[]) WITH ORDINALITY AS r(local_id, parent_local, source_id, is_root, ord)"
            + "    JOIN linkora.folders f ON f.id = r.source_id ORDER BY r.ord) x"
            + "), copied AS ("
            + "  INSERT INTO linkora.folders (id, last_modified, folder_name, note, parent_folder_id, is_folder_archived)"
            + "  SELECT s.new_id, $6, s.folder_name, s.note,"
            + "    CASE WHEN s.is_root THEN $5::bigint ELSE (SELECT p.new_id FROM src p WHERE p.local_id = s.parent_local AND p.ord < s.ord"
            + "      ORDER BY p.ord DESC LIMIT 1) END,"
            + "    s.is_folder_archived FROM src s ORDER BY s.ord"
            + ") SELECT ord, new_id FROM src ORDER BY ord";

    /** Links with their tag pairs; each copy gets the given type and folder, every row the mutation's stamp. */
    private static final String COPY_LINKS = "WITH src AS MATERIALIZED ("
            + "  SELECT x.*, nextval(pg_get_serial_sequence('linkora.links', 'id')) AS new_id FROM ("
            + "    SELECT r.ord, r.link_type, r.folder_id, l.id AS source_id, l.link_title, l.url, l.base_url, l.img_url, l.note,"
            + "      l.user_agent, l.media_type, l.marked_as_important"
            + "    FROM unnest($1::bigint[], $2::text[], $3::bigint[]) WITH ORDINALITY AS r(source_id, link_type, folder_id, ord)"
            + "    JOIN linkora.links l ON l.id = r.source_id ORDER BY r.ord) x"
            + "), copied AS ("
            + "  INSERT INTO linkora.links (id, last_modified, link_type, link_title, url, base_url, img_url, note, id_of_linked_folder,"
            + "    user_agent, media_type, marked_as_important)"
            + "  SELECT new_id, $4, link_type, link_title, url, base_url, img_url, note, folder_id, user_agent, media_type, marked_as_important"
            + "  FROM src ORDER BY ord"
            + "), pairs AS ("
            + "  INSERT INTO linkora.link_tags (link_id, tag_id, last_modified)"
            + "  SELECT s.new_id, lt.tag_id, $4 FROM src s JOIN linkora.link_tags lt ON lt.link_id = s.source_id"
            + ") SELECT ord, new_id FROM src ORDER BY ord";

    /** Copies folders; answers new id by 0-based request position (skipped positions absent). */
    public Uni<Map<Integer, Long>> copyFolders(
            WriteContext write,
            Long[] localIds,
            Long[] parentLocalIds,
            Long[] sourceIds,
            Boolean[] isRoot,
            long destination) {
        if (sourceIds.length == 0) {
            return Uni.createFrom().item(Map.of());
        }
        return write.connection()
                .preparedQuery(COPY_FOLDERS)
                .execute(Tuple.from(
                        new Object[] {localIds, parentLocalIds, sourceIds, isRoot, destination, write.stamp()}))
                .map(CopyRepository::byPosition);
    }

    /** Copies links; answers new id by 0-based request position (skipped positions absent). */
    public Uni<Map<Integer, Long>> copyLinks(WriteContext write, Long[] sourceIds, String[] types, Long[] folders) {
        if (sourceIds.length == 0) {
            return Uni.createFrom().item(Map.of());
        }
        return write.connection()
                .preparedQuery(COPY_LINKS)
                .execute(Tuple.of(sourceIds, types, folders, write.stamp()))
                .map(CopyRepository::byPosition);
    }

    private static Map<Integer, Long> byPosition(RowSet<Row> rows) {
        Map<Integer, Long> ids = new HashMap<>();
        rows.forEach(row -> ids.put(row.getLong(0).intValue() - 1, row.getLong(1)));
        return ids;
    }
}
