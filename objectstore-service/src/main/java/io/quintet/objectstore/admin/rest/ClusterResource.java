package io.quintet.objectstore.admin.rest;

import io.quintet.objectstore.admin.AdminRoute;
import io.quintet.objectstore.cluster.ReplicaDirectory;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** 6.1 "Sync cluster", read as replicas on one database: own role, the leader, every replica with its heartbeat. */
@jakarta.ws.rs.Path("/api/v1")
@AdminRoute
@Tag(name = "admin cluster")
public class ClusterResource {

    private final ReplicaDirectory replicas;

    public ClusterResource(ReplicaDirectory replicas) {
        this.replicas = replicas;
    }

    @GET
    @jakarta.ws.rs.Path("/cluster")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Cluster state: this replica's role, the leader (holder of the PostgreSQL lease) and every "
                    + "replica on the database with its heartbeat and clients")
    public Uni<Map<String, Object>> cluster() {
        return replicas.replicas().map(all -> {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("mode", "replicas");
            out.put("self", replicas.self());
            out.put("role", replicas.role().name().toLowerCase());
            out.put(
                    "leader",
                    all.stream()
                            .filter(r -> r.alive() && r.role().equals("leader"))
                            .map(ReplicaDirectory.Replica::replicaId)
                            .findFirst()
                            .orElse(null));
            out.put(
                    "description",
                    "every replica serves reads and writes; PostgreSQL orders the history, its change feed reaches "
                            + "every replica, and an advisory lock in it chooses the leader that runs housekeeping");
            out.put("replicas", all);
            out.put("peersConnectedToUs", List.of());
            out.put("peersWeConnectTo", List.of());
            return out;
        });
    }
}
