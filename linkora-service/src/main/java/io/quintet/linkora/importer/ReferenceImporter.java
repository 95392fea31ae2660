package io.quintet.linkora.importer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quintet.linkora.model.LinkType;
import io.quintet.linkora.model.MediaType;
import io.quintet.protocol.db.IsolatedMigrations;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Copies a reference server's database (tables of spec 5.3: {@code folders_table},
 * {@code links_table}, {@code panels}, {@code panel_folders}, {@code tags}, {@code link_tags} with
 * its camel-case {@code linkId}/{@code tagId}, {@code tombstone}) into {@code linkora.*} in one
 * transaction, keeping ids and {@code last_modified} stamps, so that apps which synced with the
 * reference keep their server ids and last-synced marks. The identity sequences are then moved
 * past the largest imported id (never back: ids are not reused, spec 5.5).
 * Blocking (JDBC on both sides): run it on a worker thread.
 */
@ApplicationScoped
public class ReferenceImporter {

    private static final Logger LOG = Logger.getLogger(ReferenceImporter.class);
    private static final int BATCH = 500;
    private static final List<String> TARGET_TABLES =
            List.of("link_tags", "links", "tags", "panel_folders", "panels", "folders", "tombstones");
    /** Operation names the apps can parse (spec 9.6); other tombstones would abort an app's batch (Q1). */
    private static final Set<String> APP_OPERATIONS = Set.of(
            "CREATE_FOLDER",
            "DELETE_FOLDER",
            "UPDATE_FOLDER",
            "MARK_FOLDER_AS_ARCHIVE",
            "MARK_AS_REGULAR_FOLDER",
            "CHANGE_PARENT_FOLDER",
            "UPDATE_FOLDER_NAME",
            "UPDATE_FOLDER_NOTE",
            "DELETE_FOLDER_NOTE",
            "MARK_FOLDERS_AS_ROOT",
            "ADD_A_NEW_PANEL",
            "ADD_A_NEW_FOLDER_IN_A_PANEL",
            "DELETE_A_PANEL",
            "UPDATE_A_PANEL_NAME",
            "DELETE_A_FOLDER_FROM_ALL_PANELS",
            "DELETE_A_FOLDER_FROM_A_PANEL",
            "UPDATE_LINK_TITLE",
            "UPDATE_LINK_NOTE",
            "CREATE_A_NEW_LINK",
            "DELETE_A_LINK",
            "UPDATE_LINKED_FOLDER_ID",
            "UPDATE_USER_AGENT",
            "GET_LINKS_FROM_A_FOLDER",
            "GET_LINKS",
            "ARCHIVE_LINK",
            "UNARCHIVE_LINK",
            "MARK_AS_IMP",
            "UNMARK_AS_IMP",
            "UPDATE_LINK",
            "DELETE_DUPLICATE_LINKS",
            "TEST_BEARER",
            "GET_UPDATES",
            "GET_TOMBSTONES",
            "DELETE_EVERYTHING",
            "ARCHIVE_MULTIPLE_ITEMS",
            "DELETE_MULTIPLE_ITEMS",
            "MOVE_EXISTING_ITEMS",
            "COPY_EXISTING_ITEMS",
            "UNARCHIVE_MULTIPLE_ITEMS",
            "CREATE_TAG",
            "DELETE_TAG",
            "RENAME_TAG",
            "FORCE_SET_DEFAULT_FOLDER_TO_INTERNAL_IDS");

    private static final Set<String> LINK_TYPES =
            Arrays.stream(LinkType.values()).map(Enum::name).collect(Collectors.toSet());
    private static final Set<String> MEDIA_TYPES =
            Arrays.stream(MediaType.values()).map(Enum::name).collect(Collectors.toSet());

    /** The service's own database, reached over JDBC like the source (an import is a rare, blocking job). */
    private final SourceDatabase target;

    private final String targetUser;
    private final String targetPassword;
    private final ObjectMapper mapper;

    public ReferenceImporter(
            @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") Optional<String> user,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password,
            ObjectMapper mapper) {
        this.target = SourceDatabase.of(IsolatedMigrations.jdbcUrl(url));
        this.targetUser = user.orElse(null);
        this.targetPassword = password.orElse(null);
        this.mapper = mapper;
    }

    /**
     * Imports {@code source}. Refused ({@link ImportRefused}) when the service already holds rows,
     * unless {@code replace}, which first empties every Linkora table (ids keep counting).
     */
    public ImportReport importFrom(SourceDatabase source, String user, String password, boolean replace, String label) {
        try (Connection from = openSource(source, user, password);
                Connection to = target.open(targetUser, targetPassword)) {
            to.setAutoCommit(false);
            try {
                ImportReport report = copy(from, to, replace, label);
                to.commit();
                LOG.infof(
                        "imported %s: %d folders, %d links, %d panels, %d panel folders, %d tags, %d link tags, %d tombstones",
                        label,
                        report.folders(),
                        report.links(),
                        report.panels(),
                        report.panelFolders(),
                        report.tags(),
                        report.linkTags(),
                        report.tombstones());
                return report;
            } catch (SQLException | RuntimeException e) {
                to.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("import failed: " + e.getMessage(), e);
        }
    }

    private static Connection openSource(SourceDatabase source, String user, String password) {
        try {
            Connection connection = source.open(user, password);
            connection.setReadOnly(true);
            return connection;
        } catch (SQLException e) {
            throw new SourceUnreadable("cannot open the source database: " + e.getMessage(), e);
        }
    }

    private ImportReport copy(Connection from, Connection to, boolean replace, String label) throws SQLException {
        try (Statement s = to.createStatement()) {
            // no client write may interleave with the copy; readers are not blocked
            s.execute("LOCK TABLE "
                    + TARGET_TABLES.stream().map(t -> "linkora." + t).collect(Collectors.joining(", "))
                    + " IN EXCLUSIVE MODE");
            if (replace) {
                for (String table : TARGET_TABLES) {
                    s.executeUpdate("DELETE FROM linkora." + table);
                }
            } else {
                for (String table : TARGET_TABLES) {
                    try (ResultSet rs = s.executeQuery("SELECT EXISTS (SELECT 1 FROM linkora." + table + ")")) {
                        rs.next();
                        if (rs.getBoolean(1)) {
                            throw new ImportRefused("The service already holds Linkora data (" + table
                                    + " is not empty); " + "import with replace to delete it first.");
                        }
                    }
                }
            }
        }
        List<String> skipped = new ArrayList<>();
        int folders = copyTable(
                from,
                to,
                "folders_table",
                skipped,
                "INSERT INTO linkora.folders (id, last_modified, folder_name, note, parent_folder_id, is_folder_archived) VALUES (?, ?, ?, ?, ?, ?)",
                (row, insert) -> {
                    insert.setLong(1, row.requiredLong("id"));
                    insert.setLong(2, row.longOr("last_modified", 0));
                    insert.setString(3, row.textOr("folder_name", ""));
                    insert.setString(4, row.textOr("note", ""));
                    setNullableLong(insert, 5, row.nullableLong("parent_folder_id"));
                    insert.setBoolean(6, row.bool("is_folder_archived"));
                    return true;
                });
        int links = copyTable(
                from,
                to,
                "links_table",
                skipped,
                "INSERT INTO linkora.links (id, last_modified, link_type, link_title, url, base_url, img_url, note, id_of_linked_folder, "
                        + "user_agent, media_type, marked_as_important) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (row, insert) -> {
                    long id = row.requiredLong("id");
                    String type = row.textOr("link_type", "");
                    String media = row.textOr("media_type", "IMAGE");
                    if (!LINK_TYPES.contains(type) || !MEDIA_TYPES.contains(media)) {
                        skipped.add("links_table id " + id + ": unknown link or media type");
                        return false;
                    }
                    insert.setLong(1, id);
                    insert.setLong(2, row.longOr("last_modified", 0));
                    insert.setString(3, type);
                    insert.setString(4, row.textOr("link_title", ""));
                    insert.setString(5, row.textOr("url", ""));
                    insert.setString(6, row.textOr("base_url", ""));
                    insert.setString(7, row.textOr("img_url", ""));
                    insert.setString(8, row.textOr("note", ""));
                    setNullableLong(insert, 9, row.nullableLong("id_of_linked_folder"));
                    insert.setString(10, row.nullableText("user_agent"));
                    insert.setString(11, media);
                    insert.setBoolean(12, row.bool("marked_as_important"));
                    return true;
                });
        int panels = copyTable(
                from,
                to,
                "panels",
                skipped,
                "INSERT INTO linkora.panels (id, last_modified, panel_name) VALUES (?, ?, ?)",
                (row, insert) -> {
                    insert.setLong(1, row.requiredLong("id"));
                    insert.setLong(2, row.longOr("last_modified", 0));
                    insert.setString(3, row.textOr("panel_name", ""));
                    return true;
                });
        int panelFolders = copyTable(
                from,
                to,
                "panel_folders",
                skipped,
                "INSERT INTO linkora.panel_folders (id, last_modified, folder_id, folder_name, panel_position, connected_panel_id) "
                        + "VALUES (?, ?, ?, ?, ?, ?)",
                (row, insert) -> {
                    insert.setLong(1, row.requiredLong("id"));
                    insert.setLong(2, row.longOr("last_modified", 0));
                    insert.setLong(3, row.longOr("folder_id", 0));
                    insert.setString(4, row.textOr("folder_name", ""));
                    insert.setLong(5, row.longOr("panel_position", 0));
                    insert.setLong(6, row.longOr("connected_panel_id", 0));
                    return true;
                });
        int tags = copyTable(
                from,
                to,
                "tags",
                skipped,
                "INSERT INTO linkora.tags (id, last_modified, name) VALUES (?, ?, ?)",
                (row, insert) -> {
                    insert.setLong(1, row.requiredLong("id"));
                    insert.setLong(2, row.longOr("last_modified", 0));
                    insert.setString(3, row.textOr("name", ""));
                    return true;
                });
        // pairs whose link or tag is gone (SQLite without foreign_keys=on) are dropped, as a cascade would have
        int linkTags = copyTable(
                from,
                to,
                "link_tags",
                skipped,
                "INSERT INTO linkora.link_tags (link_id, tag_id, last_modified) SELECT ?, ?, ? "
                        + "WHERE EXISTS (SELECT 1 FROM linkora.links WHERE id = ?) AND EXISTS (SELECT 1 FROM linkora.tags WHERE id = ?) "
                        + "ON CONFLICT DO NOTHING",
                (row, insert) -> {
                    long link = row.requiredLong("linkId");
                    long tag = row.requiredLong("tagId");
                    insert.setLong(1, link);
                    insert.setLong(2, tag);
                    insert.setLong(3, row.longOr("last_modified", 0));
                    insert.setLong(4, link);
                    insert.setLong(5, tag);
                    return true;
                });
        int tombstones = copyTable(
                from,
                to,
                "tombstone",
                skipped,
                "INSERT INTO linkora.tombstones (id, deleted_at, operation, payload) VALUES (?, ?, ?, ?::jsonb)",
                (row, insert) -> {
                    long id = row.requiredLong("id");
                    String operation = row.textOr("operation", "");
                    if (!APP_OPERATIONS.contains(operation)) {
                        skipped.add(
                                "tombstone id " + id + ": operation " + operation + " is not one the apps understand");
                        return false;
                    }
                    JsonNode payload = parseObject(row.nullableText("payload"));
                    if (payload == null) {
                        skipped.add("tombstone id " + id + ": payload is not a JSON object");
                        return false;
                    }
                    insert.setLong(1, id);
                    insert.setLong(2, row.longOr("deleted_at", 0));
                    insert.setString(3, operation);
                    insert.setString(4, payload.toString());
                    return true;
                });
        if (skipped.stream().anyMatch(s -> s.startsWith("folders_table: not read"))
                && skipped.stream().anyMatch(s -> s.startsWith("links_table: not read"))) {
            throw new SourceUnreadable(
                    "not a Linkora server database: it has neither folders_table nor links_table", null);
        }
        for (String table : List.of("folders", "links", "panels", "panel_folders", "tags", "tombstones")) {
            advanceSequence(to, table);
        }
        return new ImportReport(
                label, folders, links, panels, panelFolders, tags, linkTags, tombstones, List.copyOf(skipped));
    }

    @FunctionalInterface
    private interface RowCopy {
        /** Fills the insert from the row; false leaves the row out. */
        boolean bind(SourceRow row, PreparedStatement insert) throws SQLException;
    }

    /** Streams one source table into batched inserts; answers the number of rows written. */
    private static int copyTable(
            Connection from, Connection to, String table, List<String> skipped, String insertSql, RowCopy copy)
            throws SQLException {
        Statement select = from.createStatement();
        ResultSet rows;
        try {
            rows = select.executeQuery("SELECT * FROM " + table);
        } catch (SQLException missing) {
            select.close();
            skipped.add(table + ": not read (" + missing.getMessage() + ")");
            return 0;
        }
        int written = 0;
        try (select;
                rows;
                PreparedStatement insert = to.prepareStatement(insertSql)) {
            SourceRow row = new SourceRow(rows);
            int pending = 0;
            while (rows.next()) {
                if (copy.bind(row, insert)) {
                    insert.addBatch();
                    pending++;
                }
                if (pending == BATCH) {
                    written += sum(insert.executeBatch());
                    pending = 0;
                }
            }
            if (pending > 0) {
                written += sum(insert.executeBatch());
            }
        }
        return written;
    }

    private static int sum(int[] counts) {
        int total = 0;
        for (int c : counts) {
            total += c == Statement.SUCCESS_NO_INFO ? 1 : Math.max(c, 0);
        }
        return total;
    }

    /** Moves the table's identity sequence past its largest id; never lowers it. */
    private static void advanceSequence(Connection to, String table) throws SQLException {
        String sequence;
        try (PreparedStatement s = to.prepareStatement("SELECT pg_get_serial_sequence(?, 'id')")) {
            s.setString(1, "linkora." + table);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                sequence = rs.getString(1);
            }
        }
        long last;
        try (Statement s = to.createStatement();
                ResultSet rs =
                        s.executeQuery("SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM " + sequence)) {
            rs.next();
            last = rs.getLong(1);
        }
        long max;
        try (Statement s = to.createStatement();
                ResultSet rs = s.executeQuery("SELECT COALESCE(max(id), 0) FROM linkora." + table)) {
            rs.next();
            max = rs.getLong(1);
        }
        if (max > last) {
            try (PreparedStatement s = to.prepareStatement("SELECT setval(?::regclass, ?, true)")) {
                s.setString(1, sequence);
                s.setLong(2, max);
                s.execute();
            }
        }
    }

    private JsonNode parseObject(String text) {
        if (text == null) {
            return null;
        }
        try {
            JsonNode node = mapper.readTree(text);
            return node != null && node.isObject() ? node : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static void setNullableLong(PreparedStatement insert, int index, Long value) throws SQLException {
        if (value == null) {
            insert.setNull(index, Types.BIGINT);
        } else {
            insert.setLong(index, value);
        }
    }

    /**
     * Column access by name, case-insensitive: PostgreSQL folds unquoted {@code linkId} to
     * {@code linkid}, SQLite and MySQL keep it; booleans arrive as 0/1 from SQLite and MySQL.
     */
    static final class SourceRow {
        private final ResultSet rows;
        private final Map<String, Integer> columns = new HashMap<>();

        SourceRow(ResultSet rows) throws SQLException {
            this.rows = rows;
            ResultSetMetaData meta = rows.getMetaData();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                columns.putIfAbsent(meta.getColumnLabel(i).toLowerCase(Locale.ROOT), i);
            }
        }

        private Integer index(String name) {
            return columns.get(name.toLowerCase(Locale.ROOT));
        }

        long requiredLong(String name) throws SQLException {
            Long value = nullableLong(name);
            if (value == null) {
                throw new SQLException("column " + name + " is missing or null in the source");
            }
            return value;
        }

        Long nullableLong(String name) throws SQLException {
            Integer index = index(name);
            if (index == null) {
                return null;
            }
            long value = rows.getLong(index);
            return rows.wasNull() ? null : value;
        }

        long longOr(String name, long absent) throws SQLException {
            Long value = nullableLong(name);
            return value == null ? absent : value;
        }

        String nullableText(String name) throws SQLException {
            Integer index = index(name);
            return index == null ? null : rows.getString(index);
        }

        String textOr(String name, String absent) throws SQLException {
            String value = nullableText(name);
            return value == null ? absent : value;
        }

        boolean bool(String name) throws SQLException {
            Integer index = index(name);
            if (index == null) {
                return false;
            }
            Object value = rows.getObject(index);
            if (value == null) {
                return false;
            }
            if (value instanceof Boolean b) {
                return b;
            }
            if (value instanceof Number n) {
                return n.longValue() != 0;
            }
            String text = value.toString().trim();
            return text.equalsIgnoreCase("true") || text.equals("1") || text.equalsIgnoreCase("t");
        }
    }
}
