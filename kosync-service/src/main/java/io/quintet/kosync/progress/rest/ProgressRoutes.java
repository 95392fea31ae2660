package io.quintet.kosync.progress.rest;

import io.netty.util.AsciiString;
import io.quintet.kosync.auth.Account;
import io.quintet.kosync.auth.Authenticator;
import io.quintet.kosync.error.KosyncError;
import io.quintet.kosync.error.KosyncException;
import io.quintet.kosync.http.ErrorBody;
import io.quintet.kosync.http.JsonBody;
import io.quintet.kosync.http.JsonReply;
import io.quintet.kosync.http.ProtocolRoutes;
import io.quintet.kosync.progress.Position;
import io.quintet.kosync.progress.ProgressPush;
import io.quintet.kosync.progress.service.ProgressService;
import io.quintet.protocol.db.DatabaseOutageLog;
import io.quintet.protocol.http.BodyLimit;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * KOReader's two hot calls, pull and push, served straight from the Vert.x router: the same
 * answers as {@link ProgressResource} (which stays as the documented resource and serves any
 * variant these routes do not match, e.g. {@code HEAD}), without the REST layer's per-request
 * machinery (request scope, context propagation, writer lookup), which cost more CPU than the
 * database read itself. The framing filter ({@link ProtocolRoutes}) still runs first.
 *
 * <p>Order of checks as everywhere (spec 4.5): body syntax (PUT), credentials, document, fields.
 * Credentials verified recently are an in-memory hit; otherwise the verification (bcrypt on a
 * worker thread) decides and the request resumes on its own event loop.
 */
@ApplicationScoped
public class ProgressRoutes {

    /** After the framing filter, before the REST layer. */
    static final int ORDER = ProtocolRoutes.FILTER_ORDER + 100;

    private static final Logger LOG = Logger.getLogger(ProgressRoutes.class);
    private static final AsciiString JSON = AsciiString.cached(JsonReply.JSON);
    private static final byte[] NEVER_SYNCED = {'{', '}'};
    private static final BodyLimit BODY = new BodyLimit(JsonBody.MAX_PROTOCOL_BODY);

    private final JsonBody json;
    private final JsonReply reply;
    private final Authenticator authenticator;
    private final ProgressService progress;

    private final DatabaseOutageLog outages;

    public ProgressRoutes(
            JsonBody json,
            JsonReply reply,
            Authenticator authenticator,
            ProgressService progress,
            DatabaseOutageLog outages) {
        this.outages = outages;
        this.json = json;
        this.reply = reply;
        this.authenticator = authenticator;
        this.progress = progress;
    }

    void register(@Observes Router router) {
        router.get("/syncs/progress/:document").order(ORDER).handler(this::pull);
        router.put("/syncs/progress").order(ORDER).handler(this::push);
    }

    private void pull(RoutingContext ctx) {
        try {
            String document = ctx.pathParam("document");
            withAccount(
                    ctx,
                    account -> progress.pullNow(account, document).onComplete(ar -> {
                        if (ar.succeeded()) {
                            Position found = ar.result();
                            answer(ctx, 200, found == null ? NEVER_SYNCED : reply.bytes(found));
                        } else {
                            fail(ctx, ar.cause());
                        }
                    }));
        } catch (RuntimeException e) {
            fail(ctx, e);
        }
    }

    private void push(RoutingContext ctx) {
        readBody(ctx, body -> {
            try {
                var parsed = json.parse(body);
                withAccount(ctx, account -> {
                    ProgressPush push = ProgressPush.from(parsed);
                    progress.pushNow(account, push).onComplete(ar -> {
                        if (ar.succeeded()) {
                            answer(
                                    ctx,
                                    200,
                                    reply.bytes(new ProgressResource.PushReceipt(push.document(), ar.result())));
                        } else {
                            fail(ctx, ar.cause());
                        }
                    });
                });
            } catch (RuntimeException e) {
                fail(ctx, e);
            }
        });
    }

    /** Runs {@code then} with the caller's account on the request's context; answers 401 itself. */
    private void withAccount(RoutingContext ctx, Consumer<Account> then) {
        Account known = authenticator.cached(ctx.request().headers());
        if (known != null) {
            then.accept(known);
            return;
        }
        Context context = Vertx.currentContext();
        authenticator
                .authenticate(ctx.request().headers())
                .subscribe()
                .with(
                        account -> onContext(context, () -> {
                            try {
                                then.accept(account);
                            } catch (RuntimeException e) {
                                fail(ctx, e);
                            }
                        }),
                        failure -> onContext(context, () -> fail(ctx, failure)));
    }

    private static void onContext(Context context, Runnable work) {
        if (context == null || Vertx.currentContext() == context) {
            work.run();
        } else {
            context.runOnContext(v -> work.run());
        }
    }

    /**
     * The whole body (null when there is none), at most 64 KiB: a larger one is refused with 413 as
     * soon as it passes the limit and the connection is closed rather than drained. A declared
     * oversized length never gets here (the framing filter refuses it before reading).
     */
    private void readBody(RoutingContext ctx, Consumer<byte[]> then) {
        if (ctx.body().available()) {
            // read by the framing filter (ProtocolRoutes), within the same limit
            Buffer buffer = ctx.body().buffer();
            then.accept(buffer == null || buffer.length() == 0 ? null : buffer.getBytes());
            return;
        }
        HttpServerRequest request = ctx.request();
        if (request.isEnded()) {
            then.accept(null);
            return;
        }
        if (request.version() == HttpVersion.HTTP_1_1
                && "100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))) {
            ctx.response().writeContinue();
        }
        BODY.read(request).onComplete(read -> {
            if (read.succeeded()) {
                then.accept(read.result().length() == 0 ? null : read.result().getBytes());
            } else if (read.cause() instanceof BodyLimit.TooLarge) {
                BodyLimit.refuseAndClose(request, () -> fail(ctx, new KosyncException(KosyncError.BODY_TOO_LARGE)));
            } else {
                LOG.debugf("push body not received: %s", read.cause().getMessage());
            }
        });
    }

    private void answer(RoutingContext ctx, int status, byte[] body) {
        HttpServerResponse response = ctx.response();
        if (response.ended() || response.closed()) {
            return;
        }
        response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(Buffer.buffer(body));
    }

    /** As the exception mapper answers: a protocol error as itself, anything else as 502/2000. */
    private void fail(RoutingContext ctx, Throwable failure) {
        Throwable cause = failure;
        while (!(cause instanceof KosyncException) && cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        KosyncException error;
        if (cause instanceof KosyncException k) {
            error = k;
        } else {
            if (!outages.failed(failure)) {
                LOG.errorf("answering 502: %s: %s", failure.getClass().getName(), failure.getMessage());
                LOG.debug("failure detail", failure);
            }
            error = new KosyncException(KosyncError.STORAGE);
        }
        answer(ctx, error.error.status, reply.bytes(new ErrorBody(error.error.code, error.message())));
    }
}
