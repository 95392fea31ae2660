package io.quintet.objectstore.admin.rest;

import io.quintet.objectstore.error.AdminError;
import io.quintet.objectstore.error.AdminException;
import io.quintet.protocol.db.DatabaseOutageLog;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Maps the admin error catalogue to its JSON body, at the edge; Quarkus REST's bodiless refusals
 * (404 no route, 405, 406, 415) get the catalogue's body too. A failure that is not in the
 * catalogue becomes 503 when the database cannot be reached (counted by the shared outage log, which
 * writes one line when the outage starts, a summary while it lasts and one when it ends) and 500
 * otherwise; neither answer carries a stack trace.
 */
public class AdminErrorMapper {

    private static final Logger LOG = Logger.getLogger("io.quintet.objectstore.Admin");

    @Inject
    DatabaseOutageLog outage;

    @ServerExceptionMapper
    public Response map(AdminException e) {
        return body(e.error, e.getMessage());
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e) {
        // Exception, not RuntimeException: the database client fails with checked ones too (a
        // refused connection while PostgreSQL is down), which Quarkus would answer with its own 500
        if (e instanceof WebApplicationException w) {
            // Quarkus REST's own refusals (no resource for the path, a method or media type it does
            // not take) carry no body: give them the catalogue's
            Response given = w.getResponse();
            if (given.getStatus() < 400 || given.hasEntity()) return given;
            AdminError error = AdminError.forStatus(given.getStatus());
            Response.ResponseBuilder answer = Response.fromResponse(given)
                    .status(given.getStatus())
                    .type(MediaType.APPLICATION_JSON)
                    .entity(Map.of("error", error.name(), "message", error.text));
            return answer.build();
        }
        if (outage.failed(e)) return body(AdminError.UNAVAILABLE, AdminError.UNAVAILABLE.text);
        LOG.errorf(e, "admin request failed");
        return body(AdminError.INTERNAL, AdminError.INTERNAL.text);
    }

    public static Response body(AdminError error, String message) {
        return Response.status(error.status)
                .type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", error.name(), "message", message))
                .build();
    }
}
