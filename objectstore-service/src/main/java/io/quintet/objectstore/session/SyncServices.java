package io.quintet.objectstore.session;

import io.quintet.objectstore.auth.Authenticator;
import io.quintet.objectstore.config.SyncServerSettings;
import io.quintet.objectstore.db.ServerState;
import io.quintet.objectstore.filter.SyncFilters;
import io.quintet.objectstore.history.HistoryTail;
import io.quintet.objectstore.monitoring.SyncMetrics;
import io.quintet.objectstore.schema.SchemaRegistry;
import io.quintet.objectstore.tx.TxApplier;
import io.quintet.protocol.db.DatabaseOutageLog;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Singleton;

/** What a session needs from the server, in one place (sessions are plain objects, one per connection). */
@Singleton
public class SyncServices {

    final SyncServerSettings settings;
    final SchemaRegistry schemas;
    final Authenticator authenticator;
    final TxApplier applier;
    final HistoryTail history;
    final ServerState state;
    final Pool pool;
    final SyncMetrics metrics;
    final Vertx vertx;
    final ObjectsMessages messages;
    final int maxMessageBytes;
    final io.quintet.objectstore.events.LogEvents events;
    final DatabaseOutageLog outage;
    private volatile SyncFilters filters;

    public SyncServices(
            SyncServerSettings settings,
            SchemaRegistry schemas,
            Authenticator authenticator,
            TxApplier applier,
            HistoryTail history,
            ServerState state,
            Pool pool,
            SyncMetrics metrics,
            Vertx vertx,
            ObjectsMessages messages,
            io.quintet.objectstore.events.LogEvents events,
            DatabaseOutageLog outage,
            @org.eclipse.microprofile.config.inject.ConfigProperty(
                            name = "quarkus.websockets-next.server.max-message-size")
                    int maxMessageBytes) {
        this.settings = settings;
        this.schemas = schemas;
        this.authenticator = authenticator;
        this.applier = applier;
        this.history = history;
        this.state = state;
        this.pool = pool;
        this.metrics = metrics;
        this.vertx = vertx;
        this.messages = messages;
        this.maxMessageBytes = maxMessageBytes;
        this.events = events;
        this.outage = outage;
    }

    /** Checked against the current model at start-up (a bad filter is a configuration error). */
    public void compileFilters() {
        filters = new SyncFilters(settings.syncFilters(), schemas.current().model());
    }

    SyncFilters filters() {
        return filters;
    }
}
