package io.quintet.objectstore.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quintet.objectstore.wire.WireCodec;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The client's local database (H2, kept in a file): objects by type and local ID (properties by
 * name, relations as local IDs), the GID ↔ local-ID map per type, many-to-many pairs, the outgoing
 * queue of TXs and the sync position. Every change and its queue entry commit together (3.2).
 */
final class LocalStore implements AutoCloseable {

    private final Connection db;

    LocalStore(Path file) {
        try {
            db = DriverManager.getConnection(
                    "jdbc:h2:file:" + file.toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE", "sa", "");
            try (Statement s = db.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS meta (k VARCHAR PRIMARY KEY, v VARCHAR)");
                s.execute(
                        "CREATE TABLE IF NOT EXISTS objects (type_uid BIGINT, local_id BIGINT, props CLOB, PRIMARY KEY (type_uid, local_id))");
                s.execute(
                        "CREATE TABLE IF NOT EXISTS idmap (type_uid BIGINT, local_id BIGINT, gid VARCHAR, PRIMARY KEY (type_uid, local_id))");
                s.execute("CREATE UNIQUE INDEX IF NOT EXISTS idmap_gid ON idmap (type_uid, gid)");
                s.execute(
                        "CREATE TABLE IF NOT EXISTS links (rel_uid BIGINT, src BIGINT, dst BIGINT, PRIMARY KEY (rel_uid, src, dst))");
                s.execute("CREATE TABLE IF NOT EXISTS pending (cseq BIGINT PRIMARY KEY, body CLOB)");
            }
            db.setAutoCommit(false);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open local store " + file + ": " + e.getMessage(), e);
        }
    }

    interface Work<T> {
        T run() throws SQLException;
    }

    /** Runs {@code work} in one local transaction. */
    synchronized <T> T inTransaction(Work<T> work) {
        try {
            T result = work.run();
            db.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            try {
                db.rollback();
            } catch (SQLException ignored) {
                // the original failure matters
            }
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e.getMessage(), e);
        }
    }

    Optional<String> meta(String key) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("SELECT v FROM meta WHERE k = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
            }
        }
    }

    void meta(String key, String value) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("MERGE INTO meta (k, v) KEY (k) VALUES (?, ?)")) {
            ps.setString(1, key);
            ps.setString(2, value);
            ps.executeUpdate();
        }
    }

    long nextLocalId(long type) throws SQLException {
        try (PreparedStatement ps =
                db.prepareStatement("SELECT coalesce(max(local_id), 0) + 1 FROM idmap WHERE type_uid = ?")) {
            ps.setLong(1, type);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    Optional<String> gidOf(long type, long local) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("SELECT gid FROM idmap WHERE type_uid = ? AND local_id = ?")) {
            ps.setLong(1, type);
            ps.setLong(2, local);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    Optional<Long> localOf(long type, String gid) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("SELECT local_id FROM idmap WHERE type_uid = ? AND gid = ?")) {
            ps.setLong(1, type);
            ps.setString(2, gid);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        }
    }

    void map(long type, long local, String gid) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement(
                "MERGE INTO idmap (type_uid, local_id, gid) KEY (type_uid, local_id) VALUES (?, ?, ?)")) {
            ps.setLong(1, type);
            ps.setLong(2, local);
            ps.setString(3, gid);
            ps.executeUpdate();
        }
    }

    void putObject(long type, long local, ObjectNode props) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement(
                "MERGE INTO objects (type_uid, local_id, props) KEY (type_uid, local_id) VALUES (?, ?, ?)")) {
            ps.setLong(1, type);
            ps.setLong(2, local);
            ps.setString(3, props.toString());
            ps.executeUpdate();
        }
    }

    Optional<ObjectNode> object(long type, long local) throws SQLException {
        try (PreparedStatement ps =
                db.prepareStatement("SELECT props FROM objects WHERE type_uid = ? AND local_id = ?")) {
            ps.setLong(1, type);
            ps.setLong(2, local);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(parse(rs.getString(1))) : Optional.empty();
            }
        }
    }

    List<Long> ids(long type) throws SQLException {
        List<Long> out = new ArrayList<>();
        try (PreparedStatement ps =
                db.prepareStatement("SELECT local_id FROM objects WHERE type_uid = ? ORDER BY local_id")) {
            ps.setLong(1, type);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(rs.getLong(1));
            }
        }
        return out;
    }

    boolean removeObject(long type, long local) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("DELETE FROM objects WHERE type_uid = ? AND local_id = ?")) {
            ps.setLong(1, type);
            ps.setLong(2, local);
            return ps.executeUpdate() > 0;
        }
    }

    void removeLinksOf(List<Long> ownedRelations, List<Long> targetingRelations, long local) throws SQLException {
        for (long rel : ownedRelations)
            link(rel, local, null, false, "DELETE FROM links WHERE rel_uid = ? AND src = ?");
        for (long rel : targetingRelations)
            link(rel, local, null, false, "DELETE FROM links WHERE rel_uid = ? AND dst = ?");
    }

    void link(long rel, long src, long dst, boolean add) throws SQLException {
        link(
                rel,
                src,
                dst,
                add,
                add
                        ? "MERGE INTO links (rel_uid, src, dst) KEY (rel_uid, src, dst) VALUES (?, ?, ?)"
                        : "DELETE FROM links WHERE rel_uid = ? AND src = ? AND dst = ?");
    }

    private void link(long rel, long src, Long dst, boolean add, String sql) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement(sql)) {
            ps.setLong(1, rel);
            ps.setLong(2, src);
            if (dst != null) ps.setLong(3, dst);
            ps.executeUpdate();
        }
    }

    List<Long> targets(long rel, long src) throws SQLException {
        List<Long> out = new ArrayList<>();
        try (PreparedStatement ps =
                db.prepareStatement("SELECT dst FROM links WHERE rel_uid = ? AND src = ? ORDER BY dst")) {
            ps.setLong(1, rel);
            ps.setLong(2, src);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(rs.getLong(1));
            }
        }
        return out;
    }

    /** Empties the sync types' data before a snapshot is installed; the ID map stays, so local IDs stay stable. */
    void clearData(List<Long> types, List<Long> relations) throws SQLException {
        for (long t : types) {
            try (PreparedStatement ps = db.prepareStatement("DELETE FROM objects WHERE type_uid = ?")) {
                ps.setLong(1, t);
                ps.executeUpdate();
            }
        }
        for (long r : relations) {
            try (PreparedStatement ps = db.prepareStatement("DELETE FROM links WHERE rel_uid = ?")) {
                ps.setLong(1, r);
                ps.executeUpdate();
            }
        }
    }

    void enqueue(long cseq, ObjectNode tx) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("INSERT INTO pending (cseq, body) VALUES (?, ?)")) {
            ps.setLong(1, cseq);
            ps.setString(2, tx.toString());
            ps.executeUpdate();
        }
    }

    /** Queue entries in cseq order. */
    synchronized Map<Long, ObjectNode> pending() {
        Map<Long, ObjectNode> out = new LinkedHashMap<>();
        try (Statement s = db.createStatement();
                ResultSet rs = s.executeQuery("SELECT cseq, body FROM pending ORDER BY cseq")) {
            while (rs.next()) out.put(rs.getLong(1), parse(rs.getString(2)));
            db.commit();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    void dropPendingUpTo(long cseq) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("DELETE FROM pending WHERE cseq <= ?")) {
            ps.setLong(1, cseq);
            ps.executeUpdate();
        }
    }

    private static ObjectNode parse(String json) {
        try {
            JsonNode node = WireCodec.JSON.readTree(json);
            return (ObjectNode) node;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            db.close();
        } catch (SQLException ignored) {
            // closing
        }
    }
}
