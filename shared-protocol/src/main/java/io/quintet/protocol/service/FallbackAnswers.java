package io.quintet.protocol.service;

import io.vertx.core.http.HttpServerRequest;

/**
 * A service's own answer to a request none of its routes answered: what Vert.x or Quarkus would
 * otherwise answer in their own shapes (Quarkus' JSON with an error id, Vert.x Web's HTML 404).
 * A service implements it as one CDI bean; {@link ServiceFallbacks} then routes every such answer
 * through it. See docs/architecture.md (shared-protocol) for the recipe.
 */
public interface FallbackAnswers {

    /**
     * Ends {@code request.response()} with {@code status} in the service's own error shape (body and
     * content type). Called with 400 for a request head Vert.x refuses (HTTP/1.1 without
     * {@code Host}, an empty target), 404 for an unknown path, outside the root path or a target
     * such as {@code *}, 405/406/415 when a route matched the path but not the method or media
     * type, and the status of any failure no route handled (500 when it carried none).
     *
     * @param failure what failed, for the log (5xx); null for a refusal
     */
    void answer(HttpServerRequest request, int status, Throwable failure);
}
