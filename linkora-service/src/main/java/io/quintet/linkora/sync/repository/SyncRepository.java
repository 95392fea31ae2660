package io.quintet.linkora.sync.repository;

import io.quintet.linkora.stream.JsonListsStream;
import io.quintet.linkora.write.WriteContext;
import io.quintet.protocol.delta.DeltaCursor;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * The delta reads (spec 7.7), streamed: each list is one statement whose rows PostgreSQL renders
 * as JSON objects whose keys are the wire keys, written to the client as they arrive through a
 * cursor ({@link JsonListsStream}), so a full sync of any size runs in bounded memory. Rows stamped
 * at {@code N} are included ({@code >=}, our D14: a superset the app applies idempotently).
 */
@ApplicationScoped
public class SyncRepository {

    private static final String EMPTY = "'[]'::json";

    /** One row as the UTF-8 bytes of its JSON object (bytea: no decoding and re-encoding of text). */
    private static String rows(String select, String order) {
        return "SELECT convert_to(row_to_json(t)::text, 'UTF8') FROM (" + select + ") t ORDER BY " + order;
    }

    /** Every link with its full current tags, grouped once for all listed links (a join, not a lookup per link). */
    private static final String LINKS = "WITH changed_links AS MATERIALIZED ("
            + "  SELECT * FROM linkora.links WHERE " + DeltaCursor.sqlFrom("last_modified", "$1")
            + "), pairs AS ("
            + "  SELECT lt.link_id, json_agg(json_build_object('linkId', lt.link_id, 'tagId', lt.tag_id) ORDER BY lt.tag_id) AS list"
            + "  FROM linkora.link_tags lt JOIN changed_links cl ON cl.id = lt.link_id GROUP BY lt.link_id"
            + ") "
            + rows(
                    "SELECT l.id, l.link_type AS \"linkType\", l.link_title AS title,"
                            + "  l.url, l.base_url AS \"baseURL\", l.img_url AS \"imgURL\", l.note, l.id_of_linked_folder AS \"idOfLinkedFolder\","
                            + "  l.user_agent AS \"userAgent\", l.marked_as_important AS \"markedAsImportant\", l.media_type AS \"mediaType\","
                            + "  l.last_modified AS \"eventTimestamp\", COALESCE(p.list, " + EMPTY + ") AS \"linkTags\""
                            + "  FROM changed_links l LEFT JOIN pairs p ON p.link_id = l.id",
                    "t.id");

    /**
     * Folders parents first (our D15): depth within the answer, counted from folders whose parent
     * is not in it; folders caught in a parent loop, which no depth reaches, come last. Then by id.
     */
    private static final String FOLDERS = "WITH RECURSIVE changed AS MATERIALIZED ("
            + "  SELECT id, folder_name, note, parent_folder_id, is_folder_archived, last_modified FROM linkora.folders WHERE "
            + DeltaCursor.sqlFrom("last_modified", "$1")
            + "), placed(id, depth) AS ("
            + "  SELECT c.id, 0 FROM changed c WHERE NOT EXISTS (SELECT 1 FROM changed p WHERE p.id = c.parent_folder_id)"
            + "  UNION ALL"
            + "  SELECT c.id, p.depth + 1 FROM changed c JOIN placed p ON c.parent_folder_id = p.id"
            + ") SELECT convert_to(row_to_json(t)::text, 'UTF8') FROM (SELECT f.id, f.folder_name AS name, f.note,"
            + "  f.parent_folder_id AS \"parentFolderId\", f.is_folder_archived AS \"isArchived\", f.last_modified AS \"eventTimestamp\""
            + "  FROM changed f) t LEFT JOIN placed pl ON pl.id = t.id ORDER BY pl.depth NULLS LAST, t.id";

    private static final String PANELS = rows(
            "SELECT p.id AS \"panelId\", p.panel_name AS \"panelName\", p.last_modified AS \"eventTimestamp\""
                    + " FROM linkora.panels p WHERE " + DeltaCursor.sqlFrom("p.last_modified", "$1"),
            "t.\"panelId\"");

    private static final String PANEL_FOLDERS = rows(
            "SELECT pf.id, pf.folder_id AS \"folderId\", pf.panel_position AS \"panelPosition\", pf.folder_name AS \"folderName\","
                    + " pf.connected_panel_id AS \"connectedPanelId\", pf.last_modified AS \"eventTimestamp\""
                    + " FROM linkora.panel_folders pf WHERE " + DeltaCursor.sqlFrom("pf.last_modified", "$1"),
            "t.id");

    private static final String TAGS = rows(
            "SELECT tg.id, tg.name, tg.last_modified AS \"eventTimestamp\" FROM linkora.tags tg WHERE "
                    + DeltaCursor.sqlFrom("tg.last_modified", "$1"),
            "t.id");

    private static final String LINK_TAGS = rows(
            "SELECT lt.link_id AS \"linkId\", lt.tag_id AS \"tagId\", lt.last_modified AS \"eventTimestamp\""
                    + " FROM linkora.link_tags lt WHERE " + DeltaCursor.sqlFrom("lt.last_modified", "$1"),
            "t.\"linkId\", t.\"tagId\"");

    /** All six lists, always present, in the reference's key order (spec 7.7.1). */
    private static final List<JsonListsStream.ListQuery> UPDATES = List.of(
            new JsonListsStream.ListQuery("links", LINKS),
            new JsonListsStream.ListQuery("folders", FOLDERS),
            new JsonListsStream.ListQuery("panels", PANELS),
            new JsonListsStream.ListQuery("panelFolders", PANEL_FOLDERS),
            new JsonListsStream.ListQuery("tags", TAGS),
            new JsonListsStream.ListQuery("linkTags", LINK_TAGS));

    /** In insertion order; {@code payload} is the stored object itself, not a string (spec 7.7.2). */
    private static final List<JsonListsStream.ListQuery> TOMBSTONES = List.of(new JsonListsStream.ListQuery(
            null,
            "SELECT convert_to(json_build_object('deletedAt', deleted_at, 'operation', operation, 'payload', payload)::text,"
                    + " 'UTF8') FROM linkora.tombstones WHERE " + DeltaCursor.sqlFrom("deleted_at", "$1")
                    + " ORDER BY id"));

    /** Every row of every table, tombstones included (spec 7.7.3, D24); identities keep counting (5.5). */
    private static final String WIPE =
            "TRUNCATE linkora.link_tags, linkora.links, linkora.folders, linkora.panel_folders, "
                    + "linkora.panels, linkora.tags, linkora.tombstones CONTINUE IDENTITY";

    private final Pool pool;

    public SyncRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * Writes {@code GET_UPDATES}' answer body to {@code response} as it is read; {@code gone}
     * completes when the exchange is over (a client that left stops the reading). See {@link JsonListsStream#write}.
     */
    public Uni<Void> writeUpdates(long since, HttpServerResponse response, Future<Void> gone) {
        return stream(UPDATES, true, since, response, gone);
    }

    /** Writes {@code GET_TOMBSTONES}' answer body (one list) to {@code response} as it is read. */
    public Uni<Void> writeTombstones(long since, HttpServerResponse response, Future<Void> gone) {
        return stream(TOMBSTONES, false, since, response, gone);
    }

    private Uni<Void> stream(
            List<JsonListsStream.ListQuery> lists,
            boolean object,
            long since,
            HttpServerResponse response,
            Future<Void> gone) {
        return Uni.createFrom()
                .completionStage(
                        () -> JsonListsStream.write(pool.getDelegate(), lists, object, Tuple.of(since), response, gone)
                                .toCompletionStage());
    }

    public Uni<Void> wipe(WriteContext write) {
        return write.connection().query(WIPE).execute().replaceWithVoid();
    }
}
