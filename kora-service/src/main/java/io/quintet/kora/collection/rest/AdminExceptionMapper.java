package io.quintet.kora.collection.rest;

import io.quintet.kora.collection.SchemaException;
import io.quintet.kora.error.KoraError;
import io.quintet.kora.error.KoraException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The catalogue's errors as the admin API's own error bodies, never a stack trace or a class name. */
public class AdminExceptionMapper {

    @ServerExceptionMapper
    public Response refused(KoraException e) {
        return response(e.error(), e.getMessage());
    }

    @ServerExceptionMapper
    public Response schema(SchemaException e) {
        return response(KoraError.INVALID_REQUEST, e.getMessage());
    }

    static Response response(KoraError error, String message) {
        Response.ResponseBuilder response = Response.status(error.status())
                .type(MediaType.APPLICATION_JSON)
                .entity(new AdminError(error.code(), message));
        if (error.status() == 401) response.header("WWW-Authenticate", "Bearer realm=\"kora\"");
        return response.build();
    }
}
