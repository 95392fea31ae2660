package io.quintet.objectstore.cluster;

import io.quintet.objectstore.ObjectStoreMain;
import io.quintet.objectstore.config.SyncServerSettings;
import io.quintet.objectstore.history.HistoryTail;
import io.quintet.objectstore.monitoring.SyncMetrics;
import io.quintet.objectstore.session.SessionRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The replicas table (6.1 "Sync cluster"): every replica records itself with a heartbeat every two
 * seconds (role, connected and logged-in clients, history head); a replica whose row is older than
 * {@link ClusterLease#ALIVE} is shown as gone; the leader forgets rows not seen for a day.
 */
@Singleton
public class ReplicaDirectory {

    private static final Logger LOG = Logger.getLogger("io.quintet.objectstore.Cluster");
    static final long HEARTBEAT_MILLIS = 2000;
    private static final String UPSERT = "INSERT INTO objectstore.replicas (replica_id, host, http_port, pid, "
            + "server_version, started_at, last_seen, role, fixed_follower, fixed_leader, connected_clients, "
            + "logged_in_clients, history_head) VALUES ($1, $2, $3, $4, $5, $6, now(), $7, $8, $9, $10, $11, $12) "
            + "ON CONFLICT (replica_id) DO UPDATE SET last_seen = now(), role = EXCLUDED.role, "
            + "connected_clients = EXCLUDED.connected_clients, logged_in_clients = EXCLUDED.logged_in_clients, "
            + "history_head = EXCLUDED.history_head "
            + "RETURNING (SELECT count(*) FROM objectstore.replicas WHERE replica_id <> $1 AND role <> 'stopped' "
            + "AND last_seen > now() - " + ClusterLease.ALIVE + ")";
    private static final String FORGET = "DELETE FROM objectstore.replicas WHERE last_seen < now() - interval '1 day'";
    private static final String LIST =
            "SELECT replica_id, host, http_port, pid, server_version, started_at, last_seen, "
                    + "role, fixed_follower, fixed_leader, connected_clients, logged_in_clients, history_head, "
                    + "role <> 'stopped' AND last_seen > now() - " + ClusterLease.ALIVE + " AS alive "
                    + "FROM objectstore.replicas ORDER BY started_at, replica_id";

    /** One replica as the admin API and page show it. */
    public record Replica(
            String replicaId,
            String host,
            int httpPort,
            long pid,
            String serverVersion,
            OffsetDateTime startedAt,
            OffsetDateTime lastSeen,
            String role,
            boolean fixedFollower,
            boolean fixedLeader,
            int connectedClients,
            int loggedInClients,
            long historyHead,
            boolean alive,
            boolean self) {}

    private final Pool pool;
    private final Vertx vertx;
    private final ReplicaIdentity identity;
    private final ClusterLease lease;
    private final SessionRegistry sessions;
    private final HistoryTail history;
    private final SyncServerSettings.ReplicaRole configured;
    private final int httpPort;
    private volatile long peers;
    private long timer = -1;

    public ReplicaDirectory(
            Pool pool,
            Vertx vertx,
            ReplicaIdentity identity,
            ClusterLease lease,
            SessionRegistry sessions,
            HistoryTail history,
            SyncServerSettings settings,
            SyncMetrics metrics,
            @ConfigProperty(name = "quarkus.http.port") int httpPort) {
        this.pool = pool;
        this.vertx = vertx;
        this.identity = identity;
        this.lease = lease;
        this.sessions = sessions;
        this.history = history;
        this.configured = settings.replicaRole();
        this.httpPort = httpPort;
        metrics.gauge("connected_peers", () -> peers);
    }

    /** Records this replica at once (start-up waits for it), then every two seconds. */
    public void start() {
        beat().await().atMost(Duration.ofSeconds(30));
        timer = vertx.setPeriodic(
                HEARTBEAT_MILLIS,
                id -> beat().subscribe()
                        .with(ok -> {}, f -> LOG.debugf("replica heartbeat failed: %s", f.getMessage())));
    }

    @PreDestroy
    void stop() {
        if (timer >= 0) vertx.cancelTimer(timer);
        try {
            pool.preparedQuery("UPDATE objectstore.replicas SET role = 'stopped', last_seen = now(), "
                            + "connected_clients = 0, logged_in_clients = 0 WHERE replica_id = $1")
                    .execute(Tuple.of(identity.id()))
                    .await()
                    .atMost(Duration.ofSeconds(3));
        } catch (RuntimeException e) {
            LOG.debugf("could not record the stop of this replica: %s", e.getMessage());
        }
    }

    private Uni<Void> beat() {
        ClusterLease.Role role = lease.role();
        Tuple row = Tuple.tuple()
                .addString(identity.id())
                .addString(identity.host())
                .addInteger(httpPort)
                .addLong(identity.pid())
                .addString(ObjectStoreMain.VERSION)
                .addOffsetDateTime(identity.started().atOffset(ZoneOffset.UTC))
                .addString(role.name().toLowerCase())
                .addBoolean(configured.fixedFollower())
                .addBoolean(configured.fixedLeader())
                .addInteger(sessions.sessions().size())
                .addInteger(sessions.clients().size())
                .addLong(history.head());
        Uni<Void> upsert = pool.preparedQuery(UPSERT)
                .execute(row)
                .invoke(rows -> peers = rows.iterator().next().getLong(0))
                .replaceWithVoid();
        return role == ClusterLease.Role.LEADER
                ? upsert.chain(() -> pool.query(FORGET).execute()).replaceWithVoid()
                : upsert;
    }

    /** Every replica recorded on this database, oldest first. */
    public Uni<List<Replica>> replicas() {
        return pool.query(LIST).execute().map(rows -> {
            List<Replica> out = new ArrayList<>();
            for (Row r : rows) {
                String id = r.getString("replica_id");
                out.add(new Replica(
                        id,
                        r.getString("host"),
                        r.getInteger("http_port"),
                        r.getLong("pid"),
                        r.getString("server_version"),
                        r.getOffsetDateTime("started_at"),
                        r.getOffsetDateTime("last_seen"),
                        r.getString("role"),
                        r.getBoolean("fixed_follower"),
                        r.getBoolean("fixed_leader"),
                        r.getInteger("connected_clients"),
                        r.getInteger("logged_in_clients"),
                        r.getLong("history_head"),
                        r.getBoolean("alive"),
                        id.equals(identity.id())));
            }
            return out;
        });
    }

    public String self() {
        return identity.id();
    }

    public ClusterLease.Role role() {
        return lease.role();
    }
}
