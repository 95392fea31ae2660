package io.quintet.linkora;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quintet.linkora.event.EventStream;
import io.quintet.protocol.oplog.OperationLog;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What mutations broadcast, read where they put it: the shared operation log, stream
 * {@code events}, in sequence order. Take a {@link #mark()} before the request, then read the
 * events appended after it. (Delivery over the /events socket is tested with the socket itself.)
 */
@ApplicationScoped
public class EventLogProbe {

    /** One event frame {@code {operation, payload}} (spec 9.4). */
    public record Event(String operation, JsonNode payload) {}

    private static final String HEAD =
            "SELECT COALESCE((SELECT head FROM linkora.oplog_head WHERE stream = 'events'), 0)";
    private static final String SINCE =
            "SELECT payload::text FROM linkora.oplog WHERE stream = 'events' AND seq > $1 ORDER BY seq";

    private final Pool pool;
    private final OperationLog log;
    private final ObjectMapper mapper = new ObjectMapper();

    public EventLogProbe(Pool pool, OperationLog log) {
        this.pool = pool;
        this.log = log;
    }

    /**
     * Events are appended after their mutation committed, queued before its answer is written:
     * once the publisher is idle, everything answered so far is in the log.
     */
    private void settle() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!log.publishedAll(EventStream.NAME)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("events still being published after 10 s");
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** The sequence of the newest event so far. */
    public long mark() {
        settle();
        return pool.query(HEAD)
                .execute()
                .await()
                .indefinitely()
                .iterator()
                .next()
                .getLong(0);
    }

    /** Every event appended after {@code mark}, in order. */
    public List<Event> since(long mark) {
        settle();
        List<Event> events = new ArrayList<>();
        for (Row row : pool.preparedQuery(SINCE).execute(Tuple.of(mark)).await().indefinitely()) {
            try {
                JsonNode frame = mapper.readTree(row.getString(0));
                events.add(new Event(frame.get("operation").asText(), frame.get("payload")));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return events;
    }

    /** The only event after {@code mark}; fails if there is not exactly one. */
    public Event single(long mark) {
        List<Event> events = since(mark);
        if (events.size() != 1) {
            throw new AssertionError("expected exactly one event, got " + events);
        }
        return events.get(0);
    }

    /** Rows in a table of schema linkora (tests check that refused requests store nothing). */
    public long count(String table) {
        return pool.query("SELECT count(*) FROM linkora." + table)
                .execute()
                .await()
                .indefinitely()
                .iterator()
                .next()
                .getLong(0);
    }

    /** A statement of the test's own (seeding data). */
    public void execute(String sql, Tuple args) {
        pool.preparedQuery(sql).execute(args).await().indefinitely();
    }
}
