package io.quintet.objectstore.graphql.rest;

import io.quintet.objectstore.admin.AdminCaller;
import io.quintet.objectstore.admin.AdminGuard;
import io.quintet.objectstore.admin.AdminRoute;
import io.quintet.objectstore.error.AdminError;
import io.quintet.objectstore.graphql.GraphQlService;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code POST /objectstore/api/graphql} (section 11) behind the admin session: viewers may query,
 * mutations need the admin role.
 */
@Path("/api/graphql")
@AdminRoute
@AdminGuard.ReadOnlyPosts
@Tag(name = "graphql")
public class GraphQlResource {

    public record Request(String query, Map<String, Object> variables, String operationName) {}

    private final GraphQlService graphQl;

    public GraphQlResource(GraphQlService graphQl) {
        this.graphQl = graphQl;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "GraphQL: per-type queries (ids, filter, offset, first), put<Type> and delete<Type> mutations")
    public Uni<Map<String, Object>> execute(Request body, RoutingContext routing) {
        if (body == null || body.query() == null || body.query().isBlank())
            throw AdminError.BAD_REQUEST.with("query is required");
        AdminCaller caller = routing.get(AdminCaller.KEY);
        return graphQl.execute(
                body.query(), body.variables(), body.operationName(), caller != null && caller.canWrite());
    }
}
