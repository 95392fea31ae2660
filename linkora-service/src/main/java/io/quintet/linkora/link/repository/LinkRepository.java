package io.quintet.linkora.link.repository;

import io.quintet.linkora.link.LinkTagPair;
import io.quintet.linkora.model.LinkType;
import io.quintet.linkora.model.MediaType;
import io.quintet.linkora.write.WriteContext;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/** Statements on {@code linkora.links} and their {@code link_tags} pairs. */
@ApplicationScoped
public class LinkRepository {

    /**
     * One round trip for the whole create (spec 7.3.1): older history rows with the same URL go
     * (when $12), the link is inserted, and one pair per tag id that exists (unknown ones are
     * ignored, our D18; duplicates collapse). Answers the new id, the replaced ids and the tag ids paired.
     */
    private static final String CREATE = "WITH replaced AS ("
            + "  DELETE FROM linkora.links WHERE $12 AND link_type = 'HISTORY_LINK' AND url = $3 RETURNING id"
            + "), created AS ("
            + "  INSERT INTO linkora.links (last_modified, link_type, url, link_title, base_url, img_url, note, id_of_linked_folder,"
            + "    user_agent, media_type, marked_as_important) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id"
            + "), pairs AS ("
            + "  INSERT INTO linkora.link_tags (link_id, tag_id, last_modified)"
            + "  SELECT c.id, t.id, $1 FROM created c, linkora.tags t WHERE t.id = ANY($13::bigint[]) RETURNING tag_id"
            + ") SELECT (SELECT id FROM created), ARRAY(SELECT id FROM replaced ORDER BY id), ARRAY(SELECT tag_id FROM pairs ORDER BY tag_id)";

    /**
     * Overwrites every column, then makes the link's stored pairs equal to the request's
     * (spec 7.3.10): missing ones deleted, new ones inserted and stamped; pairs naming a tag or
     * link that does not exist are ignored (D18). The existence checks are per-row probes (LATERAL
     * with LIMIT): as EXISTS, a plan cached while the tables were small scans them whole.
     */
    private static final String UPDATE = "WITH updated AS ("
            + "  UPDATE linkora.links SET link_type = $2, link_title = $3, url = $4, base_url = $5, img_url = $6, note = $7,"
            + "    id_of_linked_folder = $8, user_agent = $9, media_type = $10, marked_as_important = $11, last_modified = $12"
            + "  WHERE id = $1 RETURNING id"
            + "), wanted AS ("
            + "  SELECT DISTINCT p.link_id, p.tag_id FROM unnest($13::bigint[], $14::bigint[]) AS p(link_id, tag_id)"
            + "), dropped AS ("
            + "  DELETE FROM linkora.link_tags lt WHERE lt.link_id = $1"
            + "  AND NOT EXISTS (SELECT 1 FROM wanted w WHERE w.link_id = lt.link_id AND w.tag_id = lt.tag_id)"
            + "), added AS ("
            + "  INSERT INTO linkora.link_tags (link_id, tag_id, last_modified)"
            + "  SELECT w.link_id, w.tag_id, $12 FROM wanted w"
            + "  CROSS JOIN LATERAL (SELECT 1 FROM linkora.tags t WHERE t.id = w.tag_id LIMIT 1) known_tag"
            + "  CROSS JOIN LATERAL (SELECT 1 FROM linkora.links l WHERE l.id = w.link_id LIMIT 1) known_link"
            + "  ON CONFLICT DO NOTHING"
            + ") SELECT count(*) FROM updated";

    private static final String DELETE = "DELETE FROM linkora.links WHERE id = ANY($1)";
    private static final String SET_FOLDER = "UPDATE linkora.links SET id_of_linked_folder = $3, last_modified = $4 "
            + "WHERE id = $1 AND link_type = $2";
    private static final String SET_TITLE =
            "UPDATE linkora.links SET link_title = $2, last_modified = $3 WHERE id = $1";
    private static final String SET_NOTE = "UPDATE linkora.links SET note = $2, last_modified = $3 WHERE id = $1";
    private static final String SET_USER_AGENT =
            "UPDATE linkora.links SET user_agent = $3, last_modified = $4 " + "WHERE id = $1 AND link_type = $2";
    private static final String SET_TYPE =
            "UPDATE linkora.links SET link_type = $2, id_of_linked_folder = $3, last_modified = $4 "
                    + "WHERE id = ANY($1)";
    private static final String SET_IMPORTANT =
            "UPDATE linkora.links SET marked_as_important = $2, last_modified = $3 WHERE id = $1";
    /** Default-folder stamping of every non-folder link (spec 7.3.11), built from {@link LinkType#defaultFolder()}. */
    private static final String FORCE_DEFAULT_FOLDERS = "UPDATE linkora.links SET id_of_linked_folder = CASE link_type "
            + Arrays.stream(LinkType.values())
                    .filter(t -> t.defaultFolder().isPresent())
                    .map(t ->
                            "WHEN '" + t.name() + "' THEN " + t.defaultFolder().getAsLong())
                    .collect(Collectors.joining(" "))
            + " END, last_modified = $1 WHERE link_type <> 'FOLDER_LINK'";

    private final PlainLinkInserts plainInserts;

    public LinkRepository(PlainLinkInserts plainInserts) {
        this.plainInserts = plainInserts;
    }

    /** What a create did: the new id, the history rows it replaced, the tags it paired. */
    public record Created(long id, List<Long> replaced, List<Long> tagIds) {}

    public Uni<Created> create(
            WriteContext write,
            LinkType type,
            String title,
            String url,
            String baseUrl,
            String imgUrl,
            String note,
            Long folder,
            String userAgent,
            MediaType mediaType,
            boolean important,
            Collection<Long> tags) {
        if (type != LinkType.HISTORY_LINK && tags.isEmpty() && !write.inTransaction()) {
            // the common create: no CTE (a third less work in PostgreSQL), group-committed with concurrent ones
            return plainInserts
                    .insert(new PlainLinkInserts.PlainLink(
                            write.stamp(),
                            type.name(),
                            url,
                            title,
                            baseUrl,
                            imgUrl,
                            note,
                            folder,
                            userAgent,
                            mediaType.name(),
                            important))
                    .map(id -> new Created(id, List.of(), List.of()));
        }
        Tuple args = Tuple.from(new Object[] {
            write.stamp(),
            type.name(),
            url,
            title,
            baseUrl,
            imgUrl,
            note,
            folder,
            userAgent,
            mediaType.name(),
            important,
            type == LinkType.HISTORY_LINK,
            tags.toArray(Long[]::new)
        });
        return write.connection().preparedQuery(CREATE).execute(args).map(rows -> {
            Row row = rows.iterator().next();
            return new Created(row.getLong(0), List.of(row.getArrayOfLongs(1)), List.of(row.getArrayOfLongs(2)));
        });
    }

    public Uni<Integer> update(
            WriteContext write,
            long id,
            LinkType type,
            String title,
            String url,
            String baseUrl,
            String imgUrl,
            String note,
            Long folder,
            String userAgent,
            MediaType mediaType,
            boolean important,
            List<LinkTagPair> pairs) {
        Long[] linkIds = pairs.stream().map(LinkTagPair::linkId).toArray(Long[]::new);
        Long[] tagIds = pairs.stream().map(LinkTagPair::tagId).toArray(Long[]::new);
        Tuple args = Tuple.from(new Object[] {
            id,
            type.name(),
            title,
            url,
            baseUrl,
            imgUrl,
            note,
            folder,
            userAgent,
            mediaType.name(),
            important,
            write.stamp(),
            linkIds,
            tagIds
        });
        return write.connection()
                .preparedQuery(UPDATE)
                .execute(args)
                .map(rows -> rows.iterator().next().getLong(0).intValue());
    }

    public Uni<Integer> delete(WriteContext write, Collection<Long> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return write.connection()
                .preparedQuery(DELETE)
                .execute(Tuple.of(ids.toArray(Long[]::new)))
                .map(RowSet::rowCount);
    }

    /** Moves the link only if its stored type is {@code type} (spec 7.3.3). */
    public Uni<Integer> setFolder(WriteContext write, long id, LinkType type, Long folder) {
        return write.connection()
                .preparedQuery(SET_FOLDER)
                .execute(Tuple.of(id, type.name(), folder, write.stamp()))
                .map(RowSet::rowCount);
    }

    public Uni<Integer> setTitle(WriteContext write, long id, String title) {
        return write.connection()
                .preparedQuery(SET_TITLE)
                .execute(Tuple.of(id, title, write.stamp()))
                .map(RowSet::rowCount);
    }

    public Uni<Integer> setNote(WriteContext write, long id, String note) {
        return write.connection()
                .preparedQuery(SET_NOTE)
                .execute(Tuple.of(id, note, write.stamp()))
                .map(RowSet::rowCount);
    }

    /** Stores the user agent where the stored type is {@code type} (our D2 fix). */
    public Uni<Integer> setUserAgent(WriteContext write, long id, LinkType type, String userAgent) {
        return write.connection()
                .preparedQuery(SET_USER_AGENT)
                .execute(Tuple.of(id, type.name(), userAgent, write.stamp()))
                .map(RowSet::rowCount);
    }

    /** Gives the links a type and its folder: {@code folder} stamped by type (spec 5.2, D17). */
    public Uni<Integer> setType(WriteContext write, Collection<Long> ids, LinkType type, Long folder) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return write.connection()
                .preparedQuery(SET_TYPE)
                .execute(Tuple.of(ids.toArray(Long[]::new), type.name(), type.stampFolder(folder), write.stamp()))
                .map(RowSet::rowCount);
    }

    public Uni<Integer> setImportant(WriteContext write, long id, boolean important) {
        return write.connection()
                .preparedQuery(SET_IMPORTANT)
                .execute(Tuple.of(id, important, write.stamp()))
                .map(RowSet::rowCount);
    }

    public Uni<Integer> forceDefaultFolders(WriteContext write) {
        return write.connection()
                .preparedQuery(FORCE_DEFAULT_FOLDERS)
                .execute(Tuple.of(write.stamp()))
                .map(RowSet::rowCount);
    }
}
