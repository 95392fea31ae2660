package io.quintet.kora.session;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quintet.kora.config.KoraConfig;
import io.quintet.kora.store.DeliveryAnnouncer;
import io.quintet.kora.store.OperationRepository;
import io.quintet.kora.store.OperationTail;
import io.quintet.protocol.feed.ChangeFeed;
import io.quintet.protocol.oplog.LogEntry;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * What makes live operations reach clients on every replica: the shared change feed's notify-only
 * stream {@value DeliveryAnnouncer#FEED_STREAM} announces each append made by any replica (no row,
 * no read), and a periodic tick re-pushes to every session (resending unacknowledged batches, and
 * catching appends whose announcement was lost or never sent, such as the Node reference's sharing
 * the database). The same feed carries presence, richtext and blob relays between replicas (stream
 * {@value ReplicaRelay#STREAM}, followed from its head, trimmed every minute).
 */
@ApplicationScoped
public class LiveFeed {

    private static final Logger LOG = Logger.getLogger(LiveFeed.class);

    private final Vertx vertx;
    private final OperationRepository repository;
    private final OperationTail tail;
    private final ChangeFeed feed;
    private final PushService push;
    private final KoraConfig config;
    private final AwarenessRelay awareness;
    private final BlobRelay blobs;
    private final ReplicaRelay replicas;
    private Cancellable following;
    private ChangeFeed.Following relaysFollowing;
    private long timer = -1;
    private long trimTimer = -1;

    public LiveFeed(
            Vertx vertx,
            OperationRepository repository,
            OperationTail tail,
            ChangeFeed feed,
            PushService push,
            AwarenessRelay awareness,
            BlobRelay blobs,
            ReplicaRelay replicas,
            KoraConfig config) {
        this.vertx = vertx;
        this.repository = repository;
        this.tail = tail;
        this.feed = feed;
        this.push = push;
        this.awareness = awareness;
        this.blobs = blobs;
        this.replicas = replicas;
        this.config = config;
    }

    void start(@Observes StartupEvent event) {
        following = feed.notices(DeliveryAnnouncer.FEED_STREAM)
                .subscribe()
                .with(
                        top -> {
                            tail.announced(top);
                            push.logMoved(null);
                        },
                        failure -> LOG.errorf(failure, "change feed notices stopped"));
        relaysFollowing = feed.followFromHead(ReplicaRelay.STREAM, this::relayed);
        timer = vertx.setPeriodic(
                config.tickMillis(),
                id -> repository.verifyTail().subscribe().with(x -> push.tick(), f -> push.tick()));
        trimTimer = vertx.setPeriodic(60_000, id -> {
            awareness.trim();
            replicas.trim().subscribe().with(x -> {}, f -> LOG.debugf(f, "relay stream trim failed"));
        });
    }

    /** Another replica's relay, to the relay of its kind. */
    private void relayed(LogEntry entry) {
        ReplicaRelay.Relayed relayed = replicas.decode(entry);
        if (relayed == null) return;
        switch (relayed.kind()) {
            case BlobRelay.REMOTE_REQUEST, BlobRelay.REMOTE_RESPONSE -> blobs.remote(relayed);
            default -> awareness.remote(relayed);
        }
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) vertx.cancelTimer(timer);
        if (trimTimer >= 0) vertx.cancelTimer(trimTimer);
        if (following != null) following.cancel();
        if (relaysFollowing != null) relaysFollowing.cancel();
    }

    /** Whether cross-replica notifications are currently being received. */
    public boolean isListening() {
        return feed.isListening();
    }
}
