package io.quintet.gateway.routing;

import io.vertx.core.Future;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Spreads a route's requests over its replicas round-robin and opens the upstream request. A replica
 * that refuses the connection is skipped (nothing has been sent yet, so trying the next one is safe for
 * every method) and tried only after its healthy siblings for {@code down-backoff}.
 */
final class ReplicaSet {

    private static final Logger LOG = Logger.getLogger(ReplicaSet.class);

    private final Route route;
    private final long connectTimeoutMillis;
    private final long backoffNanos;
    private final AtomicInteger next = new AtomicInteger();

    ReplicaSet(Route route, Duration connectTimeout, Duration backoff) {
        this.route = route;
        this.connectTimeoutMillis = connectTimeout.toMillis();
        this.backoffNanos = backoff.toNanos();
    }

    /** Opens a request to the first replica that accepts a connection; fails with {@link UpstreamUnavailableException}. */
    Future<HttpClientRequest> open(HttpClient client, HttpMethod method, String uri) {
        return attempt(client, method, uri, attemptOrder(), 0, null);
    }

    /** Round-robin start; replicas that recently refused go last rather than not at all (they may be back). */
    List<Upstream> attemptOrder() {
        List<Upstream> all = route.upstreams();
        int n = all.size();
        if (n == 1) return all;
        int start = Math.floorMod(next.getAndIncrement(), n);
        List<Upstream> healthy = new ArrayList<>(n);
        List<Upstream> down = new ArrayList<>(0);
        for (int i = 0; i < n; i++) {
            Upstream u = all.get((start + i) % n);
            (u.isMarkedDown() ? down : healthy).add(u);
        }
        healthy.addAll(down);
        return healthy;
    }

    private Future<HttpClientRequest> attempt(
            HttpClient client, HttpMethod method, String uri, List<Upstream> order, int index, Throwable lastFailure) {
        if (index == order.size()) {
            return Future.failedFuture(new UpstreamUnavailableException(route.name(), lastFailure));
        }
        Upstream upstream = order.get(index);
        RequestOptions options = new RequestOptions()
                .setMethod(method)
                .setURI(uri)
                .setServer(upstream.address())
                .setHost(upstream.host())
                .setPort(upstream.port())
                .setSsl(upstream.ssl())
                .setConnectTimeout(connectTimeoutMillis);
        return client.request(options).transform(ar -> {
            if (ar.succeeded()) {
                connected(upstream);
                return Future.succeededFuture(ar.result());
            }
            Throwable cause = ar.cause();
            failed(upstream, cause);
            return attempt(client, method, uri, order, index + 1, cause);
        });
    }

    /** A connection to {@code upstream} opened (or came from its pool): it is up. */
    void connected(Upstream upstream) {
        upstream.markUp();
    }

    /**
     * A connection to {@code upstream} could not be had; when it refused outright, it goes last for
     * {@code down-backoff}. The caller goes on with the next replica in its {@link #attemptOrder()}.
     */
    void failed(Upstream upstream, Throwable cause) {
        if (refusesConnections(cause)) {
            if (!upstream.isMarkedDown()) {
                LOG.warnf(
                        "route=%s upstream=%s refused the connection (%s); trying other replicas for %d ms",
                        route.name(), upstream, cause.getMessage(), backoffNanos / 1_000_000);
            }
            upstream.markDown(backoffNanos);
        }
    }

    UpstreamUnavailableException unavailable(Throwable lastFailure) {
        return new UpstreamUnavailableException(route.name(), lastFailure);
    }

    /** Connection-level failures mean "this replica is down"; a full connection pool does not. */
    private static boolean refusesConnections(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ConnectException
                    || c instanceof NoRouteToHostException
                    || c instanceof UnknownHostException) {
                return true;
            }
        }
        return false;
    }
}
