package io.quintet.gateway.routing;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

/** The gateway's own error answers: always a small JSON body, never a stack trace. */
public final class ErrorResponses {

    public static final String JSON = "application/json";

    private ErrorResponses() {}

    public static Buffer body(int status, String message) {
        return new JsonObject().put("error", message).put("status", status).toBuffer();
    }

    /** Sends the error unless an answer is already under way (then the connection is the only way to signal it). */
    public static void send(HttpServerResponse response, int status, String message) {
        if (response.ended() || response.closed()) {
            return;
        }
        if (response.headWritten()) {
            response.reset();
            return;
        }
        Buffer body = body(status, message);
        response.setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, JSON)
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                .end(body);
    }
}
