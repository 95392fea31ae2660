package io.quintet.kora.collection.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quintet.kora.codec.JsonCodec;
import io.quintet.kora.collection.AppSchema;
import io.quintet.kora.collection.CollectionDef;
import io.quintet.kora.collection.SchemaException;
import io.quintet.kora.collection.repository.CollectionRepository;
import io.quintet.kora.collection.service.SchemaService;
import io.quintet.kora.error.KoraError;
import io.quintet.kora.error.KoraException;
import io.quintet.protocol.db.DatabaseOutageLog;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The admin API over the app schema and the materialized collections (kora.md 12.3, 12.4):
 * {@code setSchema}, {@code findRecord}, {@code queryCollection}, {@code countCollection}.
 * Every request needs the admin token.
 */
@Path("/admin")
@Produces(MediaType.APPLICATION_JSON)
public class AdminResource {

    private static final Logger LOG = Logger.getLogger(AdminResource.class);

    static final String TOKEN_HEADER = AdminGuard.TOKEN_HEADER;

    /** The answer to a schema change. */
    public record SchemaApplied(long revision, Map<String, Integer> backfilled) {}

    public record Count(long count) {}

    private final AdminGuard guard;
    private final SchemaService schemas;
    private final CollectionRepository collections;
    private final Pool pool;
    private final DatabaseOutageLog outages;

    public AdminResource(
            AdminGuard guard,
            SchemaService schemas,
            CollectionRepository collections,
            Pool pool,
            DatabaseOutageLog outages) {
        this.guard = guard;
        this.schemas = schemas;
        this.collections = collections;
        this.pool = pool;
        this.outages = outages;
    }

    @PUT
    @Path("/schema")
    @Consumes(MediaType.WILDCARD)
    public Uni<SchemaApplied> setSchema(
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam(TOKEN_HEADER) String token,
            String body) {
        guard.check(authorization, token);
        AppSchema schema = AppSchema.parse(body == null ? "" : body);
        return schemas.apply(schema).map(applied -> new SchemaApplied(applied.revision(), applied.backfilled()));
    }

    @GET
    @Path("/schema")
    public Uni<Response> schema(
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @HeaderParam(TOKEN_HEADER) String token) {
        guard.check(authorization, token);
        return schemas.current().map(schema -> {
            if (schema == null) throw KoraError.NO_SCHEMA.exception();
            return Response.ok(schema.text(), MediaType.APPLICATION_JSON).build();
        });
    }

    @GET
    @Path("/collections/{collection}/records/{id}")
    public Uni<ObjectNode> find(
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam(TOKEN_HEADER) String token,
            @PathParam("collection") String collection,
            @PathParam("id") String id) {
        guard.check(authorization, token);
        return collection(collection).chain(c -> collections.find(pool, c, id)).map(record -> {
            if (record == null) throw KoraError.NOT_FOUND.exception(id, collection);
            return record;
        });
    }

    @GET
    @Path("/collections/{collection}/records")
    public Uni<List<ObjectNode>> records(
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam(TOKEN_HEADER) String token,
            @PathParam("collection") String collection,
            @QueryParam("where") String where,
            @QueryParam("orderBy") String orderBy,
            @QueryParam("orderDirection") String orderDirection,
            @QueryParam("limit") String limit,
            @QueryParam("offset") String offset,
            @QueryParam("includeDeleted") String includeDeleted) {
        guard.check(authorization, token);
        CollectionRepository.Query query = query(
                whereObject(where == null ? null : parse(where)),
                orderBy,
                orderDirection,
                integer(limit, "limit"),
                integer(offset, "offset"),
                "true".equals(includeDeleted));
        return collection(collection).chain(c -> collections.query(pool, c, query));
    }

    /** The same query with a JSON body {@code {where, orderBy, orderDirection, limit, offset, includeDeleted}}. */
    @POST
    @Path("/collections/{collection}/query")
    @Consumes(MediaType.WILDCARD)
    public Uni<List<ObjectNode>> query(
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam(TOKEN_HEADER) String token,
            @PathParam("collection") String collection,
            String body) {
        guard.check(authorization, token);
        JsonNode json = body == null || body.isBlank() ? JsonCodec.mapper().createObjectNode() : parse(body);
        if (!json.isObject()) throw new SchemaException("query body must be a JSON object");
        CollectionRepository.Query query = query(
                whereObject(json.get("where")),
                text(json, "orderBy"),
                text(json, "orderDirection"),
                integer(json, "limit"),
                integer(json, "offset"),
                json.path("includeDeleted").asBoolean(false));
        return collection(collection).chain(c -> collections.query(pool, c, query));
    }

    @GET
    @Path("/collections/{collection}/count")
    public Uni<Count> count(
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam(TOKEN_HEADER) String token,
            @PathParam("collection") String collection,
            @QueryParam("where") String where) {
        guard.check(authorization, token);
        ObjectNode filter = whereObject(where == null ? null : parse(where));
        return collection(collection)
                .chain(c -> collections.count(pool, c, filter))
                .map(Count::new);
    }

    private Uni<CollectionDef> collection(String name) {
        return schemas.current().map(schema -> {
            CollectionDef c = schema == null ? null : schema.collection(name);
            if (c == null) throw KoraError.UNKNOWN_COLLECTION.exception(name);
            return c;
        });
    }

    private static CollectionRepository.Query query(
            ObjectNode where, String orderBy, String direction, Integer limit, Integer offset, boolean includeDeleted) {
        if (direction != null && !direction.equals("asc") && !direction.equals("desc")) {
            throw new SchemaException("orderDirection must be asc or desc");
        }
        if ((limit != null && limit < 0) || (offset != null && offset < 0)) {
            throw new SchemaException("limit and offset must not be negative");
        }
        return new CollectionRepository.Query(where, orderBy, "desc".equals(direction), limit, offset, includeDeleted);
    }

    private static JsonNode parse(String text) {
        try {
            return JsonCodec.mapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw new SchemaException(JsonCodec.describe(e));
        }
    }

    private static ObjectNode whereObject(JsonNode where) {
        if (where == null || where.isNull()) return null;
        if (!(where instanceof ObjectNode object)) throw new SchemaException("where must be a JSON object");
        return object;
    }

    private static String text(JsonNode json, String member) {
        JsonNode value = json.get(member);
        if (value == null || value.isNull()) return null;
        if (!value.isTextual()) throw new SchemaException(member + " must be a string");
        return value.textValue();
    }

    private static Integer integer(String text, String name) {
        if (text == null || text.isEmpty()) return null;
        try {
            return Integer.valueOf(text);
        } catch (NumberFormatException e) {
            throw new SchemaException(name + " must be an integer");
        }
    }

    private static Integer integer(JsonNode json, String member) {
        JsonNode value = json.get(member);
        if (value == null || value.isNull()) return null;
        if (!value.isIntegralNumber() || !value.canConvertToInt())
            throw new SchemaException(member + " must be an integer");
        return value.intValue();
    }

    /**
     * Whatever else fails in an admin request (the database included) answers in the admin API's
     * own shape, without the failure's text, which may be the database's or name a class.
     */
    @ServerExceptionMapper
    public Response failed(Throwable failure) {
        if (failure instanceof KoraException e) return AdminExceptionMapper.response(e.error(), e.getMessage());
        if (failure instanceof SchemaException e)
            return AdminExceptionMapper.response(KoraError.INVALID_REQUEST, e.getMessage());
        if (failure instanceof WebApplicationException e && e.getResponse().getStatus() < 500) {
            int status = e.getResponse().getStatus();
            return Response.status(status)
                    .type(MediaType.APPLICATION_JSON)
                    .entity(new AdminError(KoraError.INVALID_REQUEST.code(), "request refused (HTTP " + status + ")"))
                    .build();
        }
        if (!outages.failed(failure)) LOG.errorf(failure, "admin request failed");
        return AdminExceptionMapper.response(KoraError.INTERNAL_ERROR, KoraError.INTERNAL_ERROR.text());
    }
}
