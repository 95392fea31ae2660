package io.quintet.objectstore.error;

import io.quintet.protocol.db.DatabaseOutageLog;
import io.quintet.protocol.service.FallbackAnswers;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * objectstore's own answers (the admin API's {@code {"error","message"}} body, {@link AdminError})
 * for what no route answered (shared-protocol's {@code ServiceFallbacks}): a request without
 * {@code Host}, {@code GET *}, a path outside {@code /objectstore}, no route for the path or method,
 * and a failure no mapper saw (503 while the database is unreachable, else 500, never a stack trace).
 */
@ApplicationScoped
public class ObjectstoreFallbacks implements FallbackAnswers {

    private static final Logger LOG = Logger.getLogger("io.quintet.objectstore.Admin");

    private final DatabaseOutageLog outages;

    public ObjectstoreFallbacks(DatabaseOutageLog outages) {
        this.outages = outages;
    }

    @Override
    public void answer(HttpServerRequest request, int status, Throwable failure) {
        AdminError error = failure instanceof AdminException known ? known.error : AdminError.forStatus(status);
        String message = failure instanceof AdminException known ? known.getMessage() : error.text;
        if (status >= 500 && failure != null) {
            if (outages.failed(failure)) {
                error = AdminError.UNAVAILABLE;
                message = error.text;
            } else if (!(failure instanceof AdminException)) {
                LOG.errorf("request failed: %s: %s", failure.getClass().getName(), failure.getMessage());
                LOG.debug("request failed", failure);
            }
        }
        request.response()
                .setStatusCode(error.status)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(new JsonObject()
                        .put("error", error.name())
                        .put("message", message)
                        .encode());
    }
}
