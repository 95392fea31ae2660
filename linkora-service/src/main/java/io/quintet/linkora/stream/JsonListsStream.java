package io.quintet.linkora.stream;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.sqlclient.Cursor;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PreparedStatement;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Writes a JSON answer made of lists of rows as the rows arrive (GET_UPDATES, GET_TOMBSTONES, the
 * folder lists): a JSON object whose keys are the
 * lists (or one bare list), each row one JSON object PostgreSQL renders. All lists are read in one
 * read-only repeatable-read transaction (one snapshot, as the single statement it replaces), each
 * through a cursor about half a megabyte at a time, and the cursor waits while the client is slower than the
 * database: the memory of a full sync does not grow with the account (issue 17).
 *
 * <p>Nothing is written before the snapshot is open, so a database that is down still gets a
 * normal error answer; a failure after the first bytes can only cut the connection, which the
 * client sees as a failed sync rather than a truncated but valid answer.
 */
public final class JsonListsStream {

    private static final Logger LOG = Logger.getLogger(JsonListsStream.class);

    /** One list: its key in the answer (null for a bare list) and a statement whose rows are {@code (bytea json)}. */
    public record ListQuery(String key, String sql) {}

    private static final Buffer COMMA = Buffer.buffer(",");

    private JsonListsStream() {}

    /**
     * Streams the lists to {@code response} (already carrying its status and headers), every
     * statement bound to {@code params}. Completes when the answer is ended; fails before the first byte is written
     * if the database cannot be read (the caller answers), after that by closing the connection.
     */
    public static Future<Void> write(
            Pool pool,
            List<ListQuery> lists,
            boolean object,
            Tuple params,
            HttpServerResponse response,
            Future<Void> gone) {
        return pool.getConnection()
                .compose(connection -> connection
                        .begin()
                        .compose(tx -> connection
                                .query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                                .execute()
                                .compose(set -> {
                                    response.setChunked(true);
                                    response.write(object ? "{" : "");
                                    return writeLists(connection, lists, 0, object, params, response, gone);
                                })
                                .compose(done -> tx.commit())
                                .compose(committed -> response.end(object ? "}" : ""), failure -> {
                                    tx.rollback();
                                    if (response.headWritten()) {
                                        // a partial answer must not look complete
                                        LOG.warnf("answer cut after its first bytes: %s", failure.toString());
                                        response.reset();
                                    }
                                    return Future.failedFuture(failure);
                                }))
                        .onComplete(done -> connection.close()));
    }

    /** One bare list: {@code [row, ...]}. */
    public static Future<Void> writeList(
            Pool pool, String sql, Tuple params, HttpServerResponse response, Future<Void> gone) {
        return write(pool, List.of(new ListQuery(null, sql)), false, params, response, gone);
    }

    private static Future<Void> writeLists(
            SqlConnection connection,
            List<ListQuery> lists,
            int index,
            boolean object,
            Tuple params,
            HttpServerResponse response,
            Future<Void> gone) {
        if (index == lists.size()) {
            return Future.succeededFuture();
        }
        ListQuery list = lists.get(index);
        StringBuilder opening = new StringBuilder();
        if (index > 0) {
            opening.append(',');
        }
        if (object) {
            opening.append('"').append(list.key()).append("\":");
        }
        opening.append('[');
        response.write(opening.toString());
        return connection
                .prepare(list.sql())
                .compose(statement -> rows(statement, params, response, gone).onComplete(done -> statement.close()))
                .compose(done -> {
                    response.write("]");
                    return writeLists(connection, lists, index + 1, object, params, response, gone);
                });
    }

    /**
     * The rows of one statement through a cursor, each read sized from the rows seen so far so
     * that one read holds about {@link #READ_BYTES} (a link is a few hundred bytes, a note may be
     * megabytes); the next read waits until the client took what was written. {@code gone}
     * completes when the exchange is over: a client that went away stops the reading.
     */
    private static Future<Void> rows(
            PreparedStatement statement, Tuple params, HttpServerResponse response, Future<Void> gone) {
        Cursor cursor = statement.cursor(params);
        Promise<Void> done = Promise.promise();
        gone.onComplete(over -> done.tryFail(new IllegalStateException("client went away during the answer")));
        new Reader(cursor, response, done).next(FIRST_READ);
        return done.future().eventually(() -> cursor.close());
    }

    /** Rows of the first read of each list: nothing is known of their size yet. */
    static final int FIRST_READ = 1;

    /** About this many bytes of rows per read, at most {@link #MAX_READ} rows. */
    static final long READ_BYTES = 512 * 1024;

    static final int MAX_READ = 512;

    private static final class Reader {
        private final Cursor cursor;
        private final HttpServerResponse response;
        private final Promise<Void> done;
        private boolean first = true;
        private long rows;
        private long bytes;
        private long largest;

        Reader(Cursor cursor, HttpServerResponse response, Promise<Void> done) {
            this.cursor = cursor;
            this.response = response;
            this.done = done;
        }

        void next(int count) {
            cursor.read(count).onComplete(read -> {
                if (done.future().isComplete()) {
                    return;
                }
                if (read.failed()) {
                    done.tryFail(read.cause());
                    return;
                }
                // one write (one HTTP chunk) per read, not two per row
                Buffer batch = Buffer.buffer((int) Math.min(Integer.MAX_VALUE - 8, 2 * READ_BYTES));
                for (Row row : read.result()) {
                    Buffer json = row.getBuffer(0);
                    if (!first) {
                        batch.appendBuffer(COMMA);
                    }
                    first = false;
                    batch.appendBuffer(json);
                    rows++;
                    bytes += json.length();
                    largest = Math.max(largest, json.length());
                }
                if (batch.length() > 0) {
                    response.write(batch);
                }
                if (!cursor.hasMore()) {
                    done.tryComplete();
                    return;
                }
                // sized by the average row, but wary of the largest: a run of big rows after small
                // ones then costs at most a sixteenth of them per read
                long estimate = Math.max(1, Math.max(bytes / Math.max(1, rows), largest / 16));
                int following = (int) Math.max(1, Math.min(MAX_READ, READ_BYTES / estimate));
                if (response.writeQueueFull()) {
                    // one-shot: a handler left behind would start a second read at a later drain
                    response.drainHandler(drained -> {
                        response.drainHandler(null);
                        next(following);
                    });
                } else {
                    next(following);
                }
            });
        }
    }
}
