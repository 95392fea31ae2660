package io.quintet.kora.session;

import io.quintet.kora.config.KoraConfig;
import io.quintet.kora.message.Ids;
import io.quintet.kora.message.OperationBatch;
import io.quintet.kora.metrics.ServerStats;
import io.quintet.kora.operation.DeltaOrder;
import io.quintet.kora.operation.Operation;
import io.quintet.kora.scope.RecordSnapshots;
import io.quintet.kora.store.OperationRepository;
import io.quintet.kora.store.StoredOperation;
import io.quintet.protocol.vv.VersionVector;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The path for legacy clients, which send no delivery watermark (kora.md 7.2, 7.3): the initial
 * version-vector delta with resume cursors, then live relay batches tracked until acknowledged,
 * resent on the tick, and buffered per node across a reconnect. Relays read the log from the
 * database after the session's position, so appends on other replicas reach these clients too.
 */
@ApplicationScoped
public class LegacyRelay {

    static final int MAX_TRACKED = 1000;
    static final int MAX_ORPHANS_PER_NODE = 5000;
    static final long ORPHAN_TTL_MILLIS = 5 * 60_000L;

    private record Orphans(LinkedHashMap<String, Operation> operations, long storedAt) {}

    private final OperationRepository repository;
    private final RecordSnapshots snapshots;
    private final ServerStats stats;
    private final int batchSize;
    private final ResendBackoff.Policy resendPolicy;
    private final Map<String, Orphans> orphans = new ConcurrentHashMap<>();

    public LegacyRelay(
            OperationRepository repository, RecordSnapshots snapshots, ServerStats stats, KoraConfig config) {
        this.repository = repository;
        this.snapshots = snapshots;
        this.stats = stats;
        this.batchSize = Math.max(1, config.batchSize());
        this.resendPolicy = ResendBackoff.Policy.of(config);
    }

    /** Sends the version-vector delta; the log position to relay from must be set before. */
    public Uni<Void> initialDelta(SyncSession session, VersionVector server, VersionVector client, String deltaCursor) {
        List<Uni<List<StoredOperation>>> reads = new ArrayList<>();
        server.missingFrom(client)
                .forEach((node, range) ->
                        reads.add(repository.nodeRange(node, range.afterExclusive(), range.upToInclusive())));
        Uni<List<Operation>> collected = reads.isEmpty()
                ? Uni.createFrom().item(List.of())
                : Uni.join().all(reads).andFailFast().chain(lists -> {
                    List<Operation> all = new ArrayList<>();
                    lists.forEach(list -> list.forEach(s -> all.add(s.operation())));
                    return snapshots.visible(session.visibility(), all);
                });
        return collected.chain(visible -> {
            if (visible.isEmpty()) {
                return session.send(new OperationBatch(Ids.uuidV7(), List.of(), true, 0, 1, null, null, null));
            }
            List<Operation> sorted = DeltaOrder.sort(visible);
            LegacyCursor cursor = LegacyCursor.decode(deltaCursor);
            if (cursor != null) {
                int at = indexOf(sorted, cursor.lastOperationId());
                if (at >= 0) {
                    sorted = sorted.subList(at + 1, sorted.size());
                    if (sorted.isEmpty()) {
                        return session.send(new OperationBatch(
                                Ids.uuidV7(), List.of(), true, cursor.batchIndex(), 1, null, null, null));
                    }
                }
            }
            int total = (sorted.size() + batchSize - 1) / batchSize;
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (int i = 0; i < total; i++) {
                List<Operation> slice = sorted.subList(i * batchSize, Math.min(sorted.size(), (i + 1) * batchSize));
                String next = new LegacyCursor(slice.get(slice.size() - 1).id(), i).encode();
                OperationBatch batch =
                        new OperationBatch(Ids.uuidV7(), slice, i == total - 1, i, total, next, null, null);
                stats.operationsSent(slice.size());
                chain = chain.chain(() -> session.send(batch));
            }
            return chain;
        });
    }

    private static int indexOf(List<Operation> operations, String id) {
        for (int i = 0; i < operations.size(); i++) {
            if (operations.get(i).id().equals(id)) return i;
        }
        return -1;
    }

    /** One relay round: resend stale tracked batches on the tick, then relay what is new in the log. */
    public Uni<Void> relay(SyncSession session, boolean tick) {
        Uni<Void> resend = tick ? resendStale(session) : Uni.createFrom().voidItem();
        return resend.chain(() -> relayNew(session, session.relayedUpTo()));
    }

    private Uni<Void> relayNew(SyncSession session, long after) {
        int chunk = 5 * batchSize;
        return repository.afterDelivery(after, chunk).chain(rows -> {
            if (rows.isEmpty()) return Uni.createFrom().voidItem();
            List<Operation> others = rows.stream()
                    .map(StoredOperation::operation)
                    .filter(op -> !op.nodeId().equals(session.nodeId()))
                    .toList();
            return snapshots
                    .visible(session.visibility(), others)
                    .chain(visible -> relayVisible(session, rows, visible, chunk));
        });
    }

    private Uni<Void> relayVisible(
            SyncSession session, List<StoredOperation> rows, List<Operation> visible, int chunk) {
        {
            long last = rows.get(rows.size() - 1).deliverySequence();
            session.relayedUpTo(last);
            Uni<Void> sends = Uni.createFrom().voidItem();
            for (int i = 0; i < visible.size(); i += batchSize) {
                List<Operation> slice = visible.subList(i, Math.min(visible.size(), i + batchSize));
                sends = sends.chain(() -> sendTracked(session, slice));
            }
            return rows.size() < chunk ? sends : sends.chain(() -> relayNew(session, last));
        }
    }

    private Uni<Void> sendTracked(SyncSession session, List<Operation> operations) {
        OperationBatch batch = new OperationBatch(Ids.uuidV7(), operations, true, 0, null, null, null, null);
        Map<String, SyncSession.TrackedRelay> tracked = session.trackedRelays();
        synchronized (tracked) {
            long now = System.currentTimeMillis();
            tracked.put(batch.messageId(), new SyncSession.TrackedRelay(batch, now));
            session.resends().sent(now);
            while (tracked.size() > MAX_TRACKED) {
                Iterator<String> oldest = tracked.keySet().iterator();
                oldest.next();
                oldest.remove();
            }
        }
        stats.operationsSent(operations.size());
        return session.send(batch);
    }

    private Uni<Void> resendStale(SyncSession session) {
        long now = System.currentTimeMillis();
        List<OperationBatch> stale = new ArrayList<>();
        Map<String, SyncSession.TrackedRelay> tracked = session.trackedRelays();
        long interval = session.resends().interval(now, resendPolicy);
        synchronized (tracked) {
            for (Map.Entry<String, SyncSession.TrackedRelay> e : tracked.entrySet()) {
                if (now - e.getValue().sentAt() >= interval) {
                    stale.add(e.getValue().batch());
                    e.setValue(new SyncSession.TrackedRelay(e.getValue().batch(), now));
                }
            }
        }
        if (!stale.isEmpty()) session.resends().resent(now, resendPolicy);
        return session.sendAll(stale);
    }

    public void acknowledged(SyncSession session, String messageId, long now) {
        Map<String, SyncSession.TrackedRelay> tracked = session.trackedRelays();
        synchronized (tracked) {
            if (tracked.remove(messageId) != null) session.resends().progressed(now, !tracked.isEmpty());
        }
    }

    /** On close: unacknowledged relays wait for the node's next session (deduped, newest kept). */
    public void sessionClosed(SyncSession session) {
        if (session.nodeId() == null || session.watermarkClient()) return;
        List<Operation> unacknowledged = new ArrayList<>();
        Map<String, SyncSession.TrackedRelay> tracked = session.trackedRelays();
        synchronized (tracked) {
            tracked.values().forEach(t -> unacknowledged.addAll(t.batch().operations()));
            tracked.clear();
        }
        if (unacknowledged.isEmpty()) return;
        orphans.compute(session.nodeId(), (node, existing) -> {
            LinkedHashMap<String, Operation> ops =
                    existing == null || expired(existing) ? new LinkedHashMap<>() : existing.operations();
            unacknowledged.forEach(op -> {
                ops.remove(op.id());
                ops.put(op.id(), op);
            });
            Iterator<String> oldest = ops.keySet().iterator();
            while (ops.size() > MAX_ORPHANS_PER_NODE) {
                oldest.next();
                oldest.remove();
            }
            return new Orphans(ops, System.currentTimeMillis());
        });
    }

    /** When a legacy session reaches streaming: replay what its node's previous session missed. */
    public Uni<Void> replayOrphans(SyncSession session) {
        Orphans buffered = orphans.remove(session.nodeId());
        if (buffered == null || expired(buffered)) return Uni.createFrom().voidItem();
        List<Operation> ops = new ArrayList<>(buffered.operations().values());
        ops.removeIf(op -> !session.visibility().isVisible(op));
        Uni<Void> sends = Uni.createFrom().voidItem();
        for (int i = 0; i < ops.size(); i += batchSize) {
            List<Operation> slice = ops.subList(i, Math.min(ops.size(), i + batchSize));
            sends = sends.chain(() -> sendTracked(session, slice));
        }
        return sends;
    }

    private static boolean expired(Orphans orphans) {
        return System.currentTimeMillis() - orphans.storedAt() > ORPHAN_TTL_MILLIS;
    }
}
