package io.quintet.protocol.db;

import io.vertx.core.Vertx;
import io.vertx.core.VertxException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import io.vertx.sqlclient.Pool;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * The log of a database outage as an operator wants it: one line when it starts, a summary at most
 * every {@link #SUMMARY_INTERVAL} while it lasts (requests failed, for how long), one line when it
 * ends; no stack trace per failed request. Services hand every failure that reached their edge to
 * {@link #failed} (which says whether it was an outage and is logged here). The end is found by
 * the log itself: while an outage lasts it asks the database {@code SELECT 1} every
 * {@link #PROBE_INTERVAL}, so requests that never touch the database cannot end it early.
 */
public final class DatabaseOutageLog {

    /** How often a lasting outage is summed up. */
    public static final Duration SUMMARY_INTERVAL = Duration.ofSeconds(30);

    /** How often the database is asked whether it is back, during an outage only. */
    public static final Duration PROBE_INTERVAL = Duration.ofSeconds(1);

    private final Logger log;
    private final String service;
    private final long summaryNanos;
    private volatile boolean down;
    private final AtomicLong failedRequests = new AtomicLong();
    private long since;
    private long lastSummary;

    private final Vertx vertx;
    private final Pool pool;
    private long probeTimer = -1;

    /** @param pool the service's pool, asked {@code SELECT 1} during an outage to find its end */
    public DatabaseOutageLog(String service, Vertx vertx, Pool pool) {
        this(service, vertx, pool, SUMMARY_INTERVAL);
    }

    public DatabaseOutageLog(String service, Vertx vertx, Pool pool, Duration summaryInterval) {
        this.service = service;
        this.vertx = vertx;
        this.pool = pool;
        this.log = Logger.getLogger(DatabaseOutageLog.class.getName() + "." + service);
        this.summaryNanos = summaryInterval.toNanos();
    }

    /**
     * Whether {@code failure} means the database cannot be reached (connection refused or closed,
     * server shutting down or starting, a connection-class SQLSTATE), anywhere in its causes.
     */
    public static boolean isOutage(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConnectException || t instanceof ClosedConnectionException) {
                return true;
            }
            if (t instanceof PgException pg && pg.getSqlState() != null) {
                String state = pg.getSqlState();
                // 08: connection exception; 57P01-57P03: admin shutdown, crash shutdown, cannot connect now
                if (state.startsWith("08") || state.startsWith("57P")) {
                    return true;
                }
                // 55000 with this text: the database is being dropped, or created from a template
                if (String.valueOf(pg.getMessage()).contains("not currently accepting connections")) {
                    return true;
                }
            }
            if (t instanceof IOException || t instanceof VertxException) {
                String message = String.valueOf(t.getMessage()).toLowerCase(java.util.Locale.ROOT);
                if (message.contains("connection refused")
                        || message.contains("connection reset")
                        || message.contains("connection was closed")
                        || message.contains("pool closed")) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Counts {@code failure} if it is an outage: the first one opens the outage with one line, later
     * ones add to the periodic summary. Returns false for any other failure, which the caller
     * logs as it would.
     */
    public boolean failed(Throwable failure) {
        if (!isOutage(failure)) {
            return false;
        }
        failedRequests.incrementAndGet();
        long now = System.nanoTime();
        synchronized (this) {
            if (!down) {
                down = true;
                since = now;
                lastSummary = now;
                log.warnf(
                        "%s: database unreachable (%s); requests fail until it is back (summary every %d s, no per-request log)",
                        service, describe(failure), summaryNanos / 1_000_000_000L);
                probeTimer = vertx.setPeriodic(PROBE_INTERVAL.toMillis(), id -> probe());
            } else {
                summarize(failure);
            }
        }
        return true;
    }

    private void probe() {
        pool.query("SELECT 1").execute().onSuccess(rows -> succeeded()).onFailure(failure -> summarize(failure));
    }

    /** The periodic summary also while no request comes in. */
    private synchronized void summarize(Throwable failure) {
        long now = System.nanoTime();
        if (down && now - lastSummary >= summaryNanos) {
            lastSummary = now;
            log.warnf(
                    "%s: database still unreachable after %d s; %d requests failed so far (%s)",
                    service, (now - since) / 1_000_000_000L, failedRequests.get(), describe(failure));
        }
    }

    /** Ends an outage, if there is one, with one line: the database answered. */
    public void succeeded() {
        if (!down) {
            return;
        }
        synchronized (this) {
            if (!down) {
                return;
            }
            down = false;
            vertx.cancelTimer(probeTimer);
            long seconds = (System.nanoTime() - since) / 1_000_000_000L;
            log.infof(
                    "%s: database reachable again after %d s; %d requests failed during the outage",
                    service, seconds, failedRequests.getAndSet(0));
        }
    }

    /** Whether an outage is going on (for health checks and tests). */
    public boolean down() {
        return down;
    }

    private static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
