package io.quintet.linkora.sync.rest;

import io.quintet.linkora.http.LinkoraRoutes;
import io.quintet.linkora.http.Reply;
import io.quintet.linkora.http.RouteRegistry;
import io.quintet.linkora.http.StreamedJson;
import io.quintet.linkora.sync.DeleteEverything;
import io.quintet.linkora.sync.repository.SyncRepository;
import io.quintet.linkora.write.Writes;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;

/** The delta routes and the wipe (spec 7.7). */
@ApplicationScoped
public class SyncRoutes implements LinkoraRoutes {

    public static final String GET_UPDATES = "GET_UPDATES";
    public static final String GET_TOMBSTONES = "GET_TOMBSTONES";
    public static final String DELETE_EVERYTHING = "DELETE_EVERYTHING";

    static final String PARAMETER = "eventTimestamp";
    static final String MISSING = "Expected a valid eventTimestamp value, but received null.";

    private final SyncRepository sync;
    private final Writes writes;

    public SyncRoutes(SyncRepository sync, Writes writes) {
        this.sync = sync;
        this.writes = writes;
    }

    @Override
    public void register(RouteRegistry routes) {
        routes.get(GET_UPDATES, (ctx, c) -> delta(ctx, sync::writeUpdates));
        routes.get(GET_TOMBSTONES, (ctx, c) -> delta(ctx, sync::writeTombstones));
        routes.postJson(DELETE_EVERYTHING, (body, ctx) -> deleteEverything(DeleteEverything.read(body)));
    }

    /** The parameter errors of spec 4.3, with the reference's exact texts; the JSON is streamed as it is read. */
    static Uni<Reply> delta(RoutingContext ctx, StreamedList write) {
        List<String> values = ctx.queryParam(PARAMETER);
        if (values.isEmpty()) {
            return Uni.createFrom().item(Reply.text(400, MISSING));
        }
        long since;
        try {
            since = Long.parseLong(values.get(0));
        } catch (NumberFormatException e) {
            // the reference answers the JVM's own message, e.g. For input string: "abc"
            return Uni.createFrom().item(Reply.text(400, e.getMessage()));
        }
        return StreamedJson.answer(ctx, (response, gone) -> write.to(since, response, gone));
    }

    /** A delta answer written straight to the response. */
    @FunctionalInterface
    interface StreamedList {
        Uni<Void> to(long since, HttpServerResponse response, Future<Void> gone);
    }

    /** Answers {@code {}} (spec Q8); the event lets online clients wipe too. */
    Uni<Map<String, Object>> deleteEverything(DeleteEverything request) {
        return writes.run(write -> sync.wipe(write).map(done -> {
            write.event(DELETE_EVERYTHING, request.at(write.stamp()));
            return Map.of();
        }));
    }
}
