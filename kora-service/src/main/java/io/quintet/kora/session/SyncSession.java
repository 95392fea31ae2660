package io.quintet.kora.session;

import com.fasterxml.jackson.databind.JsonNode;
import io.quintet.kora.auth.AuthContext;
import io.quintet.kora.message.KoraMessage;
import io.quintet.kora.message.OperationBatch;
import io.quintet.kora.scope.Visibility;
import io.smallrye.mutiny.Uni;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * One client connection's protocol state. Mutable fields are only changed by tasks on the
 * session's {@link SerialQueue}; they are volatile because those tasks may run on different
 * event-loop threads (socket, timer, database callbacks).
 */
public final class SyncSession {

    private final String id;
    private final SessionChannel channel;
    private final SerialQueue queue = new SerialQueue();
    private final AtomicBoolean pushQueued = new AtomicBoolean();
    private final long connectedAt = System.currentTimeMillis();
    private volatile long lastInboundAt = connectedAt;
    /** Legacy relays sent and not yet acknowledged, oldest first (guarded by itself). */
    private final Map<String, TrackedRelay> trackedRelays = new LinkedHashMap<>();

    /** A legacy relay batch awaiting its acknowledgment. */
    public record TrackedRelay(OperationBatch batch, long sentAt) {}

    private volatile SessionState state = SessionState.CONNECTED;
    /** Whether the last frame received was binary (protobuf): replies use the same format. */
    private volatile boolean binary;

    private volatile String nodeId;
    private volatile AuthContext auth;
    private volatile Visibility visibility = Visibility.everything();
    private volatile boolean watermarkClient;
    private volatile boolean superseded;

    /** Delivery stream: highest sequence the client acknowledged, and the max of the last batch sent. */
    private volatile long confirmed;

    private volatile long sent;
    private volatile long lastSendAt;
    private volatile String unacknowledgedBatch;
    private final ResendBackoff resends = new ResendBackoff();
    /** Delivery batches sent and not yet acknowledged, oldest first: {max, sentAt} (guarded by itself). */
    private final ArrayDeque<long[]> inFlight = new ArrayDeque<>();
    /** When the client last acknowledged progress on the delivery stream. */
    private volatile long lastProgressAt;
    /** Whether a check of this session's oldest unacknowledged batch is scheduled. */
    private final AtomicBoolean stallCheck = new AtomicBoolean();

    /** Legacy relay: delivery position up to which the log has been relayed to this client. */
    private volatile long relayedUpTo;

    private volatile long rateWindowStart;
    private volatile int rateWindowCount;

    /** Presence (kora.md 11.1): registered on its first awareness-update. */
    private volatile boolean awarenessRegistered;

    private volatile long awarenessClientId;
    private volatile JsonNode awarenessState;

    public SyncSession(String id, SessionChannel channel) {
        this.id = id;
        this.channel = channel;
    }

    /** Queues work behind everything already queued for this session. */
    public Uni<Void> serially(Supplier<Uni<Void>> work) {
        return queue.submit(work);
    }

    /** Sends in the format of the last frame received from the client (kora.md 4.3 decision). */
    public Uni<Void> send(KoraMessage message) {
        // isOpen, not only the channel's: an HTTP channel outlives a session its client restarted
        return isOpen() ? channel.send(message, binary) : Uni.createFrom().voidItem();
    }

    /** Sends messages one after the other, in order. */
    public Uni<Void> sendAll(List<? extends KoraMessage> messages) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (KoraMessage message : messages) {
            chain = chain.chain(() -> send(message));
        }
        return chain;
    }

    public Uni<Void> close(int code, String reason) {
        return isOpen() ? channel.close(code, reason) : Uni.createFrom().voidItem();
    }

    SessionChannel channel() {
        return channel;
    }

    public boolean isOpen() {
        return channel.isOpen() && state != SessionState.CLOSED;
    }

    /** Streaming, not superseded, transport open: the sessions that receive relays and pushes. */
    public boolean receivesRelays() {
        return state == SessionState.STREAMING && !superseded && channel.isOpen();
    }

    /** Marks a push as queued; false when one is already waiting (pushes coalesce). */
    boolean claimPush() {
        return pushQueued.compareAndSet(false, true);
    }

    void releasePush() {
        pushQueued.set(false);
    }

    /** Counts one operation against the fixed 60 s window; true while within {@code limit}. */
    public boolean countOperation(long now, int limit) {
        if (now - rateWindowStart >= 60_000L) {
            rateWindowStart = now;
            rateWindowCount = 0;
        }
        rateWindowCount++;
        return rateWindowCount <= limit;
    }

    void acknowledgeDelivery(long deliverySequence, long now) {
        if (deliverySequence > confirmed) {
            confirmed = deliverySequence;
            lastProgressAt = now;
            synchronized (inFlight) {
                while (!inFlight.isEmpty() && inFlight.peekFirst()[0] <= deliverySequence) inFlight.pollFirst();
            }
            resends.progressed(now, confirmed < sent || unacknowledgedBatch != null);
        }
        if (confirmed > sent) sent = confirmed;
    }

    void markSent(long max, long now, String batchId) {
        if (max > confirmed) {
            synchronized (inFlight) {
                // bounded: a client that acknowledges nothing is resent from its confirmed position anyway
                if (inFlight.size() < 1024) inFlight.addLast(new long[] {max, now});
            }
        }
        sent = max;
        lastSendAt = now;
        unacknowledgedBatch = batchId;
        resends.sent(now);
    }

    /** The client acknowledged batch {@code batchId}. */
    void acknowledgeBatch(String batchId, long now) {
        if (batchId != null && batchId.equals(unacknowledgedBatch)) {
            unacknowledgedBatch = null;
            resends.progressed(now, confirmed < sent);
        }
    }

    /**
     * When the oldest delivery batch the client has not acknowledged was sent; 0 when none is
     * outstanding. Live pushes chain from the last batch sent, so a client that dropped one batch
     * ignores every later one as a gap until the stream restarts from its confirmed position.
     */
    long oldestUnacknowledgedSentAt() {
        synchronized (inFlight) {
            long[] oldest = inFlight.peekFirst();
            return oldest == null ? 0 : oldest[1];
        }
    }

    /**
     * Since when the delivery stream has been stalled: the later of the oldest unacknowledged
     * batch's send and the client's last acknowledged progress; 0 when nothing is outstanding. A
     * client that is slow but applying keeps acknowledging, so only one that stopped (a dropped
     * batch) stays stalled.
     */
    long stalledSince() {
        long oldest = oldestUnacknowledgedSentAt();
        return oldest == 0 ? 0 : Math.max(oldest, lastProgressAt);
    }

    /** The stream restarts from the confirmed position: what was in flight is being sent again. */
    void restartFromConfirmed() {
        synchronized (inFlight) {
            inFlight.clear();
        }
    }

    /** Marks a stall check as scheduled; false when one already is. */
    boolean claimStallCheck() {
        return stallCheck.compareAndSet(false, true);
    }

    void releaseStallCheck() {
        stallCheck.set(false);
    }

    /** The resend timing of this session's unacknowledged deliveries and legacy relays. */
    ResendBackoff resends() {
        return resends;
    }

    /**
     * Whether the last delivery batch sent is still unacknowledged. Covers an empty final batch,
     * which moves no watermark: lost, it would leave the client short of the end of its sync.
     */
    boolean lastBatchUnacknowledged() {
        return unacknowledgedBatch != null;
    }

    Map<String, TrackedRelay> trackedRelays() {
        return trackedRelays;
    }

    void lastFrameBinary(boolean binary) {
        this.binary = binary;
        this.lastInboundAt = System.currentTimeMillis();
    }

    /** When the client last sent a frame. */
    long lastInboundAt() {
        return lastInboundAt;
    }

    public String id() {
        return id;
    }

    public SessionState state() {
        return state;
    }

    void state(SessionState state) {
        this.state = state;
    }

    public String nodeId() {
        return nodeId;
    }

    void nodeId(String nodeId) {
        this.nodeId = nodeId;
    }

    public AuthContext auth() {
        return auth;
    }

    void auth(AuthContext auth) {
        this.auth = auth;
    }

    public Visibility visibility() {
        return visibility;
    }

    void visibility(Visibility visibility) {
        this.visibility = visibility;
    }

    public boolean watermarkClient() {
        return watermarkClient;
    }

    void watermarkClient(boolean watermarkClient) {
        this.watermarkClient = watermarkClient;
    }

    public boolean superseded() {
        return superseded;
    }

    void supersede() {
        this.superseded = true;
    }

    public long confirmed() {
        return confirmed;
    }

    void confirmed(long confirmed) {
        this.confirmed = confirmed;
    }

    public long sent() {
        return sent;
    }

    public long lastSendAt() {
        return lastSendAt;
    }

    long relayedUpTo() {
        return relayedUpTo;
    }

    void relayedUpTo(long position) {
        this.relayedUpTo = position;
    }

    public long connectedAt() {
        return connectedAt;
    }

    boolean awarenessRegistered() {
        return awarenessRegistered;
    }

    void registerAwareness(long clientId) {
        this.awarenessRegistered = true;
        this.awarenessClientId = clientId;
        this.awarenessState = null;
    }

    long awarenessClientId() {
        return awarenessClientId;
    }

    JsonNode awarenessState() {
        return awarenessState;
    }

    void awarenessState(JsonNode state) {
        this.awarenessState = state;
    }
}
