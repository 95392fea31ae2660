package io.quintet.kosync.http;

import io.quintet.kosync.error.KosyncError;
import io.quintet.kosync.error.KosyncException;
import io.quintet.protocol.db.DatabaseOutageLog;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one place where failures become answers: protocol errors as themselves, framework errors in
 * the same envelope, and everything else (storage down, a bug) as 502/2000 — never a 500 or a
 * stack trace, and any non-401 failure makes KOReader queue the push and retry (spec 4.4).
 */
public class KosyncExceptionMapper {

    private static final Logger LOG = Logger.getLogger(KosyncExceptionMapper.class);

    private final JsonReply reply;
    private final DatabaseOutageLog outages;

    public KosyncExceptionMapper(JsonReply reply, DatabaseOutageLog outages) {
        this.reply = reply;
        this.outages = outages;
    }

    @ServerExceptionMapper
    public Response protocol(KosyncException e) {
        return reply.error(e);
    }

    @ServerExceptionMapper
    public Response framework(WebApplicationException e) {
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        if (e instanceof NotFoundException || status == 404) {
            return reply.error(new KosyncException(KosyncError.NOT_FOUND));
        }
        if (e instanceof NotAllowedException || status == 405) {
            return reply.error(new KosyncException(KosyncError.METHOD_NOT_ALLOWED));
        }
        if (status == 413) {
            return reply.error(new KosyncException(KosyncError.BODY_TOO_LARGE));
        }
        if (status >= 400 && status < 500) {
            // e.g. an unreadable path parameter: the request is at fault, not the server
            return reply.error(new KosyncException(KosyncError.INVALID_REQUEST));
        }
        return unexpected(e);
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause && !(cause instanceof KosyncException)) {
            cause = cause.getCause();
        }
        if (cause instanceof KosyncException k) {
            return reply.error(k);
        }
        // a database outage is logged once and summed up, not per request (issue 17)
        if (!outages.failed(e)) {
            LOG.errorf("answering 502: %s: %s", e.getClass().getName(), e.getMessage());
            LOG.debug("failure detail", e);
        }
        return reply.error(new KosyncException(KosyncError.STORAGE));
    }
}
