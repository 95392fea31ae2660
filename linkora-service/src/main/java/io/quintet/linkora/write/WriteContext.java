package io.quintet.linkora.write;

import io.vertx.mutiny.sqlclient.SqlClient;
import java.util.ArrayList;
import java.util.List;

/**
 * One mutation in progress: its transaction, the server second every touched row is stamped with
 * (spec 4.4), and the tombstones it produces (written in the same transaction when the work is
 * done) and its events (published after the commit), see {@link Writes}.
 */
public final class WriteContext {

    /** A tombstone or event before it is written. */
    record Record(String operation, Object payload) {}

    private final SqlClient connection;
    private final long stamp;
    private final boolean transactional;
    final List<Record> tombstones = new ArrayList<>();
    final List<Record> events = new ArrayList<>();

    WriteContext(SqlClient connection, long stamp, boolean transactional) {
        this.connection = connection;
        this.stamp = stamp;
        this.transactional = transactional;
    }

    /**
     * Where the mutation's statements run: its transaction's connection, or for a one-statement
     * mutation the pool (any connection: the statement commits by itself).
     */
    public SqlClient connection() {
        return connection;
    }

    /** Whether the mutation runs in a transaction of its own ({@link Writes#run}), not as one statement. */
    public boolean inTransaction() {
        return transactional;
    }

    /** The server second of this mutation: stored as last_modified and answered as eventTimestamp. */
    public long stamp() {
        return stamp;
    }

    /** Records a tombstone {@code {deletedAt: stamp, operation, payload}} (spec 8.3). */
    public void tombstone(String operation, Object payload) {
        if (!transactional) {
            // a single-statement mutation has committed already: its tombstone could not join it
            throw new IllegalStateException("tombstone " + operation + " outside a transaction: use Writes.run");
        }
        tombstones.add(new Record(operation, payload));
    }

    /**
     * Broadcasts {@code {operation, payload}} to every socket on every replica once the transaction
     * committed (spec 9.4); a rolled-back mutation sends nothing. Only operation names of spec 9.6.
     */
    public void event(String operation, Object payload) {
        events.add(new Record(operation, payload));
    }
}
