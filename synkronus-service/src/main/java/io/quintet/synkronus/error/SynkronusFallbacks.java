package io.quintet.synkronus.error;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.quintet.protocol.db.DatabaseOutageLog;
import io.quintet.protocol.service.FallbackAnswers;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Synkronus' own answers (synkronus.md 1.4) for what no resource answered (shared-protocol's
 * {@code ServiceFallbacks}): the reference's plain-text status lines for refusals of the request
 * itself (no {@code Host}, {@code GET *}, a path outside {@code /synkronus}, no route, a method the
 * path does not take) and the JSON envelope's internal error for a failure no mapper saw.
 */
@ApplicationScoped
public class SynkronusFallbacks implements FallbackAnswers {

    private static final Logger LOG = Logger.getLogger(SynkronusFallbacks.class);

    private final DatabaseOutageLog outages;

    public SynkronusFallbacks(DatabaseOutageLog outages) {
        this.outages = outages;
    }

    @Override
    public void answer(HttpServerRequest request, int status, Throwable failure) {
        if (status >= 500) {
            if (failure != null && !outages.failed(failure)) {
                LOG.errorf("request failed: %s: %s", failure.getClass().getName(), failure.getMessage());
                LOG.debug("request failed", failure);
            }
            SynkronusError error = SynkronusError.INTERNAL;
            request.response()
                    .setStatusCode(error.status())
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .end(new JsonObject()
                            .put("error", error.error())
                            .put("message", error.message())
                            .encode());
            return;
        }
        String text = switch (status) {
            case 404 -> "404 page not found";
            case 405 -> "Method Not Allowed";
            default -> HttpResponseStatus.valueOf(status).reasonPhrase();
        };
        request.response()
                .setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, PlainText.TYPE)
                .end(text + "\n");
    }
}
