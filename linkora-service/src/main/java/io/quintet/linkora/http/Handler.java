package io.quintet.linkora.http;

import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/** A route's work: the answer is a {@link Reply} or an object written as JSON with status 200. */
@FunctionalInterface
public interface Handler<I> {
    Uni<?> handle(I input, RoutingContext context);
}
