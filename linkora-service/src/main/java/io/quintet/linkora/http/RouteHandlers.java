package io.quintet.linkora.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.quintet.linkora.config.LinkoraConfig;
import io.quintet.linkora.config.ServerToken;
import io.quintet.protocol.linkora.LinkoraBearer;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.util.function.Supplier;

/**
 * The framing every route shares: bearer check (spec 3.2), JSON request decoding (4.1), answers
 * with the exact content types (4.2) and the error model (4.3) — 400 and 415 with empty bodies,
 * LWW refusals 409 with a short text, anything unexpected 500 with a short text and the details
 * only in the server log.
 */
@ApplicationScoped
public class RouteHandlers {

    public static final String JSON = "application/json";
    public static final String TEXT = "text/plain; charset=UTF-8";
    public static final String HTML = "text/html; charset=UTF-8";
    static final String INTERNAL_ERROR = "Internal server error.";

    private static final Logger LOG = Logger.getLogger(RouteHandlers.class);

    private final ServerToken token;
    private final ObjectReader reader;
    private final ObjectWriter writer;
    private final BodyHandler bodies;

    public RouteHandlers(ServerToken token, ObjectMapper mapper, LinkoraConfig config) {
        this.token = token;
        this.reader = mapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.writer = mapper.writer();
        this.bodies = BodyHandler.create(false).setBodyLimit(config.maxBodySize().asLongValue());
    }

    Route withBody(Route route) {
        return route.handler(bodies);
    }

    /**
     * Checks the bearer token; on refusal answers 401 with the reference's text and returns false.
     * Never logs the presented token (spec D11).
     */
    public boolean authorize(RoutingContext ctx) {
        LinkoraBearer.Verdict verdict = LinkoraBearer.check(ctx.request().getHeader(HttpHeaders.AUTHORIZATION),
                token.current().orElse(null));
        if (!verdict.accepted()) {
            write(ctx, Reply.text(401, verdict.refusal()));
        }
        return verdict.accepted();
    }

    void json(RoutingContext ctx, Handler<JsonFields> handler) {
        if (!authorize(ctx)) {
            return;
        }
        if (!isJson(ctx.request().getHeader(HttpHeaders.CONTENT_TYPE))) {
            ctx.response().setStatusCode(415).end();
            return;
        }
        JsonFields body;
        try {
            body = JsonFields.of(parse(ctx.body().buffer()));
        } catch (BadRequest e) {
            ctx.response().setStatusCode(400).end();
            return;
        }
        run(ctx, () -> handler.handle(body, ctx));
    }

    void raw(RoutingContext ctx, Handler<RoutingContext> handler, boolean authenticated) {
        if (authenticated && !authorize(ctx)) {
            return;
        }
        run(ctx, () -> handler.handle(ctx, ctx));
    }

    /** Parses a JSON document; anything unreadable or followed by garbage is a {@link BadRequest}. */
    public JsonNode parse(Buffer body) {
        if (body == null || body.length() == 0) {
            throw new BadRequest("empty body");
        }
        try {
            JsonNode node = reader.readTree(body.getBytes());
            if (node == null || node.isMissingNode()) {
                throw new BadRequest("empty body");
            }
            return node;
        } catch (IOException e) {
            throw new BadRequest("malformed JSON");
        }
    }

    private void run(RoutingContext ctx, Supplier<Uni<?>> work) {
        Uni<?> answer;
        try {
            answer = work.get();
        } catch (RuntimeException e) {
            fail(ctx, e);
            return;
        }
        answer.subscribe().with(result -> write(ctx, result), failure -> fail(ctx, failure));
    }

    /** Writes a handler's result: a {@link Reply}, or any other object as JSON with status 200. */
    public void write(RoutingContext ctx, Object result) {
        HttpServerResponse response = ctx.response();
        if (response.ended() || response.closed()) {
            return;
        }
        if (result instanceof Reply.Empty) {
            response.setStatusCode(200).end();
        } else if (result instanceof Reply.Text text) {
            response.setStatusCode(text.status()).putHeader(HttpHeaders.CONTENT_TYPE, TEXT).end(text.text());
        } else if (result instanceof Reply.Html html) {
            response.setStatusCode(200).putHeader(HttpHeaders.CONTENT_TYPE, HTML).end(html.html());
        } else if (result instanceof Reply.Bytes bytes) {
            response.setStatusCode(200).putHeader(HttpHeaders.CONTENT_TYPE, bytes.contentType()).end(bytes.bytes());
        } else {
            Object body = result instanceof Reply.Json json ? json.body() : result;
            byte[] bytes;
            try {
                bytes = writer.writeValueAsBytes(body);
            } catch (JsonProcessingException e) {
                fail(ctx, e);
                return;
            }
            response.setStatusCode(200).putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(Buffer.buffer(bytes));
        }
    }

    public void fail(RoutingContext ctx, Throwable failure) {
        if (ctx.response().ended() || ctx.response().closed()) {
            return;
        }
        if (failure instanceof BadRequest) {
            ctx.response().setStatusCode(400).end();
        } else if (failure instanceof LwwConflict) {
            write(ctx, Reply.text(409, LwwConflict.MESSAGE));
        } else {
            LOG.errorf(failure, "%s %s failed", ctx.request().method(), ctx.normalizedPath());
            write(ctx, Reply.text(500, INTERNAL_ERROR));
        }
    }

    /** {@code application/json}, any parameters (spec 4.1: a charset is fine), any case. */
    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim();
        return type.equalsIgnoreCase(JSON);
    }
}
