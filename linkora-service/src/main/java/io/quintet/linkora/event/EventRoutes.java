package io.quintet.linkora.event;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.quintet.linkora.http.LinkoraRoutes;
import io.quintet.linkora.http.RouteRegistry;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * {@code GET /events}: the WebSocket every app keeps open for live events (spec 9). The bearer
 * token is checked before the upgrade (plain 401s of spec 3.2); a missing or unreadable
 * {@code correlation} parameter is answered, like the reference, by completing the upgrade and
 * closing with 1003 and the reference's reason. Upgraded with {@code toWebSocket()} because
 * Quarkus disables Vert.x' own WebSocket handling on its HTTP server.
 */
@ApplicationScoped
public class EventRoutes implements LinkoraRoutes {

    public static final String PATH = "events";
    static final short UNSUPPORTED_DATA = 1003;
    static final String MISSING_CORRELATION =
            "Expected `correlation` as an encoded JSON string via parameter, but it was not provided.";
    static final String INVALID_CORRELATION = "The schema of the provided JSON does not match the expected format.";

    private static final Logger LOG = Logger.getLogger(EventRoutes.class);

    private final EventSessions sessions;
    private final ObjectReader reader;

    public EventRoutes(EventSessions sessions, ObjectMapper mapper) {
        this.sessions = sessions;
        this.reader = mapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    @Override
    public void register(RouteRegistry routes) {
        routes.router().route(HttpMethod.GET, "/" + PATH).handler(ctx -> open(ctx, routes));
        // the path exists: any other method is 405 with an empty body (spec 2.4), not 404
        routes.router()
                .route("/" + PATH)
                .handler(ctx -> ctx.response().setStatusCode(405).end());
    }

    private void open(RoutingContext ctx, RouteRegistry routes) {
        if (!routes.handlers().authorize(ctx)) {
            return;
        }
        String correlation = ctx.request().getParam("correlation");
        ctx.request().toWebSocket().onComplete(upgrade -> {
            if (upgrade.failed()) {
                // not an upgrade request (or a broken one): nothing to serve over plain HTTP
                LOG.debugf("events upgrade failed: %s", upgrade.cause().getMessage());
                if (!ctx.response().ended() && !ctx.response().closed()) {
                    ctx.response().setStatusCode(400).end();
                }
                return;
            }
            accept(upgrade.result(), correlation);
        });
    }

    private void accept(ServerWebSocket socket, String correlation) {
        if (correlation == null) {
            socket.close(UNSUPPORTED_DATA, MISSING_CORRELATION);
            return;
        }
        String id = correlationId(correlation);
        if (id == null) {
            socket.close(UNSUPPORTED_DATA, INVALID_CORRELATION);
            return;
        }
        EventSession session = new EventSession(socket, id);
        // frames from clients are read and discarded (spec 9.3); any of them shows the client is alive
        socket.handler(ignored -> session.alive());
        socket.pongHandler(ignored -> session.alive());
        socket.closeHandler(closed -> sessions.remove(session));
        // protocol errors (unmasked or oversized frame, reserved opcode, stray continuation) are closed with
        // 1002/1009 before they get here, by shared-protocol's ProtocolErrorClose (issue 17)
        socket.exceptionHandler(failure -> {
            LOG.debugf("events socket failed: %s", failure.getMessage());
            sessions.remove(session);
        });
        sessions.add(session);
    }

    /**
     * The id of a correlation {@code {"id": ..., "clientName": ...}} (both strings); unknown keys
     * are ignored (spec D20). Null if the text is not such an object.
     */
    String correlationId(String json) {
        try {
            JsonNode node = reader.readTree(json);
            if (node == null || !node.isObject()) {
                return null;
            }
            JsonNode id = node.get("id");
            JsonNode clientName = node.get("clientName");
            return id != null && id.isTextual() && clientName != null && clientName.isTextual() ? id.asText() : null;
        } catch (Exception e) {
            return null;
        }
    }
}
