package io.quintet.protocol.service;

import io.quarkus.runtime.StartupEvent;
import io.quintet.protocol.http.RequestHeadGuard;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.lang.reflect.Field;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Makes every answer the service's routes do not give themselves come from the service's
 * {@link FallbackAnswers} bean; inert in a service without one.
 *
 * <ul>
 *   <li>On the service's router: a failure no route handled (Quarkus would answer its
 *       {@code {"details":"Error id …"}}), and the 404/405/406/415 Vert.x Web gives when no route
 *       matched.
 *   <li>Before any router ({@link RequestHeadGuard}): a request without {@code Host}, a target such
 *       as {@code *}, and paths outside {@code quarkus.http.root-path}, which Quarkus routes on an
 *       outer router no service can observe. Quarkus keeps its root handler in a static field of
 *       {@code VertxHttpRecorder} that its server calls for every request; the guard is put in
 *       front of it at start. Should a Quarkus upgrade move that field, start logs a warning and
 *       only the router part applies (the tests of every adopting service fail then).
 * </ul>
 */
@ApplicationScoped
public class ServiceFallbacks {

    private static final Logger LOG = Logger.getLogger(ServiceFallbacks.class);

    /** Last of the failure handlers a service may add, but before Quarkus' own ({@code route().last()}). */
    static final int FAILURE_ORDER = Integer.MAX_VALUE - 1;

    /** Statuses Vert.x Web gives a request no route matched. */
    private static final int[] NO_MATCH = {404, 405, 406, 415};

    private static final String RECORDER = "io.quarkus.vertx.http.runtime.VertxHttpRecorder";

    private final Instance<FallbackAnswers> answers;
    private final String rootPath;

    public ServiceFallbacks(
            Instance<FallbackAnswers> answers,
            @ConfigProperty(name = "quarkus.http.root-path", defaultValue = "/") String rootPath) {
        this.answers = answers;
        this.rootPath = rootPath;
    }

    void route(@Observes Router router) {
        if (!answers.isResolvable()) {
            return;
        }
        FallbackAnswers service = answers.get();
        router.route().order(FAILURE_ORDER).failureHandler(ctx -> answerFailure(service, ctx));
        for (int status : NO_MATCH) {
            router.errorHandler(status, ctx -> answer(service, ctx.request(), status, null));
        }
    }

    void guard(@Observes StartupEvent start) {
        if (!answers.isResolvable()) {
            return;
        }
        FallbackAnswers service = answers.get();
        try {
            Field root = Class.forName(RECORDER).getDeclaredField("rootHandler");
            root.setAccessible(true);
            synchronized (ServiceFallbacks.class) {
                @SuppressWarnings("unchecked")
                Handler<HttpServerRequest> current = (Handler<HttpServerRequest>) root.get(null);
                if (current == null) {
                    LOG.warn("no HTTP root handler at start: requests outside the routes keep Quarkus' answers");
                    return;
                }
                // a restarted application (tests) sets a new root handler; never guard a guard
                Handler<HttpServerRequest> unguarded =
                        current instanceof RequestHeadGuard guard ? guard.next() : current;
                root.set(
                        null,
                        new RequestHeadGuard(
                                unguarded, rootPath, (request, status) -> answer(service, request, status, null)));
            }
            handUriValidationToTheGuard();
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warnf(
                    "cannot guard Quarkus' HTTP root handler (%s): requests without Host or outside %s keep Quarkus' answers",
                    e, rootPath);
        }
    }

    /**
     * Quarkus' server handler answers a target {@code java.net.URI} cannot parse with an empty 400
     * before it calls the root handler; its switch ({@code vertx.disableURIValidation}) is read once,
     * into a final field of that handler, before any service code runs. The guard does the same check
     * and answers in the service's shape, so Quarkus' own is turned off here.
     */
    private static void handUriValidationToTheGuard() {
        try {
            Field actual = Class.forName(RECORDER).getDeclaredField("ACTUAL_ROOT");
            actual.setAccessible(true);
            Object handler = actual.get(null);
            Field disabled = handler.getClass().getDeclaredField("DISABLE_URI_VALIDATION");
            disabled.setAccessible(true);
            disabled.setBoolean(handler, true);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warnf("cannot take over Quarkus' URI validation (%s): unparsable targets keep its empty 400", e);
        }
    }

    private static void answerFailure(FallbackAnswers service, RoutingContext ctx) {
        if (ctx.response().ended() || ctx.response().closed()) {
            return;
        }
        int status = ctx.statusCode();
        if (status < 400 && ctx.failure() instanceof HttpException http) {
            status = http.getStatusCode();
        }
        answer(service, ctx.request(), status < 400 ? 500 : status, ctx.failure());
    }

    private static void answer(FallbackAnswers service, HttpServerRequest request, int status, Throwable failure) {
        if (request.response().ended() || request.response().closed()) {
            return;
        }
        try {
            service.answer(request, status, failure);
        } catch (RuntimeException e) {
            LOG.errorf(e, "fallback answer %d failed", status);
            if (!request.response().ended() && !request.response().closed()) {
                request.response().setStatusCode(500).end();
            }
        }
    }
}
