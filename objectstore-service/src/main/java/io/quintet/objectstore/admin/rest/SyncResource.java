package io.quintet.objectstore.admin.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quintet.objectstore.admin.AdminRoute;
import io.quintet.objectstore.db.ServerState;
import io.quintet.objectstore.error.AdminError;
import io.quintet.objectstore.history.HistoryTail;
import io.quintet.objectstore.model.Entity;
import io.quintet.objectstore.model.Model;
import io.quintet.objectstore.monitoring.MetricSampler;
import io.quintet.objectstore.monitoring.SyncMetrics;
import io.quintet.objectstore.schema.SchemaRegistry;
import io.quintet.objectstore.session.Session;
import io.quintet.objectstore.session.SessionRegistry;
import io.quintet.objectstore.tx.OpCodec;
import io.quintet.objectstore.wire.WireCodec;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Sync statistics, history browser and connected clients (6.1, 6.2 /sync). */
@Path("/api/v1/sync")
@AdminRoute
@Tag(name = "admin sync")
public class SyncResource {

    static final int MAX_POINTS = 1200;

    private final MetricSampler sampler;
    private final SyncMetrics metrics;
    private final SessionRegistry sessions;
    private final SchemaRegistry schemas;
    private final HistoryTail history;
    private final ServerState state;
    private final Pool pool;

    public SyncResource(
            MetricSampler sampler,
            SyncMetrics metrics,
            SessionRegistry sessions,
            SchemaRegistry schemas,
            HistoryTail history,
            ServerState state,
            Pool pool) {
        this.sampler = sampler;
        this.metrics = metrics;
        this.sessions = sessions;
        this.schemas = schemas;
        this.history = history;
        this.state = state;
        this.pool = pool;
    }

    @GET
    @Path("/stats")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Statistics time series (1-s samples of the obx_* metrics, last hour); from/to in epoch ms")
    public Map<String, Object> stats(@QueryParam("from") Long from, @QueryParam("to") Long to) {
        long end = to == null ? System.currentTimeMillis() : to;
        long start = from == null ? end - 10 * 60_000 : from;
        if (start > end) throw AdminError.BAD_REQUEST.with("from must not be after to");
        List<MetricSampler.Sample> samples = sampler.range(start, end, MAX_POINTS);
        List<SyncMetrics.Series> series = metrics.series();
        List<Long> timestamps = new ArrayList<>(samples.size());
        for (MetricSampler.Sample s : samples) timestamps.add(s.timestampMs());
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < series.size(); i++) {
            SyncMetrics.Series sr = series.get(i);
            if (sr.part().equals("_bucket")) continue;
            double[] column = new double[samples.size()];
            for (int k = 0; k < samples.size(); k++) column[k] = samples.get(k).values()[i];
            values.put(sr.sampleName(), column);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("from", start);
        out.put("to", end);
        out.put("timestamps", timestamps);
        out.put("series", values);
        return out;
    }

    @GET
    @Path("/clients")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary =
                    "Clients logged in to this replica: client ID, address, schema version, filter variables, lastHseq, TXs behind")
    public List<Session.ClientView> clients() {
        return sessions.clients();
    }

    @GET
    @Path("/history")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary =
                    "History entries newest first: before=hseq (exclusive), limit; txId= finds one TX; oldest=true shows the oldest")
    public Uni<Map<String, Object>> history(
            @QueryParam("before") Long before,
            @QueryParam("limit") @DefaultValue("20") int limit,
            @QueryParam("txId") String txId,
            @QueryParam("oldest") @DefaultValue("false") boolean oldest) {
        if (limit < 1 || limit > 500) throw AdminError.BAD_REQUEST.with("1 <= limit <= 500");
        Uni<io.vertx.mutiny.sqlclient.RowSet<Row>> rows;
        if (txId != null && !txId.isBlank()) {
            rows = pool.preparedQuery("SELECT seq, payload, recorded_at FROM objectstore.oplog WHERE stream = 'tx' "
                            + "AND payload ->> 'txId' = $1 ORDER BY seq DESC LIMIT $2")
                    .execute(Tuple.of(txId, limit));
        } else if (oldest) {
            rows = pool.preparedQuery("SELECT seq, payload, recorded_at FROM objectstore.oplog WHERE stream = 'tx' "
                            + "ORDER BY seq ASC LIMIT $1")
                    .execute(Tuple.of(limit));
        } else {
            long b = before == null ? Long.MAX_VALUE : before;
            rows = pool.preparedQuery("SELECT seq, payload, recorded_at FROM objectstore.oplog WHERE stream = 'tx' "
                            + "AND seq < $1 ORDER BY seq DESC LIMIT $2")
                    .execute(Tuple.of(b, limit));
        }
        return rows.map(rs -> {
            List<Map<String, Object>> entries = new ArrayList<>();
            for (Row r : rs) entries.add(entry(r, false));
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("head", history.head());
            out.put("oldestRetained", state.prunedThrough() + 1);
            out.put("entries", entries);
            return out;
        });
    }

    @GET
    @Path("/history/{hseq}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "One history entry with its ops (property names of the current version)")
    public Uni<Map<String, Object>> entry(@PathParam("hseq") long hseq) {
        return pool.preparedQuery(
                        "SELECT seq, payload, recorded_at FROM objectstore.oplog WHERE stream = 'tx' AND seq = $1")
                .execute(Tuple.of(hseq))
                .map(rs -> {
                    if (!rs.iterator().hasNext()) throw AdminError.NOT_FOUND.with("no history entry " + hseq);
                    return entry(rs.iterator().next(), true);
                });
    }

    private Map<String, Object> entry(Row r, boolean withOps) {
        JsonNode payload;
        try {
            payload = WireCodec.JSON.readTree(r.getValue(1).toString());
        } catch (IOException e) {
            throw AdminError.INTERNAL.with("unreadable history entry " + r.getLong(0));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("hseq", r.getLong(0));
        m.put("txId", payload.path("txId").asText(""));
        m.put("clientId", payload.path("c").asText(""));
        m.put("origin", payload.path("o").asText(""));
        m.put("createdAt", payload.path("at").asText("0"));
        m.put("recordedAt", String.valueOf(r.getValue(2)));
        m.put("opCount", payload.path("ops").size());
        if (withOps) {
            Model model = schemas.current().model();
            ArrayNode ops = JsonNodeFactory.instance.arrayNode();
            for (JsonNode op : payload.path("ops")) {
                ObjectNode rendered = op instanceof ObjectNode o ? OpCodec.render(o, model) : null;
                if (rendered == null) {
                    ops.add(op);
                    continue;
                }
                if (op.has("type")) {
                    model.entity(Long.parseUnsignedLong(op.get("type").asText()))
                            .map(Entity::name)
                            .ifPresent(n -> rendered.put("typeName", n));
                }
                ops.add(rendered);
            }
            m.put("ops", ops);
        }
        return m;
    }
}
