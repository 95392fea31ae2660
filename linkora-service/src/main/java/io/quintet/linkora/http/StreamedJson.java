package io.quintet.linkora.http;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * A 200 {@code application/json} answer written straight to the response while it is read from the
 * database ({@code GET_UPDATES}, {@code GET_TOMBSTONES}, the folder lists), so its size is not
 * bounded by the heap. Until the writer's first byte a failure still gets the normal error answer.
 */
public final class StreamedJson {

    /** Writes a body to {@code response}; {@code gone} completes when the exchange is over (the client left). */
    @FunctionalInterface
    public interface Body {
        Uni<Void> to(HttpServerResponse response, Future<Void> gone);
    }

    private StreamedJson() {}

    public static Uni<Reply> answer(RoutingContext ctx, Body body) {
        HttpServerResponse response =
                ctx.response().setStatusCode(200).putHeader(HttpHeaders.CONTENT_TYPE, RouteHandlers.JSON);
        Promise<Void> gone = Promise.promise();
        ctx.addEndHandler(over -> gone.tryComplete());
        return body.to(response, gone.future()).map(written -> new Reply.Written());
    }
}
