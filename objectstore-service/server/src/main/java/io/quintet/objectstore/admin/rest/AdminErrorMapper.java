package io.quintet.objectstore.admin.rest;

import io.quintet.objectstore.error.AdminError;
import io.quintet.objectstore.error.AdminException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Maps the admin error catalogue to its JSON body, at the edge. */
public class AdminErrorMapper {

    @ServerExceptionMapper
    public Response map(AdminException e) {
        return body(e.error, e.getMessage());
    }

    public static Response body(AdminError error, String message) {
        return Response.status(error.status)
                .type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", error.name(), "message", message))
                .build();
    }
}
