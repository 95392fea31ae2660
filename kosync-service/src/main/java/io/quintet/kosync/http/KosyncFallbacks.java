package io.quintet.kosync.http;

import io.quintet.kosync.error.KosyncError;
import io.quintet.kosync.error.KosyncException;
import io.quintet.protocol.db.DatabaseOutageLog;
import io.quintet.protocol.service.FallbackAnswers;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * kosync's envelope ({@code {"code":…,"message":…}}, exactly {@code application/json}) for what no
 * resource answered (shared-protocol's {@code ServiceFallbacks}): a request without {@code Host},
 * {@code GET *}, a path outside {@code /kosync}, no route for the path or method, a failure no
 * mapper saw (502/2000 like {@link KosyncExceptionMapper#unexpected}).
 */
@ApplicationScoped
public class KosyncFallbacks implements FallbackAnswers {

    private static final Logger LOG = Logger.getLogger(KosyncFallbacks.class);

    private final JsonReply reply;
    private final DatabaseOutageLog outages;

    public KosyncFallbacks(JsonReply reply, DatabaseOutageLog outages) {
        this.reply = reply;
        this.outages = outages;
    }

    @Override
    public void answer(HttpServerRequest request, int status, Throwable failure) {
        KosyncError error = failure instanceof KosyncException refusal ? refusal.error : errorFor(status);
        if (error == KosyncError.STORAGE && failure != null && !outages.failed(failure)) {
            LOG.errorf("answering 502: %s: %s", failure.getClass().getName(), failure.getMessage());
            LOG.debug("failure detail", failure);
        }
        request.response()
                .setStatusCode(error.status)
                .putHeader(HttpHeaders.CONTENT_TYPE, JsonReply.JSON)
                .end(Buffer.buffer(reply.bytes(new ErrorBody(error.code, error.message))));
    }

    static KosyncError errorFor(int status) {
        return switch (status) {
            case 404 -> KosyncError.NOT_FOUND;
            case 405 -> KosyncError.METHOD_NOT_ALLOWED;
            case 413 -> KosyncError.BODY_TOO_LARGE;
            default -> status >= 500 ? KosyncError.STORAGE : KosyncError.BAD_REQUEST;
        };
    }
}
