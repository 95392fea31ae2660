package io.quintet.linkora.http;

import io.quintet.linkora.error.LinkoraError;
import io.quintet.linkora.error.LinkoraException;
import io.quintet.protocol.db.DatabaseOutageLog;
import io.quintet.protocol.service.FallbackAnswers;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Linkora's shape for what no route answered (shared-protocol's {@code ServiceFallbacks}): a request
 * without {@code Host}, {@code GET *}, a path outside {@code /linkora}, an unhandled failure. Every
 * 4xx is empty without a {@code Content-Type}, as the reference answers (spec 4.3); a fault is the
 * catalogue's short 500 text, logged here (a database outage only through the outage log).
 */
@ApplicationScoped
public class LinkoraFallbacks implements FallbackAnswers {

    private static final Logger LOG = Logger.getLogger(LinkoraFallbacks.class);

    private final DatabaseOutageLog outages;

    public LinkoraFallbacks(DatabaseOutageLog outages) {
        this.outages = outages;
    }

    @Override
    public void answer(HttpServerRequest request, int status, Throwable failure) {
        LinkoraError error = failure instanceof LinkoraException refusal ? refusal.error() : errorFor(status);
        if (error == LinkoraError.INTERNAL_ERROR && failure != null && !outages.failed(failure)) {
            LOG.errorf(failure, "%s %s failed", request.method(), request.path());
        }
        RouteHandlers.answer(request.response(), error);
    }

    static LinkoraError errorFor(int status) {
        return switch (status) {
            case 404 -> LinkoraError.UNKNOWN_PATH;
            case 405 -> LinkoraError.WRONG_METHOD;
            case 413 -> LinkoraError.BODY_TOO_LARGE;
            case 415 -> LinkoraError.UNSUPPORTED_MEDIA_TYPE;
            default -> status >= 500 ? LinkoraError.INTERNAL_ERROR : LinkoraError.BAD_REQUEST;
        };
    }
}
