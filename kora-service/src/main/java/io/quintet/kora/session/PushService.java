package io.quintet.kora.session;

import io.quintet.kora.config.KoraConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Live delivery (kora.md 7.1): whenever the log moves — an append on this replica, or the change
 * feed reporting one on another — and on every tick, each streaming session reads the log after
 * the last batch it was sent. Pushes of one session are coalesced and run on its serial queue.
 */
@ApplicationScoped
public class PushService {

    private static final Logger LOG = Logger.getLogger(PushService.class);

    private final SessionRegistry registry;
    private final DeliveryStream stream;
    private final LegacyRelay legacy;
    private final ResendBackoff.Policy resendPolicy;
    private final long supersededIdleMillis;
    private final long graceMillis;
    /**
     * Most delivery sequences outstanding for a restart at the confirmed position: beyond that the
     * client is in a bulk transfer (an initial sync it acknowledges slowly), where a restart would
     * send everything again; the tick resends there.
     */
    private final long restartWindow;

    private final Vertx vertx;

    public PushService(
            SessionRegistry registry, DeliveryStream stream, LegacyRelay legacy, KoraConfig config, Vertx vertx) {
        this.registry = registry;
        this.stream = stream;
        this.legacy = legacy;
        this.resendPolicy = ResendBackoff.Policy.of(config);
        this.supersededIdleMillis = config.supersededIdleTimeout().toMillis();
        this.graceMillis = Math.max(1, config.redeliveryGrace().toMillis());
        this.restartWindow = 10L * Math.max(1, config.batchSize());
        this.vertx = vertx;
    }

    /** The log moved: push to every streaming session except {@code source} (may be null). */
    public void logMoved(SyncSession source) {
        for (SyncSession session : registry.all()) {
            if (session != source) push(session, false);
        }
    }

    /**
     * The periodic tick: resend what stays unacknowledged, pick up other replicas' appends, and
     * close superseded sessions the client has left idle for long (kora.md 8.3 decision).
     */
    public void tick() {
        long now = System.currentTimeMillis();
        for (SyncSession session : registry.all()) {
            if (session.superseded() && session.isOpen() && now - session.lastInboundAt() > supersededIdleMillis) {
                session.close(HandshakeService.CLOSE_NORMAL, "session closed")
                        .subscribe()
                        .with(x -> {}, f -> LOG.debugf(f, "closing superseded session %s failed", session.id()));
                continue;
            }
            push(session, true);
        }
    }

    /**
     * While something sent stays unacknowledged, one push is scheduled for when the oldest batch
     * outgrows the grace, so a dropped batch is resent even when no other operation flows.
     */
    private void checkLater(SyncSession session) {
        long since = session.stalledSince();
        if (since == 0 || session.sent() - session.confirmed() > restartWindow || !session.claimStallCheck()) return;
        long delay = Math.max(1, since + graceMillis - System.currentTimeMillis());
        vertx.setTimer(delay, id -> {
            session.releaseStallCheck();
            push(session, false);
        });
    }

    public void push(SyncSession session, boolean tick) {
        if (!session.receivesRelays() || !session.claimPush()) {
            return;
        }
        session.serially(() -> {
                    session.releasePush();
                    if (!session.receivesRelays()) return Uni.createFrom().voidItem();
                    return session.watermarkClient() ? pushDelivery(session, tick) : legacy.relay(session, tick);
                })
                .subscribe()
                .with(ignored -> {}, failure -> LOG.debugf(failure, "push to session %s failed", session.id()));
    }

    private Uni<Void> pushDelivery(SyncSession session, boolean tick) {
        long now = System.currentTimeMillis();
        boolean unacknowledged = session.confirmed() < session.sent() || session.lastBatchUnacknowledged();
        // batches are pipelined after the last one sent; a client that has not acknowledged
        // within one tick gets everything again from its confirmed position (it drops duplicates)
        // (backing off once the client has acknowledged nothing for long: 8.3)
        boolean resend = tick
                && unacknowledged
                && now - session.lastSendAt() >= session.resends().interval(now, resendPolicy);
        if (resend) session.resends().resent(now, resendPolicy);
        // a batch unacknowledged for longer than the grace was most likely not applied (the client
        // then ignores every later batch as a gap): the push restarts at the confirmed position
        long since = session.stalledSince();
        boolean stalled = !resend
                && since > 0
                && now - since >= graceMillis
                && session.confirmed() < session.sent()
                && session.sent() - session.confirmed() <= restartWindow;
        if (resend || stalled) session.restartFromConfirmed();
        long from = resend || stalled ? session.confirmed() : session.sent();
        return stream.stream(session, from, false, session.nodeId())
                .invoke(() -> checkLater(session))
                .chain(outcome -> {
                    // nothing to send: an empty final batch still moves the watermark over what was
                    // scanned, or replaces a lost one (an empty final batch acknowledges no sequence)
                    if (!outcome.sentAny()
                            && tick
                            && from == session.confirmed()
                            && (outcome.maxScanned() > from || resend)) {
                        return stream.advance(session, from, Math.max(from, outcome.maxScanned()));
                    }
                    return Uni.createFrom().voidItem();
                });
    }
}
