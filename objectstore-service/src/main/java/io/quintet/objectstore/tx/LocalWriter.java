package io.quintet.objectstore.tx;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quintet.objectstore.model.Model;
import io.quintet.objectstore.monitoring.SyncMetrics;
import io.quintet.objectstore.wire.Gids;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes made on the server itself (GraphQL mutations, section 11) as local TXs: they go through the
 * same group writer as client TXs, so they are atomic, land in the history with an hseq and reach
 * every sync client by the live push. Each process writes as its own local writer (a random client
 * ID per start, so replicas never share a cseq sequence); new objects get GIDs of that writer's
 * peer ID ({@code <peer>.<n>}, 3.4), like any client's.
 */
@Singleton
public class LocalWriter {

    private final TxApplier applier;
    private final SyncMetrics metrics;
    private final String clientId;
    private final String peer;
    private final String gidPrefix;
    private final AtomicLong nextGid = new AtomicLong(1);
    private long lastCseq;

    public LocalWriter(TxApplier applier, SyncMetrics metrics) {
        this.applier = applier;
        this.metrics = metrics;
        byte[] id = new byte[16];
        new SecureRandom().nextBytes(id);
        this.clientId = HexFormat.of().formatHex(id);
        this.peer = Gids.peerOf(clientId);
        this.gidPrefix = peer + ".";
    }

    /** A fresh GID for a new object of a non-shared-ID type. */
    public String newGid() {
        return gidPrefix + nextGid.getAndIncrement();
    }

    /**
     * Applies wire ops (12.7, property names of {@code model}) as one TX; fails with
     * IllegalArgumentException when an op is invalid, IllegalStateException when the TX is rejected.
     */
    public Uni<TxOutcome> apply(List<ObjectNode> wireOps, Model model) {
        List<ObjectNode> ops = OpCodec.decode(io.quintet.objectstore.wire.WireCodec.JSON.valueToTree(wireOps), model);
        IncomingTx tx;
        Uni<TxOutcome> result;
        synchronized (this) {
            long cseq = ++lastCseq;
            tx = new IncomingTx(clientId, peer, cseq, UUID.randomUUID().toString(), nowNanos(), ops, null, model);
            // subscribed (= enqueued) in cseq order under the lock: the group writer keeps arrival order
            result = Uni.createFrom().completionStage(applier.apply(tx).subscribeAsCompletionStage());
        }
        return result.onFailure()
                .invoke(f -> {
                    synchronized (this) {
                        lastCseq = Math.min(lastCseq, tx.cseq() - 1);
                    }
                })
                .map(outcome -> {
                    switch (outcome.status()) {
                        case APPLIED -> metrics.increment("txs_applied", "from", "local");
                        case REJECTED -> throw new IllegalStateException(outcome.reason());
                        default -> throw new IllegalStateException("local TX " + outcome.status());
                    }
                    return outcome;
                });
    }

    private static long nowNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
