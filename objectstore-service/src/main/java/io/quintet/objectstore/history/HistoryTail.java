package io.quintet.objectstore.history;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quintet.objectstore.monitoring.SyncMetrics;
import io.quintet.objectstore.wire.WireCodec;
import io.quintet.protocol.feed.ChangeFeed;
import io.quintet.protocol.oplog.LogEntry;
import io.quintet.protocol.oplog.OperationLog;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongConsumer;
import org.jboss.logging.Logger;

/**
 * The TX history (stream {@code tx} of the shared operation log; hseq = its sequence) as every
 * replica sees it: the change feed delivers each committed entry once, in order, whichever replica
 * wrote it; the newest entries stay parsed in memory for live pushes, older ones are read from the
 * database for catch-up. What this replica commits itself is taken at once ({@link #committed}).
 */
@Singleton
public class HistoryTail {

    private static final Logger LOG = Logger.getLogger("io.quintet.objectstore.SvSync");
    public static final String STREAM = "tx";
    private static final int KEPT = 8192;

    private final OperationLog log;
    private final ChangeFeed feed;
    private final ArrayDeque<HistoryEntry> recent = new ArrayDeque<>();
    private final List<LongConsumer> listeners = new CopyOnWriteArrayList<>();
    /** Serializes appends from the feed and from this replica's own commits, so each hseq arrives once, in order. */
    private final Object order = new Object();

    private volatile long head;
    private ChangeFeed.Following following;

    private final SyncMetrics metrics;

    public HistoryTail(OperationLog log, ChangeFeed feed, SyncMetrics metrics) {
        this.log = log;
        this.feed = feed;
        this.metrics = metrics;
        metrics.gauge("tx_history_sequence", () -> head);
        metrics.gauge("cache_size", "history", () -> {
            synchronized (recent) {
                return recent.size();
            }
        });
    }

    public Uni<Void> start() {
        following = feed.followFromHead(STREAM, this::arrived);
        return following.started().invoke(h -> head = Math.max(head, h)).replaceWithVoid();
    }

    @PreDestroy
    void stop() {
        if (following != null) following.cancel();
    }

    private void arrived(LogEntry entry) {
        HistoryEntry parsed = parse(entry);
        synchronized (order) {
            // already here when this replica committed it itself
            if (parsed.hseq() <= head) return;
            append(List.of(parsed));
        }
    }

    /**
     * Entries this replica has just committed, in hseq order: they reach its clients at once
     * instead of after the change feed's announcement and read (two round trips to the database,
     * each waiting its turn on a busy machine). Only when they directly follow the head: if
     * another replica committed in between and its entries are not here yet, the feed brings
     * everything in order as usual. The feed's own copies are then passed over.
     */
    public void committed(List<HistoryEntry> entries) {
        if (entries.isEmpty()) return;
        synchronized (order) {
            if (entries.get(0).hseq() != head + 1) return;
            // the whole group at once: each client gets it in one push
            append(entries);
        }
    }

    /** Caller holds {@link #order}. */
    private void append(List<HistoryEntry> entries) {
        synchronized (recent) {
            for (HistoryEntry entry : entries) {
                recent.addLast(entry);
                if (recent.size() > KEPT) recent.removeFirst();
            }
        }
        long last = entries.get(entries.size() - 1).hseq();
        head = last;
        for (LongConsumer listener : listeners) {
            try {
                listener.accept(last);
            } catch (RuntimeException e) {
                LOG.debugf("history listener failed: %s", e.getMessage());
            }
        }
    }

    static HistoryEntry parse(LogEntry entry) {
        try {
            return new HistoryEntry(
                    entry.sequence(),
                    (ObjectNode) WireCodec.JSON.readTree(entry.payloadJson()),
                    entry.payloadJson().length());
        } catch (IOException e) {
            throw new IllegalStateException("unreadable history entry " + entry.sequence(), e);
        }
    }

    /** The newest hseq this replica has seen committed. */
    public long head() {
        return head;
    }

    public void listen(LongConsumer listener) {
        listeners.add(listener);
    }

    public void unlisten(LongConsumer listener) {
        listeners.remove(listener);
    }

    /** Entries after {@code after}, at most {@code limit} of them and about {@code maxBytes}, never past {@link #head()}. */
    public Uni<List<HistoryEntry>> read(long after, int limit, long maxBytes) {
        long until = head;
        if (after >= until) return Uni.createFrom().item(List.of());
        synchronized (recent) {
            if (!recent.isEmpty() && recent.peekFirst().hseq() <= after + 1) {
                List<HistoryEntry> out = new ArrayList<>();
                long bytes = 0;
                for (HistoryEntry e : recent) {
                    if (e.hseq() <= after) continue;
                    if (e.hseq() > until || out.size() >= limit || (bytes > maxBytes && !out.isEmpty())) break;
                    out.add(e);
                    bytes += e.size();
                }
                metrics.increment("cache", "from", "memory");
                return Uni.createFrom().item(out);
            }
        }
        metrics.increment("cache", "from", "database");
        return log.read(STREAM, after, limit).map(entries -> {
            List<HistoryEntry> out = new ArrayList<>();
            long bytes = 0;
            for (LogEntry e : entries) {
                if (e.sequence() > until || (bytes > maxBytes && !out.isEmpty())) break;
                HistoryEntry parsed = parse(e);
                out.add(parsed);
                bytes += parsed.size();
            }
            return out;
        });
    }
}
