package io.quintet.kora.session;

import io.quintet.kora.config.KoraConfig;
import io.quintet.kora.message.Ids;
import io.quintet.kora.message.OperationBatch;
import io.quintet.kora.metrics.ServerStats;
import io.quintet.kora.operation.Operation;
import io.quintet.kora.scope.RecordSnapshots;
import io.quintet.kora.store.OperationRepository;
import io.quintet.kora.store.StoredOperation;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * The server→client delivery stream of kora.md 7.1: the log after a position, read from the
 * database in chunks of 5 × batchSize, filtered by visibility (and own node), sent as chained
 * batches whose base/max delivery sequences let the client detect gaps and duplicates.
 */
@ApplicationScoped
public class DeliveryStream {

    /** What a stream did: the max of the last batch sent (or {@code from}), and the highest sequence scanned. */
    public record Outcome(boolean sentAny, long lastMax, long maxScanned) {}

    private final OperationRepository repository;
    private final RecordSnapshots snapshots;
    private final ServerStats stats;
    private final int batchSize;
    private final int chunkSize;

    public DeliveryStream(
            OperationRepository repository, RecordSnapshots snapshots, ServerStats stats, KoraConfig config) {
        this.repository = repository;
        this.snapshots = snapshots;
        this.stats = stats;
        this.batchSize = Math.max(1, config.batchSize());
        this.chunkSize = 5 * batchSize;
    }

    /**
     * Streams from {@code from}. With {@code finalize} an empty final batch is sent when nothing is
     * visible, so the client always ends its initial sync on a final batch.
     */
    public Uni<Outcome> stream(SyncSession session, long from, boolean finalize, String excludedNode) {
        // live pushes (no finalize) may read the repository's in-memory tail; initial syncs read the table
        return new Run(session, from, excludedNode, !finalize).scan(from).chain(run -> run.finish(finalize));
    }

    /**
     * An empty final batch moving the client's watermark from {@code base} to {@code max} over
     * operations it must not receive (its own, or invisible ones), so later pushes need not rescan them.
     */
    public Uni<Void> advance(SyncSession session, long base, long max) {
        OperationBatch batch = new OperationBatch(Ids.uuidV7(), List.of(), true, 0, null, null, base, max);
        session.markSent(max, System.currentTimeMillis(), batch.messageId());
        return session.send(batch);
    }

    /** The state of one stream run; lives only for the duration of the run. */
    private final class Run {
        final SyncSession session;
        final String excludedNode;
        final List<StoredOperation> pending = new ArrayList<>();
        long base;
        long maxScanned;
        int batchIndex;

        final boolean live;

        Run(SyncSession session, long from, String excludedNode, boolean live) {
            this.session = session;
            this.live = live;
            this.excludedNode = excludedNode;
            this.base = from;
            this.maxScanned = from;
        }

        /**
         * Reads and sends chunk after chunk until the log is exhausted. A loop of subscriptions rather
         * than nested {@code chain}s: a nested chain keeps every chunk read so far reachable until the
         * whole stream ends, which is the entire log on an initial sync.
         */
        Uni<Run> scan(long after) {
            return Uni.createFrom().emitter(emitter -> step(read(after), emitter));
        }

        private Uni<List<StoredOperation>> read(long after) {
            return live ? repository.recentAfterDelivery(after, chunkSize) : repository.afterDelivery(after, chunkSize);
        }

        /**
         * Sends the chunk {@code read} yields; a full chunk means more may follow, and the next read
         * is started before this chunk's sends so the database works while the socket drains (two
         * chunks in memory at most).
         */
        private void step(Uni<List<StoredOperation>> read, UniEmitter<? super Run> emitter) {
            read.subscribe()
                    .with(
                            chunk -> {
                                Uni<List<StoredOperation>> next = null;
                                if (chunk.size() == chunkSize && session.isOpen()) {
                                    next = read(chunk.get(chunk.size() - 1).deliverySequence())
                                            .memoize()
                                            .indefinitely();
                                    next.subscribe().with(x -> {}, x -> {}); // started now; its outcome is taken below
                                }
                                Uni<List<StoredOperation>> following = next;
                                Uni<Void> sent;
                                try {
                                    sent = sendChunk(chunk);
                                } catch (RuntimeException e) {
                                    emitter.fail(e);
                                    return;
                                }
                                sent.subscribe()
                                        .with(
                                                x -> {
                                                    if (following == null || !session.isOpen()) emitter.complete(this);
                                                    else step(following, emitter);
                                                },
                                                emitter::fail);
                            },
                            emitter::fail);
        }

        /** Filters one chunk and sends the full batches it completes (the rest waits for the next chunk or the end). */
        private Uni<Void> sendChunk(List<StoredOperation> chunk) {
            return snapshots
                    .lookup(
                            session.visibility(),
                            chunk.stream()
                                    .map(StoredOperation::operation)
                                    .filter(op -> !op.nodeId().equals(excludedNode))
                                    .toList())
                    .chain(records -> {
                        for (StoredOperation stored : chunk) {
                            maxScanned = Math.max(maxScanned, stored.deliverySequence());
                            Operation op = stored.operation();
                            if (!op.nodeId().equals(excludedNode)
                                    && session.visibility()
                                            .isVisible(
                                                    op,
                                                    records.get(RecordSnapshots.key(op.collection(), op.recordId())))) {
                                pending.add(stored);
                            }
                        }
                        Uni<Void> sends = Uni.createFrom().voidItem();
                        // hold one batch back: the last one must be final and carry maxScanned
                        while (pending.size() > batchSize) {
                            List<StoredOperation> slice = new ArrayList<>(pending.subList(0, batchSize));
                            pending.subList(0, batchSize).clear();
                            long max = slice.get(slice.size() - 1).deliverySequence();
                            sends = sends.chain(() -> sendBatch(slice, false, max));
                        }
                        return sends;
                    });
        }

        Uni<Outcome> finish(boolean finalize) {
            if (pending.isEmpty()) {
                if (batchIndex == 0 && finalize) {
                    return sendBatch(List.of(), true, maxScanned)
                            .replaceWith(() -> new Outcome(true, base, maxScanned));
                }
                return Uni.createFrom().item(new Outcome(batchIndex > 0, base, maxScanned));
            }
            long max = Math.max(maxScanned, pending.get(pending.size() - 1).deliverySequence());
            List<StoredOperation> last = List.copyOf(pending);
            return sendBatch(last, true, max).replaceWith(() -> new Outcome(true, base, maxScanned));
        }

        private Uni<Void> sendBatch(List<StoredOperation> slice, boolean isFinal, long max) {
            OperationBatch batch = new OperationBatch(
                    Ids.uuidV7(),
                    slice.stream().map(StoredOperation::operation).toList(),
                    isFinal,
                    batchIndex++,
                    null,
                    null,
                    base,
                    max);
            base = max;
            session.markSent(max, System.currentTimeMillis(), batch.messageId());
            stats.operationsSent(slice.size());
            return session.send(batch);
        }
    }
}
