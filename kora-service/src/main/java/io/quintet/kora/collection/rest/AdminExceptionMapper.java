package io.quintet.kora.collection.rest;

import io.quintet.kora.collection.SchemaException;
import io.quintet.kora.error.KoraError;
import io.quintet.kora.error.KoraException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The catalogue's errors as the admin API's own error bodies, never a stack trace or a class name; also
 * what no resource under {@code /kora} matched (the rest of what no route answers is {@code KoraFallbacks}).
 */
public class AdminExceptionMapper {

    @ServerExceptionMapper
    public Response refused(KoraException e) {
        return response(e.error(), e.getMessage());
    }

    @ServerExceptionMapper
    public Response schema(SchemaException e) {
        return response(KoraError.INVALID_REQUEST, e.getMessage());
    }

    /** A path under {@code /kora} no resource serves (Quarkus would answer its own HTML page in dev and test). */
    @ServerExceptionMapper
    public Response noRoute(NotFoundException e) {
        return response(KoraError.NO_ROUTE, KoraError.NO_ROUTE.text());
    }

    @ServerExceptionMapper
    public Response methodNotAllowed(NotAllowedException e) {
        Response refused = response(KoraError.METHOD_NOT_ALLOWED, KoraError.METHOD_NOT_ALLOWED.text());
        String allow = e.getResponse().getHeaderString("Allow");
        return allow == null
                ? refused
                : Response.fromResponse(refused).header("Allow", allow).build();
    }

    static Response response(KoraError error, String message) {
        Response.ResponseBuilder response = Response.status(error.status())
                .type(MediaType.APPLICATION_JSON)
                .entity(new AdminError(error.code(), message));
        if (error.status() == 401) response.header("WWW-Authenticate", "Bearer realm=\"kora\"");
        return response.build();
    }
}
