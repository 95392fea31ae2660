package io.quintet.kora.collection.rest;

import io.quintet.kora.collection.SchemaException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The admin API's own error bodies, never a stack trace. */
public class AdminExceptionMapper {

    @ServerExceptionMapper
    public Response admin(AdminException e) {
        Response.ResponseBuilder response = Response.status(e.status()).type(MediaType.APPLICATION_JSON)
                .entity(new AdminError(e.code(), e.getMessage()));
        if (e.status() == 401) response.header("WWW-Authenticate", "Bearer realm=\"kora\"");
        return response.build();
    }

    @ServerExceptionMapper
    public Response schema(SchemaException e) {
        return Response.status(400).type(MediaType.APPLICATION_JSON).entity(new AdminError("INVALID_REQUEST", e.getMessage())).build();
    }
}
