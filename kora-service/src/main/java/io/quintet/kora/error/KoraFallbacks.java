package io.quintet.kora.error;

import io.quintet.protocol.db.DatabaseOutageLog;
import io.quintet.protocol.service.FallbackAnswers;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Kora's error body ({@code {"error":…,"message":…}}, the admin API's shape) for what no resource
 * answered (shared-protocol's {@code ServiceFallbacks}): a request without {@code Host}, {@code GET *},
 * a path outside {@code /kora}, no route for the path or method, a failure no mapper saw. Kora clients
 * read only the status of such answers; operators and scripts get a readable body instead of Quarkus'
 * error id or Vert.x' HTML.
 */
@ApplicationScoped
public class KoraFallbacks implements FallbackAnswers {

    private static final Logger LOG = Logger.getLogger(KoraFallbacks.class);

    private final DatabaseOutageLog outages;

    public KoraFallbacks(DatabaseOutageLog outages) {
        this.outages = outages;
    }

    @Override
    public void answer(HttpServerRequest request, int status, Throwable failure) {
        KoraError error = failure instanceof KoraException refusal ? refusal.error() : errorFor(status);
        String message = failure instanceof KoraException refusal ? refusal.getMessage() : error.text();
        if (error.status() >= 500 && failure != null && !outages.failed(failure)) {
            LOG.errorf(
                    "answering %d: %s: %s", error.status(), failure.getClass().getName(), failure.getMessage());
            LOG.debug("failure detail", failure);
        }
        request.response()
                .setStatusCode(failure instanceof KoraException ? error.status() : status)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(new JsonObject()
                        .put("error", error.code())
                        .put("message", message)
                        .encode());
    }

    static KoraError errorFor(int status) {
        return switch (status) {
            case 404 -> KoraError.NO_ROUTE;
            case 405 -> KoraError.METHOD_NOT_ALLOWED;
            case 406 -> KoraError.NOT_ACCEPTABLE;
            case 413 -> KoraError.BODY_TOO_LARGE;
            case 415 -> KoraError.UNSUPPORTED_MEDIA_TYPE;
            default -> status >= 500 ? KoraError.INTERNAL_ERROR : KoraError.BAD_REQUEST;
        };
    }
}
