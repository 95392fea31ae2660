package io.quintet.protocol.db;

import io.quarkus.logging.LoggingFilter;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Filter;
import java.util.logging.LogRecord;
import org.jboss.logging.Logger;

/**
 * Drops the Vert.x connection pool's {@code IllegalStateException: Result is already complete}
 * traces, which it logs many times a second while the database refuses connections (a failed
 * connection attempt completed twice inside the pool; nothing of ours is affected), and sums them
 * up in one line at most every {@link DatabaseOutageLog#SUMMARY_INTERVAL}. A service turns it on
 * with {@code quarkus.log.console.filter=quintet-pool-noise} (and the same for other handlers).
 */
@LoggingFilter(name = "quintet-pool-noise")
public final class PoolNoiseFilter implements Filter {

    private static final Logger LOG = Logger.getLogger(PoolNoiseFilter.class);
    private static final AtomicLong DROPPED = new AtomicLong();
    private static final AtomicLong LAST_SUMMARY = new AtomicLong(System.nanoTime());

    @Override
    public boolean isLoggable(LogRecord record) {
        if (!isPoolNoise(record.getThrown())) {
            return true;
        }
        long dropped = DROPPED.incrementAndGet();
        long now = System.nanoTime();
        long last = LAST_SUMMARY.get();
        if (now - last >= DatabaseOutageLog.SUMMARY_INTERVAL.toNanos() && LAST_SUMMARY.compareAndSet(last, now)) {
            DROPPED.addAndGet(-dropped);
            LOG.warnf(
                    "dropped %d 'Result is already complete' traces of the connection pool (database unreachable)",
                    dropped);
        }
        return false;
    }

    static boolean isPoolNoise(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof IllegalStateException && "Result is already complete".equals(t.getMessage())) {
                return true;
            }
        }
        return false;
    }
}
