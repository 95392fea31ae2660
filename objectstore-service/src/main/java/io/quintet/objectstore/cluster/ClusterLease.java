package io.quintet.objectstore.cluster;

import io.quintet.objectstore.config.SyncServerSettings;
import io.quintet.objectstore.monitoring.SyncMetrics;
import io.quintet.protocol.service.DatabaseSettings;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Section 9 read as replicas: "leader election is PostgreSQL's job". The leader is the replica whose
 * own connection holds a session advisory lock; PostgreSQL grants it to exactly one, and frees it the
 * moment that replica's connection ends (a killed replica), so another takes it at its next try. The
 * leader runs the cluster-wide housekeeping (history pruning, forgetting long-gone replicas); every
 * replica serves reads and writes alike, since PostgreSQL orders the history.
 *
 * <p>{@code fixedFollower} never tries; {@code fixedLeader} also holds a second lock that only one
 * replica can hold (a second fixedLeader refuses to start), and the others step down while a fixed
 * leader is alive; {@code preferredLeader} tries on every round, the others on every third.
 */
@Singleton
public class ClusterLease {

    public enum Role {
        UNKNOWN(0),
        LEADER(1),
        FOLLOWER(2);

        /** {@code obx_cluster_peer_state} (section 8). */
        public final int state;

        Role(int state) {
            this.state = state;
        }
    }

    private static final Logger LOG = Logger.getLogger("io.quintet.objectstore.Cluster");
    static final long ROUND_MILLIS = 1000;
    private static final String LEADER_KEY = "hashtext('objectstore-cluster-leader')";
    private static final String FIXED_LEADER_KEY = "hashtext('objectstore-fixed-leader')";
    /** A fixed leader counts as alive while its heartbeat is this fresh. */
    static final String ALIVE = "interval '10 seconds'";

    private static final String FIXED_LEADER_ELSEWHERE =
            "EXISTS (SELECT 1 FROM objectstore.replicas WHERE fixed_leader "
                    + "AND replica_id <> $1 AND role <> 'stopped' AND last_seen > now() - " + ALIVE + ")";

    private final Vertx vertx;
    private final DatabaseSettings database;
    private final SyncServerSettings.ReplicaRole configured;
    private final ReplicaIdentity identity;
    private volatile Role role = Role.UNKNOWN;
    private PgConnection connection;
    private boolean busy;
    private long round;
    private long timer = -1;

    public ClusterLease(
            Vertx vertx,
            DatabaseSettings database,
            SyncServerSettings settings,
            ReplicaIdentity identity,
            SyncMetrics metrics) {
        this.vertx = vertx;
        this.database = database;
        this.configured = settings.replicaRole();
        this.identity = identity;
        metrics.gauge("cluster_peer_state", () -> role.state);
    }

    /** Start-up: a fixed leader claims its lock first (a second one fails the start), then rounds begin. */
    public void start() {
        if (configured.fixedLeader()) {
            Boolean claimed = connect()
                    .chain(c -> c.query("SELECT pg_try_advisory_lock(" + FIXED_LEADER_KEY + ")")
                            .execute()
                            .map(rows -> rows.iterator().next().getBoolean(0)))
                    .await()
                    .atMost(Duration.ofSeconds(30));
            if (!claimed) {
                throw new IllegalStateException(
                        "fixedLeader: another replica on this database already claims to be the fixed leader");
            }
            LOG.info("fixedLeader: this replica claimed the fixed leader role");
        }
        timer = vertx.setPeriodic(ROUND_MILLIS, id -> round());
        round();
    }

    public Role role() {
        return role;
    }

    @PreDestroy
    void stop() {
        if (timer >= 0) vertx.cancelTimer(timer);
        PgConnection c = connection;
        connection = null;
        role = Role.UNKNOWN;
        if (c != null) c.close().await().atMost(Duration.ofSeconds(5));
    }

    private synchronized void round() {
        if (busy) return;
        busy = true;
        round++;
        step().subscribe().with(r -> done(r, null), f -> done(Role.UNKNOWN, f));
    }

    private synchronized void done(Role next, Throwable failure) {
        busy = false;
        if (failure != null) {
            LOG.debugf("cluster lease round failed: %s", failure.getMessage());
            PgConnection c = connection;
            connection = null;
            if (c != null) c.close().subscribe().with(ok -> {}, f -> {});
        }
        if (next != role) {
            if (next == Role.LEADER) LOG.infof("replica %s is the cluster leader", identity.id());
            else if (role == Role.LEADER) LOG.infof("replica %s is no longer the cluster leader", identity.id());
            role = next;
        }
    }

    private Uni<Role> step() {
        if (configured.fixedFollower()) return Uni.createFrom().item(Role.FOLLOWER);
        return connect().chain(c -> {
            if (role == Role.LEADER) {
                if (configured.fixedLeader()) return Uni.createFrom().item(Role.LEADER);
                // step down for a fixed leader that is alive
                return c.preparedQuery("SELECT " + FIXED_LEADER_ELSEWHERE)
                        .execute(Tuple.of(identity.id()))
                        .chain(rows -> rows.iterator().next().getBoolean(0)
                                ? c.query("SELECT pg_advisory_unlock(" + LEADER_KEY + ")")
                                        .execute()
                                        .replaceWith(Role.FOLLOWER)
                                : Uni.createFrom().item(Role.LEADER));
            }
            if (!configured.fixedLeader() && !configured.preferredLeader() && round % 3 != 0)
                return Uni.createFrom().item(Role.FOLLOWER);
            String attempt = configured.fixedLeader()
                    ? "SELECT pg_try_advisory_lock(" + LEADER_KEY + ")"
                    : "SELECT CASE WHEN " + FIXED_LEADER_ELSEWHERE + " THEN false ELSE pg_try_advisory_lock("
                            + LEADER_KEY + ") END";
            Uni<io.vertx.mutiny.sqlclient.RowSet<io.vertx.mutiny.sqlclient.Row>> tried = configured.fixedLeader()
                    ? c.query(attempt).execute()
                    : c.preparedQuery(attempt).execute(Tuple.of(identity.id()));
            return tried.map(rows -> rows.iterator().next().getBoolean(0) ? Role.LEADER : Role.FOLLOWER);
        });
    }

    /** The lease's own connection (a pooled one could be handed back and lose the lock). */
    private Uni<PgConnection> connect() {
        PgConnection c = connection;
        if (c != null) return Uni.createFrom().item(c);
        return PgConnection.connect(vertx, database.connectOptions()).invoke(opened -> {
            connection = opened;
            opened.closeHandler(() -> {
                if (connection == opened) {
                    connection = null;
                    role = Role.UNKNOWN;
                    LOG.info("cluster lease connection closed; trying again");
                }
            });
        });
    }
}
