package io.quintet.objectstore;

import io.quarkus.runtime.StartupEvent;
import io.quintet.objectstore.admin.AdminBootstrap;
import io.quintet.objectstore.cluster.ClusterLease;
import io.quintet.objectstore.cluster.ReplicaDirectory;
import io.quintet.objectstore.config.SyncServerSettings;
import io.quintet.objectstore.db.ServerState;
import io.quintet.objectstore.history.HistoryPruner;
import io.quintet.objectstore.history.HistoryTail;
import io.quintet.objectstore.schema.SchemaRegistry;
import io.quintet.objectstore.session.SchemaChangeListener;
import io.quintet.objectstore.session.SessionRegistry;
import io.quintet.objectstore.session.SyncServices;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.interceptor.Interceptor;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * The start-up sequence of 7.1, after shared-protocol's schema migration and change feed
 * (quintet.service.schema=objectstore): settings, schema versions, history lineage, pruning; then
 * the sync component starts.
 */
@ApplicationScoped
public class ServerStartup {

    private static final Logger LOG = Logger.getLogger("io.quintet.objectstore.SvSync");

    void start(
            @Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE + 2) StartupEvent event,
            Instance<SyncServerSettings> settingsSource,
            Instance<SchemaRegistry> registry,
            Instance<ServerState> state,
            Instance<SyncServices> services,
            Instance<HistoryTail> history,
            Instance<SessionRegistry> sessions,
            Instance<SchemaChangeListener> schemaChanges,
            Instance<ClusterLease> lease,
            Instance<ReplicaDirectory> replicas,
            Instance<HistoryPruner> pruner,
            Instance<AdminBootstrap> admin,
            Instance<io.quintet.objectstore.events.LogEvents> events) {
        long started = System.nanoTime();
        SyncServerSettings settings = settingsSource.get();
        LOG.info(settings.configFile()
                .map(f -> "config file found: " + f)
                .orElse("config file not found, using defaults"));
        settings.warnings().forEach(LOG::warn);
        registry.get().startUp();
        state.get().load().await().atMost(Duration.ofSeconds(30));
        LOG.infof("schema version ID %d is current", registry.get().current().versionId());
        services.get().compileFilters();
        lease.get().start();
        pruner.get()
                .start(() -> lease.get().role() == ClusterLease.Role.LEADER)
                .await()
                .atMost(Duration.ofMinutes(5));
        history.get().start().await().atMost(Duration.ofSeconds(30));
        sessions.get();
        schemaChanges.get().start();
        replicas.get().start();
        if (settings.unsecuredNoAuthentication()) {
            LOG.warn("INSECURE no-authentication mode enabled: any client may log in without credentials");
        }
        LOG.infof(
                "sync listener: WebSocket /objectstore/ (OSP/1, osp.v1.json and osp.v1.cbor); TLS %s",
                settings.certificatePath().isPresent()
                        ? "files configured (terminated by the gateway)"
                        : "off (terminated by the gateway)");
        LOG.infof(
                "auth methods: %s; user management %s",
                AuthSummary.describe(settings), settings.obxAdmin().isPresent() ? "on" : "off");
        admin.get().run();
        LOG.info("admin listener: web UI /objectstore/admin/, API /objectstore/api/v1 (session login), "
                + "GraphQL /objectstore/api/graphql, Prometheus /objectstore/api/sync/prometheus");
        long ms = (System.nanoTime() - started) / 1_000_000;
        events.get()
                .emit(io.quintet.objectstore.events.LogEvents.Event.of(
                                io.quintet.objectstore.events.EventType.Info,
                                "SvSync",
                                "server " + ObjectStoreMain.VERSION + " started in " + ms + " ms")
                        .template("server started"));
        LOG.infof("started in %d ms", ms);
    }
}
