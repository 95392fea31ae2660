package io.quintet.objectstore.events;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quintet.objectstore.ObjectStoreMain;
import io.quintet.protocol.db.DatabaseOutageLog;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Records log events (7.2) in the database, where they survive restarts. A repeat of a similar event
 * (same type, component, subject and message template) within the merge window adds to the earlier
 * row's count and last time instead of a new row, so a burst stays one readable entry.
 */
@Singleton
public class LogEvents {

    private static final Logger LOG = Logger.getLogger("io.quintet.objectstore.LogEvt");
    static final long MERGE_WINDOW_NS = 10 * 60 * 1_000_000_000L;

    private static final String MERGE =
            "UPDATE objectstore.log_events SET repeat_count = repeat_count + 1, last_ts_ns = $2 "
                    + "WHERE id = (SELECT id FROM objectstore.log_events WHERE merge_key = $1 AND last_ts_ns >= $3 "
                    + "ORDER BY last_ts_ns DESC LIMIT 1) RETURNING id";
    private static final String INSERT = "INSERT INTO objectstore.log_events (id, ts_ns, last_ts_ns, type, message, "
            + "component, peer_id, thread, subject, stack_trace, client_id, extra, server_version, merge_key) "
            + "VALUES ($1, $2, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)";

    private final Pool pool;
    private final DatabaseOutageLog outage;

    public LogEvents(Pool pool, DatabaseOutageLog outage) {
        this.outage = outage;
        this.pool = pool;
    }

    /** An event description; {@code template} groups similar messages for merging (defaults to the message). */
    public record Event(
            EventType type,
            String component,
            String message,
            String template,
            String subject,
            String peerId,
            String clientId,
            Throwable failure,
            Map<String, String> extra) {

        public static Event of(EventType type, String component, String message) {
            return new Event(type, component, message, message, null, null, null, null, Map.of());
        }

        public Event template(String template) {
            return new Event(type, component, message, template, subject, peerId, clientId, failure, extra);
        }

        public Event subject(String subject) {
            return new Event(type, component, message, template, subject, peerId, clientId, failure, extra);
        }

        public Event client(String clientId, String peerId) {
            return new Event(type, component, message, template, subject, peerId, clientId, failure, extra);
        }

        public Event failure(Throwable failure) {
            return new Event(type, component, message, template, subject, peerId, clientId, failure, extra);
        }

        public Event extra(Map<String, String> extra) {
            return new Event(type, component, message, template, subject, peerId, clientId, failure, extra);
        }
    }

    /** Records (or merges) an event; answers when it is stored. */
    public Uni<Void> record(Event e) {
        long now = nowNanos();
        String key = e.type() + "|" + e.component() + "|" + (e.subject() == null ? "" : e.subject()) + "|"
                + (e.template() == null ? e.message() : e.template());
        return pool.preparedQuery(MERGE)
                .execute(Tuple.of(key, now, now - MERGE_WINDOW_NS))
                .chain(rows -> {
                    if (rows.rowCount() > 0) return Uni.createFrom().voidItem();
                    ObjectNode extra = JsonNodeFactory.instance.objectNode();
                    e.extra().forEach(extra::put);
                    return pool.preparedQuery(INSERT)
                            .execute(Tuple.from(new Object[] {
                                UUID.randomUUID(),
                                now,
                                e.type().name(),
                                e.message(),
                                e.component(),
                                e.peerId(),
                                Thread.currentThread().getName(),
                                e.subject(),
                                stackTrace(e.failure()),
                                e.clientId(),
                                extra.toString(),
                                ObjectStoreMain.VERSION,
                                key
                            }))
                            .replaceWithVoid();
                });
    }

    /**
     * Records in the background; a failure to record is logged (during a database outage only by the
     * outage log's summary), never thrown at the caller.
     */
    public void emit(Event e) {
        record(e).subscribe().with(ok -> {}, f -> {
            if (!outage.failed(f)) LOG.warnf("log event not stored: %s", f.getMessage());
        });
    }

    private static String stackTrace(Throwable t) {
        if (t == null) return null;
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        return out.toString();
    }

    static long nowNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
