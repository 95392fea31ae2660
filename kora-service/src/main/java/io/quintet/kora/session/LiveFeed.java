package io.quintet.kora.session;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quintet.kora.config.KoraConfig;
import io.quintet.kora.store.DeliveryAnnouncer;
import io.quintet.kora.store.OperationRepository;
import io.quintet.protocol.db.DatabaseConnect;
import io.quintet.protocol.feed.ChangeFeed;
import io.quintet.protocol.oplog.LogEntry;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Optional;

/**
 * What makes live operations reach clients on every replica: the shared-protocol change feed
 * announces each append made by any replica, and a periodic tick re-pushes to every session
 * (resending unacknowledged batches, and catching appends by servers that write no feed marker,
 * such as the Node reference sharing the database). The same feed carries presence, richtext and
 * blob relays between replicas (stream {@value ReplicaRelay#STREAM}, trimmed every minute).
 */
@ApplicationScoped
public class LiveFeed {

    private static final Logger LOG = Logger.getLogger(LiveFeed.class);

    private final Vertx vertx;
    private final OperationRepository repository;
    private final DeliveryAnnouncer announcer;
    private final PushService push;
    private final KoraConfig config;
    private final String url;
    private final String user;
    private final Optional<String> password;
    private ChangeFeed feed;
    private final AwarenessRelay awareness;
    private final BlobRelay blobs;
    private final ReplicaRelay replicas;
    private Cancellable following;
    private Cancellable relaysFollowing;
    private long timer = -1;
    private long trimTimer = -1;

    public LiveFeed(Vertx vertx, OperationRepository repository, DeliveryAnnouncer announcer, PushService push, AwarenessRelay awareness, BlobRelay blobs,
                    ReplicaRelay replicas, KoraConfig config,
                    @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
                    @ConfigProperty(name = "quarkus.datasource.username") String user,
                    @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.vertx = vertx;
        this.repository = repository;
        this.announcer = announcer;
        this.push = push;
        this.awareness = awareness;
        this.blobs = blobs;
        this.replicas = replicas;
        this.config = config;
        this.url = url;
        this.user = user;
        this.password = password;
    }

    void start(@Observes StartupEvent event) {
        feed = ChangeFeed.create(vertx, DatabaseConnect.options(url, Optional.of(user), password), announcer.feedLog());
        feed.start().subscribe().with(ok -> { }, failure -> LOG.warnf(failure, "change feed not listening yet"));
        following = announcer.feedLog().head(DeliveryAnnouncer.FEED_STREAM)
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).indefinitely()
                .onItem().transformToMulti(head -> feed.follow(DeliveryAnnouncer.FEED_STREAM, head))
                .subscribe().with(entry -> {
                    announcer.announced(entry.payloadJson());
                    push.logMoved(null);
                }, failure -> LOG.errorf(failure, "change feed stopped"));
        relaysFollowing = announcer.feedLog().head(ReplicaRelay.STREAM)
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).indefinitely()
                .onItem().transformToMulti(head -> feed.follow(ReplicaRelay.STREAM, head))
                .subscribe().with(this::relayed, failure -> LOG.errorf(failure, "relay feed stopped"));
        timer = vertx.setPeriodic(config.tickMillis(), id -> repository.verifyTail().subscribe()
                .with(x -> push.tick(), f -> push.tick()));
        trimTimer = vertx.setPeriodic(60_000, id -> {
            awareness.trim();
            replicas.trim().subscribe().with(x -> { }, f -> LOG.debugf(f, "relay stream trim failed"));
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
        if (feed != null) feed.close();
    }

    /** Whether cross-replica notifications are currently being received. */
    public boolean isListening() {
        return feed != null && feed.isListening();
    }
}
