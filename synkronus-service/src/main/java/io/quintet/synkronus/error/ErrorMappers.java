package io.quintet.synkronus.error;

import io.quintet.protocol.db.DatabaseOutageLog;
import io.quintet.synkronus.http.ApiGuard;
import io.quintet.synkronus.http.Role;
import jakarta.inject.Provider;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The one place where errors become answers: protocol errors as JSON, nothing as a stack trace. */
public class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

    /** A failure because PostgreSQL is unreachable is logged there, once per outage, not per request. */
    private final DatabaseOutageLog outages;

    /** Looked up when needed: the mappers are created before the runtime configuration the guard reads. */
    private final Provider<ApiGuard> guard;

    public ErrorMappers(DatabaseOutageLog outages, Provider<ApiGuard> guard) {
        this.outages = outages;
        this.guard = guard;
    }

    @ServerExceptionMapper
    public Response generation(GenerationMismatch e) {
        return Response.fromResponse(json(e.error(), e.errorText(), "repository_reset_required"))
                .header("x-repository-generation", Long.toString(e.serverGeneration()))
                .build();
    }

    @ServerExceptionMapper
    public Response protocol(SynkronusException e) {
        return json(e.error(), e.errorText(), null);
    }

    public static Response json(SynkronusError error, String errorText, String code) {
        return Response.status(error.status())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorBody(errorText == null ? error.error() : errorText, error.message(), code))
                .build();
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e) {
        return PlainText.of(404, "404 page not found");
    }

    /**
     * Only the multipart routes name a request type: anything else there is an unreadable form, once
     * the middleware has passed it (the type is checked while matching the route, before the guard
     * filter would run, so the version, token and role checks are run here first).
     */
    @ServerExceptionMapper
    public Response notMultipart(jakarta.ws.rs.NotSupportedException e, ContainerRequestContext request) {
        Role[] roles = request.getUriInfo().getPath().endsWith("/app-bundle/push")
                ? new Role[] {Role.ADMIN}
                : new Role[] {Role.READ_WRITE, Role.ADMIN};
        return guard.get()
                .beforeMatch(request, roles)
                .orElseGet(() -> json(
                        SynkronusError.MULTIPART_UNREADABLE, "request Content-Type isn't multipart/form-data", null));
    }

    /** A request body that ended early or could not be read (e.g. a truncated multipart upload). */
    @ServerExceptionMapper
    public Response unreadable(java.io.IOException e) {
        return json(SynkronusError.MULTIPART_UNREADABLE, "unreadable request body: " + e.getMessage(), null);
    }

    @ServerExceptionMapper
    public Response notAllowed(NotAllowedException e) {
        return PlainText.of(405, "Method Not Allowed");
    }

    @ServerExceptionMapper
    public Response framework(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status == 413) {
            return json(SynkronusError.ATTACHMENT_TOO_LARGE, "request body too large", null);
        }
        if (status >= 500) {
            if (!outages.failed(e)) LOG.error("request failed", e);
            return json(SynkronusError.INTERNAL, null, null);
        }
        return PlainText.of(status, e.getResponse().getStatusInfo().getReasonPhrase());
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        // the message may quote a whole request value (a driver error does): logged shortened
        if (!outages.failed(e)) {
            String text = String.valueOf(e);
            LOG.errorf("request failed: %s", text.length() > 300 ? text.substring(0, 300) + "..." : text);
            LOG.debug("request failed", e);
        }
        return json(SynkronusError.INTERNAL, null, null);
    }
}
