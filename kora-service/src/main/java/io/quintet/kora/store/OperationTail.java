package io.quintet.kora.store;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The newest rows this replica committed, by delivery sequence, so live pushes to many sessions
 * do not each query the log. It serves a range only when it holds it without a gap: rows of other
 * replicas are never here, so a gap (or an announcement of rows above its top) sends the read to
 * the table.
 */
@ApplicationScoped
public class OperationTail {

    /**
     * By delivery sequence modulo the length (guarded by itself). Small on purpose: a row that stays
     * here across young collections is promoted and dies in the old generation; at 2 048 rows (with
     * the encode caches) ingest ran a full collection every second.
     */
    private final StoredOperation[] recent;

    private long recentTop;
    /** The highest delivery sequence any replica announced (guarded by {@link #recent}). */
    private long announcedTop;

    public OperationTail() {
        this(1024);
    }

    OperationTail(int size) {
        this.recent = new StoredOperation[size];
    }

    /**
     * Keeps what this replica just committed (delivery order). {@code stored} are rows as the append
     * methods return them: already as a read from the table would return them.
     */
    public void remember(List<StoredOperation> stored) {
        if (stored.isEmpty()) return;
        synchronized (recent) {
            for (StoredOperation s : stored) {
                if (s.deliverySequence() <= recentTop) {
                    // sequences went back (a restored database): the tail no longer describes the log
                    clear();
                }
                recent[(int) (s.deliverySequence() % recent.length)] = s;
                recentTop = s.deliverySequence();
            }
        }
    }

    /**
     * The log after {@code after} when the tail holds that range without a gap, up to {@code limit}
     * rows or up to the newest row this replica wrote; null otherwise.
     */
    public List<StoredOperation> after(long after, int limit) {
        synchronized (recent) {
            // another replica announced rows above the tail: the table has them, the tail does not
            if (after >= recentTop || announcedTop > recentTop || recentTop - after > recent.length) return null;
            List<StoredOperation> result = new ArrayList<>((int) Math.min(limit, recentTop - after));
            for (long seq = after + 1; seq <= recentTop && result.size() < limit; seq++) {
                StoredOperation s = recent[(int) (seq % recent.length)];
                if (s == null || s.deliverySequence() != seq) return null;
                result.add(s);
            }
            return result;
        }
    }

    /** Some replica announced that the log holds rows up to {@code top}. */
    public void announced(long top) {
        synchronized (recent) {
            if (top > announcedTop) announcedTop = top;
        }
    }

    /**
     * The table's highest delivery sequence: below the tail's, the log was truncated or restored
     * behind the service and the tail describes rows that no longer exist. (A read racing with this
     * replica's own commit may also land here; dropping the tail is always safe.)
     */
    public void tableMax(long tableMax) {
        synchronized (recent) {
            if (tableMax < recentTop) clear();
        }
    }

    private void clear() {
        Arrays.fill(recent, null);
        recentTop = 0;
        announcedTop = 0;
    }
}
