package io.quintet.kora.status;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/** The status document, field for field the reference's {@code getStatus()}. */
@RegisterForReflection
public record ServerStatus(
        boolean running,
        int connectedClients,
        int port,
        long totalOperations,
        long uptime,
        String version,
        int schemaVersion,
        List<String> connectedNodeIds,
        int peakConnections,
        long connectionsTotal,
        long operationsReceived,
        long operationsSent,
        long errorCount) {}
