package io.quintet.linkora.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.quintet.linkora.config.LinkoraConfig;
import io.quintet.linkora.config.ServerToken;
import io.quintet.linkora.error.LinkoraError;
import io.quintet.linkora.error.LinkoraException;
import io.quintet.protocol.db.DatabaseOutageLog;
import io.quintet.protocol.http.BodyBudget;
import io.quintet.protocol.http.BodyLimit;
import io.quintet.protocol.linkora.LinkoraBearer;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.impl.RoutingContextInternal;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

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

    private static final Logger LOG = Logger.getLogger(RouteHandlers.class);

    private final ServerToken token;
    private final ObjectReader reader;
    private final ObjectWriter writer;
    private final BodyLimit bodyLimit;
    private final DatabaseOutageLog outages;
    private final BodyBudget bodyBudget;

    /** Bodies up to this size (nearly all requests) are read without asking the budget. */
    static final long SMALL_BODY = 64 * 1024;

    public RouteHandlers(ServerToken token, ObjectMapper mapper, LinkoraConfig config, DatabaseOutageLog outages) {
        this.token = token;
        this.outages = outages;
        this.reader = mapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.writer = mapper.writer();
        this.bodyLimit = new BodyLimit(config.maxBodySize().asLongValue());
        this.bodyBudget = new BodyBudget(config.bodyMemory().asLongValue(), SMALL_BODY);
    }

    /** Routes with a body: the token is checked first, then the body is read within the limit. */
    Route withBody(Route route) {
        return route.handler(this::tokenThenBody);
    }

    /**
     * Refuses before reading anything what can be refused on the head: a wrong token (401) and a
     * declared length over {@code LINKORA_MAX_BODY_SIZE} (413, empty like the other 4xx); stops reading
     * a chunked body as soon as it passes the limit (413). After such an answer the connection is
     * closed rather than drained, so an unauthenticated 200 MB upload costs the service nothing.
     * Large bodies are read and handled only as far as {@code LINKORA_BODY_MEMORY} allows
     * ({@link BodyBudget}): with the launcher's small heap, eight 3 MB bodies at once run a few at
     * a time instead of exhausting it.
     */
    private void tokenThenBody(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        LinkoraBearer.Verdict verdict = verdict(ctx);
        if (!verdict.accepted()) {
            Reply refusal = Reply.text(401, verdict.refusal());
            if (BodyLimit.bodyPending(request)) {
                BodyLimit.refuseAndClose(request, () -> write(ctx, refusal));
            } else {
                write(ctx, refusal);
            }
            return;
        }
        if (bodyLimit.declaredTooLarge(request)) {
            tooLarge(ctx);
            return;
        }
        // HTTP/2 streams share one flow-control window: a paused stream could starve the one
        // holding the budget, so they are not held back (Linkora's clients speak HTTP/1.1)
        Future<Long> reserved = request.version() == HttpVersion.HTTP_2
                ? Future.succeededFuture(0L)
                : bodyBudget.reserve(BodyLimit.declaredLength(request));
        reserved.onSuccess(granted -> {
            if (ctx.response().ended() || ctx.response().closed()) {
                bodyBudget.release(granted);
                return;
            }
            ctx.addEndHandler(v -> bodyBudget.release(granted));
            readBody(ctx);
        });
    }

    /** Reads the body within the limit (the request stayed paused while the budget was awaited). */
    private void readBody(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        bodyLimit.read(request).onComplete(read -> {
            if (read.succeeded()) {
                ((RoutingContextInternal) ctx).setBody(read.result());
                ctx.next();
            } else if (read.cause() instanceof BodyLimit.TooLarge) {
                tooLarge(ctx);
            } else if (!ctx.response().ended()) {
                // the client went away or broke the framing mid-body: nobody to answer
                request.connection().close();
            }
        });
    }

    private void tooLarge(RoutingContext ctx) {
        BodyLimit.refuseAndClose(ctx.request(), () -> answer(ctx, LinkoraError.BODY_TOO_LARGE));
    }

    private LinkoraBearer.Verdict verdict(RoutingContext ctx) {
        return LinkoraBearer.check(
                ctx.request().getHeader(HttpHeaders.AUTHORIZATION),
                token.current().orElse(null));
    }

    /**
     * Checks the bearer token; on refusal answers 401 with the reference's text and returns false.
     * Never logs the presented token (spec D11).
     */
    public boolean authorize(RoutingContext ctx) {
        LinkoraBearer.Verdict verdict = verdict(ctx);
        if (!verdict.accepted()) {
            write(ctx, Reply.text(401, verdict.refusal()));
        }
        return verdict.accepted();
    }

    /** After {@link #withBody}, which checked the token. */
    void json(RoutingContext ctx, Handler<JsonFields> handler) {
        if (!isJson(ctx.request().getHeader(HttpHeaders.CONTENT_TYPE))) {
            answer(ctx, LinkoraError.UNSUPPORTED_MEDIA_TYPE);
            return;
        }
        JsonFields body;
        try {
            body = JsonFields.of(parse(ctx.body().buffer()));
        } catch (LinkoraException e) {
            answer(ctx, e.error());
            return;
        } finally {
            // the parsed fields are all that is needed: a large body's bytes can go now
            ((RoutingContextInternal) ctx).setBody(null);
        }
        run(ctx, () -> handler.handle(body, ctx));
    }

    void raw(RoutingContext ctx, Handler<RoutingContext> handler, boolean authenticated) {
        if (authenticated && !authorize(ctx)) {
            return;
        }
        run(ctx, () -> handler.handle(ctx, ctx));
    }

    /** Parses a JSON document; anything unreadable or followed by garbage is a bad request ({@link LinkoraError#BAD_REQUEST}). */
    public JsonNode parse(Buffer body) {
        if (body == null || body.length() == 0) {
            throw LinkoraError.BAD_REQUEST.exception("empty body");
        }
        try {
            // the buffer's own array when it has one: no copy of a large body
            io.netty.buffer.ByteBuf bytes = body.getByteBuf();
            JsonNode node = bytes.hasArray()
                    ? reader.readTree(bytes.array(), bytes.arrayOffset() + bytes.readerIndex(), bytes.readableBytes())
                    : reader.readTree(body.getBytes());
            if (node == null || node.isMissingNode()) {
                throw LinkoraError.BAD_REQUEST.exception("empty body");
            }
            return node;
        } catch (IOException e) {
            throw LinkoraError.BAD_REQUEST.exception("malformed JSON");
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
        if (result instanceof Reply.Written) {
            return;
        } else if (result instanceof Reply.Empty) {
            response.setStatusCode(200).end();
        } else if (result instanceof Reply.Text text) {
            response.setStatusCode(text.status())
                    .putHeader(HttpHeaders.CONTENT_TYPE, TEXT)
                    .end(text.text());
        } else if (result instanceof Reply.Html html) {
            response.setStatusCode(200)
                    .putHeader(HttpHeaders.CONTENT_TYPE, HTML)
                    .end(html.html());
        } else if (result instanceof Reply.Bytes bytes) {
            response.setStatusCode(200)
                    .putHeader(HttpHeaders.CONTENT_TYPE, bytes.contentType())
                    .end(bytes.bytes());
        } else {
            Object body = result instanceof Reply.Json json ? json.body() : result;
            byte[] bytes;
            try {
                bytes = writer.writeValueAsBytes(body);
            } catch (JsonProcessingException e) {
                fail(ctx, e);
                return;
            }
            response.setStatusCode(200)
                    .putHeader(HttpHeaders.CONTENT_TYPE, JSON)
                    .end(Buffer.buffer(bytes));
        }
    }

    public void fail(RoutingContext ctx, Throwable failure) {
        if (ctx.response().ended() || ctx.response().closed()) {
            return;
        }
        if (failure instanceof LinkoraException refusal) {
            answer(ctx, refusal.error());
        } else {
            // a database outage is logged once and summed up, not per request (issue 17)
            if (!outages.failed(failure)) {
                LOG.errorf(failure, "%s %s failed", ctx.request().method(), ctx.normalizedPath());
            }
            answer(ctx, LinkoraError.INTERNAL_ERROR);
        }
    }

    /** The catalogue's answer: its text as {@code text/plain}, or no body and no {@code Content-Type} when it has none. */
    public void answer(RoutingContext ctx, LinkoraError error) {
        answer(ctx.response(), error);
    }

    /** {@link #answer(RoutingContext, LinkoraError)} for a request no route saw (LinkoraFallbacks). */
    static void answer(HttpServerResponse response, LinkoraError error) {
        if (response.ended() || response.closed()) {
            return;
        }
        response.setStatusCode(error.status);
        if (error.text.isEmpty()) {
            response.end();
        } else {
            response.putHeader(HttpHeaders.CONTENT_TYPE, TEXT).end(error.text);
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
