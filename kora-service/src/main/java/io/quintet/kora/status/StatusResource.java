package io.quintet.kora.status;

import io.quintet.kora.config.KoraConfig;
import io.quintet.kora.metrics.ServerStats;
import io.quintet.kora.session.SessionRegistry;
import io.quintet.kora.store.OperationRepository;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** {@code GET /kora/status}: the reference's {@code getStatus()} fields with honest counts (kora.md 15). */
@Path("/status")
public class StatusResource {

    private final SessionRegistry registry;
    private final OperationRepository repository;
    private final ServerStats stats;
    private final KoraConfig config;
    private final int port;
    private final String version;

    public StatusResource(
            SessionRegistry registry,
            OperationRepository repository,
            ServerStats stats,
            KoraConfig config,
            @ConfigProperty(name = "quarkus.http.port") int port,
            @ConfigProperty(name = "quarkus.application.version", defaultValue = "unknown") String version) {
        this.registry = registry;
        this.repository = repository;
        this.stats = stats;
        this.config = config;
        this.port = port;
        this.version = version;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<ServerStatus> status() {
        return repository
                .count()
                .map(total -> new ServerStatus(
                        true,
                        registry.size(),
                        port,
                        total,
                        System.currentTimeMillis() - stats.startedAt(),
                        version,
                        config.schemaVersion(),
                        registry.connectedNodeIds(),
                        stats.peakConnections(),
                        stats.connectionsTotal(),
                        stats.operationsReceived(),
                        stats.operationsSent(),
                        stats.errorCount()));
    }
}
