package io.quintet.linkora.link.repository;

import io.quintet.protocol.db.GroupCommit;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * The common create (no history row to replace, no tag to pair), group-committed: the creates of
 * concurrent requests that arrive while earlier ones are being written go in one multi-row
 * statement, which commits them together (one statement, one round trip, one WAL flush instead of
 * one each). A lone request is written by itself at once, as before. Each row keeps its own
 * values and stamp; the ids come back in the rows' order.
 */
@ApplicationScoped
public class PlainLinkInserts {

    /** One link row as the create writes it. */
    public record PlainLink(
            long stamp,
            String type,
            String url,
            String title,
            String baseUrl,
            String imgUrl,
            String note,
            Long folder,
            String userAgent,
            String mediaType,
            boolean important) {}

    private static final String COLUMNS = "last_modified, link_type, url, link_title, base_url, img_url, note,"
            + " id_of_linked_folder, user_agent, media_type, marked_as_important";
    private static final String INSERT_ONE = "INSERT INTO linkora.links (" + COLUMNS + ")"
            + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id";
    // identity values are drawn as the rows are inserted, in the ORDER BY's order: ascending ids follow it
    private static final String INSERT_MANY = "INSERT INTO linkora.links (" + COLUMNS + ") SELECT " + COLUMNS
            + " FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::bigint[],"
            + " $9::text[], $10::text[], $11::boolean[]) WITH ORDINALITY AS r(" + COLUMNS
            + ", n) ORDER BY r.n RETURNING id";

    /** Writes under way at once: while they run, arriving creates queue for the next group. */
    static final int IN_FLIGHT = 2;

    static final int MAX_ROWS = 500;

    private final Pool pool;
    private final GroupCommit<PlainLink, Long> groups = new GroupCommit<>(this::write, IN_FLIGHT, MAX_ROWS, link -> 1);

    public PlainLinkInserts(Pool pool) {
        this.pool = pool;
    }

    /** Inserts {@code link}, alone or with concurrent ones; answers its id once committed. */
    public Uni<Long> insert(PlainLink link) {
        return groups.submit(link);
    }

    private Uni<List<Long>> write(List<PlainLink> links) {
        if (links.size() == 1) {
            PlainLink l = links.get(0);
            return pool.preparedQuery(INSERT_ONE)
                    .execute(Tuple.from(new Object[] {
                        l.stamp(),
                        l.type(),
                        l.url(),
                        l.title(),
                        l.baseUrl(),
                        l.imgUrl(),
                        l.note(),
                        l.folder(),
                        l.userAgent(),
                        l.mediaType(),
                        l.important()
                    }))
                    .map(rows -> List.of(rows.iterator().next().getLong(0)));
        }
        int n = links.size();
        Long[] stamps = new Long[n], folders = new Long[n];
        String[] types = new String[n],
                urls = new String[n],
                titles = new String[n],
                baseUrls = new String[n],
                imgUrls = new String[n],
                notes = new String[n],
                userAgents = new String[n],
                mediaTypes = new String[n];
        Boolean[] important = new Boolean[n];
        for (int i = 0; i < n; i++) {
            PlainLink l = links.get(i);
            stamps[i] = l.stamp();
            types[i] = l.type();
            urls[i] = l.url();
            titles[i] = l.title();
            baseUrls[i] = l.baseUrl();
            imgUrls[i] = l.imgUrl();
            notes[i] = l.note();
            folders[i] = l.folder();
            userAgents[i] = l.userAgent();
            mediaTypes[i] = l.mediaType();
            important[i] = l.important();
        }
        return pool.preparedQuery(INSERT_MANY)
                .execute(Tuple.from(new Object[] {
                    stamps, types, urls, titles, baseUrls, imgUrls, notes, folders, userAgents, mediaTypes, important
                }))
                .map(rows -> {
                    List<Long> ids = new ArrayList<>(n);
                    for (Row row : rows) ids.add(row.getLong(0));
                    ids.sort(null);
                    return ids;
                });
    }
}
