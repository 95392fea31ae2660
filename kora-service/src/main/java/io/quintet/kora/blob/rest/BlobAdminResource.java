package io.quintet.kora.blob.rest;

import io.quintet.kora.blob.service.BlobCollector;
import io.quintet.kora.collection.rest.AdminGuard;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

/** Blob garbage collection as an admin operation: {@code POST /kora/admin/blobs/gc} (admin token required). */
@Path("/admin/blobs")
@Produces(MediaType.APPLICATION_JSON)
public class BlobAdminResource {

    private final AdminGuard guard;
    private final BlobCollector collector;

    public BlobAdminResource(AdminGuard guard, BlobCollector collector) {
        this.guard = guard;
        this.collector = collector;
    }

    @POST
    @Path("/gc")
    public Uni<BlobCollector.Collected> collect(
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam(AdminGuard.TOKEN_HEADER) String token) {
        guard.check(authorization, token);
        return collector.collect();
    }
}
