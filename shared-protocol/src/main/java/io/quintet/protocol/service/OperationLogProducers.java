package io.quintet.protocol.service;

import io.quarkus.arc.DefaultBean;
import io.quarkus.runtime.StartupEvent;
import io.quintet.protocol.feed.ChangeFeed;
import io.quintet.protocol.oplog.OperationLog;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * The shared operation log in the service's schema, on its datasource pool, and its
 * cross-replica change feed listening on a connection of its own. Both are default beans: a
 * service that declares its own {@code OperationLog} or {@code ChangeFeed} bean replaces them.
 */
@ApplicationScoped
public class OperationLogProducers {

    private static final Logger LOG = Logger.getLogger(OperationLogProducers.class);
    /** How long the start waits for the feed's connection before it goes on without (followers still catch up). */
    private static final long LISTEN_WAIT_SECONDS = 30;

    @Produces
    @Singleton
    @DefaultBean
    OperationLog operationLog(Pool pool, ServiceSettings service) {
        return new OperationLog(pool, service.schema());
    }

    @Produces
    @Singleton
    @DefaultBean
    ChangeFeed changeFeed(Vertx vertx, OperationLog log, DatabaseSettings database) {
        return ChangeFeed.create(vertx, database.connectOptions(), log);
    }

    void close(@Disposes ChangeFeed feed) {
        feed.close();
    }

    /**
     * Right after the migration, before the service's own start-up observers: the feed listens
     * (retrying for ever under its policy), and the start waits a while for it so that the first
     * requests' announcements are heard at once.
     */
    void listen(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE + 1) StartupEvent start, ChangeFeed feed) {
        try {
            feed.start().subscribeAsCompletionStage().get(LISTEN_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            LOG.warnf("the change feed is not listening after %d s; it keeps trying", LISTEN_WAIT_SECONDS);
        } catch (ExecutionException e) {
            LOG.warnf("the change feed could not listen: %s", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
