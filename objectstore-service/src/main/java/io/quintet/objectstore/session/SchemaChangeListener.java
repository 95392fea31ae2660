package io.quintet.objectstore.session;

import io.quintet.objectstore.schema.RegisteredVersion;
import io.quintet.objectstore.schema.SchemaRegistry;
import io.quintet.protocol.feed.ChangeFeed;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Schema version changes made on another replica (2.14, 6.1): the replica that switches, uploads or
 * disallows announces it on the change feed; every replica re-reads the version rows and, when the
 * current version changed, disconnects its clients with 1001 (they log in again and resolve anew),
 * or, when a version stopped allowing clients, disconnects that version's clients. The replica that
 * made the change has re-read already, so it finds no difference and does not disconnect twice.
 */
@Singleton
public class SchemaChangeListener {

    private static final Logger LOG = Logger.getLogger("io.quintet.objectstore.SchVer");

    private final SchemaRegistry schemas;
    private final SessionRegistry sessions;
    private final SyncServices services;
    private final ChangeFeed feed;
    private Cancellable subscription;

    public SchemaChangeListener(
            SchemaRegistry schemas, SessionRegistry sessions, SyncServices services, ChangeFeed feed) {
        this.schemas = schemas;
        this.sessions = sessions;
        this.services = services;
        this.feed = feed;
    }

    /** Called once at start-up, after the registry was read. */
    public void start() {
        subscription = feed.notices(SchemaRegistry.CHANGES)
                .onItem()
                .transformToUniAndConcatenate(notice -> reread().onFailure().recoverWithNull())
                .subscribe()
                .with(ok -> {}, f -> LOG.warnf("schema change notices ended: %s", f.getMessage()));
    }

    @PreDestroy
    void stop() {
        if (subscription != null) subscription.cancel();
    }

    private Uni<Void> reread() {
        List<RegisteredVersion> before = schemas.versions();
        return schemas.refresh().invoke(() -> applied(before, schemas.versions()));
    }

    private void applied(List<RegisteredVersion> before, List<RegisteredVersion> after) {
        Integer was = current(before);
        Integer now = current(after);
        if (now != null && !now.equals(was)) {
            services.compileFilters();
            int closed = sessions.disconnectAll("schema version switched");
            LOG.infof("schema version ID %d made current on another replica; %d clients disconnected", now, closed);
            return;
        }
        for (RegisteredVersion v : after) {
            boolean allowedBefore = before.stream()
                    .filter(b -> b.versionId() == v.versionId())
                    .findFirst()
                    .map(RegisteredVersion::clientsAllowed)
                    .orElse(true);
            if (allowedBefore && !v.clientsAllowed()) {
                sessions.disconnectVersion(v.versionId(), "schema version no longer allows clients");
            }
        }
    }

    private static Integer current(List<RegisteredVersion> versions) {
        return versions.stream()
                .filter(RegisteredVersion::current)
                .map(RegisteredVersion::versionId)
                .findFirst()
                .orElse(null);
    }
}
