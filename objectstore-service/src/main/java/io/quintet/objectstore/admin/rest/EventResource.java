package io.quintet.objectstore.admin.rest;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.quintet.objectstore.admin.AdminRoute;
import io.quintet.objectstore.error.AdminError;
import io.quintet.objectstore.events.LogEvent;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Persistent log events (6.1 Log events; 6.2 /events): newer/older paging, jump to a time, export. */
@Path("/api/v1/events")
@AdminRoute
@Tag(name = "admin log events")
public class EventResource {

    static final Set<Integer> PAGE_SIZES = Set.of(10, 15, 20, 50, 100);

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary =
                    "Events newest first: before (ns, exclusive) pages to older ones, after (ns) to newer ones; limit 10/15/20/50/100")
    public Uni<Map<String, Object>> events(
            @QueryParam("before") Long before,
            @QueryParam("after") Long after,
            @QueryParam("limit") @DefaultValue("20") int limit) {
        if (!PAGE_SIZES.contains(limit)) throw AdminError.BAD_REQUEST.with("limit is one of " + PAGE_SIZES);
        Uni<List<LogEvent>> page;
        if (after != null) {
            page = Panache.withSession(() -> LogEvent.<LogEvent>find(
                                    "timestampNs > :t", Sort.ascending("timestampNs"), Parameters.with("t", after))
                            .page(0, limit)
                            .list())
                    .map(list -> {
                        java.util.Collections.reverse(list);
                        return list;
                    });
        } else {
            long b = before == null ? Long.MAX_VALUE : before;
            page = Panache.withSession(() -> LogEvent.<LogEvent>find(
                            "timestampNs < :t", Sort.descending("timestampNs"), Parameters.with("t", b))
                    .page(0, limit)
                    .list());
        }
        return page.map(list -> {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("events", list.stream().map(EventResource::view).toList());
            out.put("limit", limit);
            return out;
        });
    }

    @GET
    @Path("/export")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Every stored event as a JSON download")
    public Uni<Response> export() {
        return Panache.withSession(() -> LogEvent.<LogEvent>listAll(Sort.descending("timestampNs")))
                .map(list -> Response.ok(list.stream().map(EventResource::view).toList())
                        .header("Content-Disposition", "attachment; filename=\"objectstore-log-events.json\"")
                        .build());
    }

    private static Object extra(String text) {
        try {
            return io.quintet.objectstore.wire.WireCodec.JSON.readTree(text == null ? "{}" : text);
        } catch (java.io.IOException e) {
            return Map.of();
        }
    }

    static Map<String, Object> view(LogEvent e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", e.id.toString());
        m.put("timestamp", Long.toString(e.timestampNs));
        m.put("lastTimestamp", Long.toString(e.lastTimestampNs));
        m.put("count", e.repeatCount);
        m.put("type", e.type);
        m.put("message", e.message);
        m.put("component", e.component);
        m.put("peerId", e.peerId);
        m.put("thread", e.thread);
        m.put("subject", e.subject);
        m.put("stackTrace", e.stackTrace);
        m.put("parentId", e.parentId == null ? null : e.parentId.toString());
        m.put("clientId", e.clientId);
        m.put("extra", extra(e.extra));
        m.put("serverVersion", e.serverVersion);
        return m;
    }
}
