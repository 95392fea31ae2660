package io.quintet.kora.transport;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;

/**
 * The HTTP fallback transport at the WebSocket's own path (kora.md 2.2): {@code POST} feeds one
 * message to the session, {@code GET} (without an upgrade) takes the next outbound message.
 */
@Path("/")
public class HttpSyncResource {

    static final String CLIENT_ID = "X-Kora-Client-Id";

    private final HttpSessions sessions;

    public HttpSyncResource(HttpSessions sessions) {
        this.sessions = sessions;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> post(
            @HeaderParam(CLIENT_ID) String clientId,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            byte[] body) {
        String key = key(clientId, authorization);
        if (key == null || body == null || body.length == 0) {
            return Uni.createFrom().item(Response.status(400).build());
        }
        return sessions.session(key).chain(session -> {
            if (session == null) {
                return Uni.createFrom().item(busy());
            }
            if (!session.isOpen()) {
                return Uni.createFrom().item(Response.status(410).build());
            }
            boolean protobuf = contentType != null ? contentType.contains(HttpSession.PROTOBUF) : body[0] == 0x0A;
            Uni<Void> handled = protobuf
                    ? sessions.service().binary(session.id, body)
                    : sessions.service().text(session.id, new String(body, StandardCharsets.UTF_8));
            return handled.replaceWith(Response.status(202).build());
        });
    }

    @GET
    public Uni<Response> poll(
            @HeaderParam(CLIENT_ID) String clientId,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        String key = key(clientId, authorization);
        if (key == null) {
            return Uni.createFrom().item(Response.status(400).build());
        }
        return sessions.session(key).map(session -> {
            if (session == null) {
                return busy();
            }
            HttpSession.Outbound head = session.head();
            if (head == null) {
                // a closed session's last messages (its error) are still handed out, then 410
                return session.isOpen()
                        ? Response.noContent().build()
                        : Response.status(410).build();
            }
            if (head.etag().equals(ifNoneMatch)) {
                return Response.notModified()
                        .header(HttpHeaders.ETAG, head.etag())
                        .build();
            }
            session.removeHead(head);
            return Response.ok(head.body())
                    .header(HttpHeaders.CONTENT_TYPE, head.contentType())
                    .header(HttpHeaders.ETAG, head.etag())
                    .build();
        });
    }

    @PUT
    public Response put() {
        return notAllowed();
    }

    @DELETE
    public Response delete() {
        return notAllowed();
    }

    @PATCH
    public Response patch() {
        return notAllowed();
    }

    /** Too many sessions are waiting for their handshake. */
    private static Response busy() {
        return Response.status(503).header(HttpHeaders.RETRY_AFTER, "10").build();
    }

    private static Response notAllowed() {
        return Response.status(405).header(HttpHeaders.ALLOW, "GET, POST").build();
    }

    /** The session key: the client id header, else the bearer token; null when neither is usable. */
    static String key(String clientId, String authorization) {
        if (clientId != null && !clientId.isBlank()) {
            return "id:" + clientId.trim();
        }
        if (authorization != null
                && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                && !authorization.substring(7).isBlank()) {
            return "token:" + authorization.substring(7).trim();
        }
        return null;
    }
}
