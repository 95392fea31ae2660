package io.quintet.linkora.sync.repository;

import io.quintet.linkora.write.WriteContext;
import io.quintet.protocol.delta.DeltaCursor;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The delta reads (spec 7.7), each one statement whose JSON answer PostgreSQL builds itself: no
 * row objects in the JVM, one round trip even for tens of thousands of links. Rows stamped at
 * {@code N} are included ({@code >=}, our D14: a superset the app applies idempotently).
 */
@ApplicationScoped
public class SyncRepository {

    private static final String EMPTY = "'[]'::json";

    /**
     * All six lists, always present. Folders come parents first (our D15): depth within the
     * answer, counted from folders whose parent is not in it; folders caught in a parent loop,
     * which no depth reaches, come last. Everything else by id. Objects are whole rows of
     * subqueries whose column aliases are the wire keys: {@code json_agg} of a row is about twice
     * as fast as {@code json_build_object} per row.
     */
    private static final String UPDATES = "WITH RECURSIVE changed AS MATERIALIZED ("
            + "  SELECT id, folder_name, note, parent_folder_id, is_folder_archived, last_modified FROM linkora.folders WHERE "
            + DeltaCursor.sqlFrom("last_modified", "$1")
            + "), placed(id, depth) AS ("
            + "  SELECT c.id, 0 FROM changed c WHERE NOT EXISTS (SELECT 1 FROM changed p WHERE p.id = c.parent_folder_id)"
            + "  UNION ALL"
            + "  SELECT c.id, p.depth + 1 FROM changed c JOIN placed p ON c.parent_folder_id = p.id"
            + "), changed_links AS MATERIALIZED ("
            + "  SELECT * FROM linkora.links WHERE " + DeltaCursor.sqlFrom("last_modified", "$1")
            // every pair of every listed link, grouped once (a join, not a lookup per link)
            + "), pairs AS ("
            + "  SELECT lt.link_id, json_agg(json_build_object('linkId', lt.link_id, 'tagId', lt.tag_id) ORDER BY lt.tag_id) AS list"
            + "  FROM linkora.link_tags lt JOIN changed_links cl ON cl.id = lt.link_id GROUP BY lt.link_id"
            + ") SELECT convert_to(json_build_object("
            + "'links', COALESCE((SELECT json_agg(t ORDER BY t.id) FROM (SELECT l.id, l.link_type AS \"linkType\", l.link_title AS title,"
            + "  l.url, l.base_url AS \"baseURL\", l.img_url AS \"imgURL\", l.note, l.id_of_linked_folder AS \"idOfLinkedFolder\","
            + "  l.user_agent AS \"userAgent\", l.marked_as_important AS \"markedAsImportant\", l.media_type AS \"mediaType\","
            + "  l.last_modified AS \"eventTimestamp\", COALESCE(p.list, " + EMPTY + ") AS \"linkTags\""
            + "  FROM changed_links l LEFT JOIN pairs p ON p.link_id = l.id) t), " + EMPTY + "),"
            + "'folders', COALESCE((SELECT json_agg(t ORDER BY pl.depth NULLS LAST, t.id) FROM (SELECT f.id, f.folder_name AS name, f.note,"
            + "  f.parent_folder_id AS \"parentFolderId\", f.is_folder_archived AS \"isArchived\", f.last_modified AS \"eventTimestamp\""
            + "  FROM changed f) t LEFT JOIN placed pl ON pl.id = t.id), " + EMPTY + "),"
            + "'panels', COALESCE((SELECT json_agg(t ORDER BY t.\"panelId\") FROM (SELECT p.id AS \"panelId\", p.panel_name AS \"panelName\","
            + "  p.last_modified AS \"eventTimestamp\" FROM linkora.panels p WHERE "
            + DeltaCursor.sqlFrom("p.last_modified", "$1") + ") t), " + EMPTY + "),"
            + "'panelFolders', COALESCE((SELECT json_agg(t ORDER BY t.id) FROM (SELECT pf.id, pf.folder_id AS \"folderId\","
            + "  pf.panel_position AS \"panelPosition\", pf.folder_name AS \"folderName\", pf.connected_panel_id AS \"connectedPanelId\","
            + "  pf.last_modified AS \"eventTimestamp\" FROM linkora.panel_folders pf WHERE "
            + DeltaCursor.sqlFrom("pf.last_modified", "$1") + ") t), " + EMPTY + "),"
            + "'tags', COALESCE((SELECT json_agg(t ORDER BY t.id) FROM (SELECT tg.id, tg.name, tg.last_modified AS \"eventTimestamp\""
            + "  FROM linkora.tags tg WHERE " + DeltaCursor.sqlFrom("tg.last_modified", "$1") + ") t), " + EMPTY + "),"
            + "'linkTags', COALESCE((SELECT json_agg(t ORDER BY t.\"linkId\", t.\"tagId\") FROM (SELECT lt.link_id AS \"linkId\","
            + "  lt.tag_id AS \"tagId\", lt.last_modified AS \"eventTimestamp\" FROM linkora.link_tags lt WHERE "
            + DeltaCursor.sqlFrom("lt.last_modified", "$1") + ") t), " + EMPTY + ")"
            + ")::text, 'UTF8')";

    /** In insertion order; {@code payload} is the stored object itself, not a string (spec 7.7.2). */
    private static final String TOMBSTONES =
            "SELECT convert_to(COALESCE(json_agg(json_build_object('deletedAt', deleted_at, 'operation', operation,"
                    + " 'payload', payload) ORDER BY id), " + EMPTY + ")::text, 'UTF8') FROM linkora.tombstones WHERE "
                    + DeltaCursor.sqlFrom("deleted_at", "$1");

    /** Every row of every table, tombstones included (spec 7.7.3, D24); identities keep counting (5.5). */
    private static final String WIPE =
            "TRUNCATE linkora.link_tags, linkora.links, linkora.folders, linkora.panel_folders, "
                    + "linkora.panels, linkora.tags, linkora.tombstones CONTINUE IDENTITY";

    private final Pool pool;

    public SyncRepository(Pool pool) {
        this.pool = pool;
    }

    /** The answer's UTF-8 bytes as PostgreSQL produced them (bytea: no decoding and re-encoding of megabytes of text). */
    public Uni<Buffer> updatesSince(long since) {
        return pool.preparedQuery(UPDATES)
                .execute(Tuple.of(since))
                .map(rows -> rows.iterator().next().getBuffer(0).getDelegate());
    }

    public Uni<Buffer> tombstonesSince(long since) {
        return pool.preparedQuery(TOMBSTONES)
                .execute(Tuple.of(since))
                .map(rows -> rows.iterator().next().getBuffer(0).getDelegate());
    }

    public Uni<Void> wipe(WriteContext write) {
        return write.connection().query(WIPE).execute().replaceWithVoid();
    }
}
