package io.quintet.protocol.http;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.Queue;

/**
 * Bounds the bytes of request bodies being read and handled at once, so that a small heap serves
 * any body below the request limit: a body larger than what is free waits (its request stays
 * paused, so TCP holds the client back) until earlier ones are done, first come first served. A
 * body larger than the whole budget runs alone. Small bodies never ask (they are the hot path and
 * cost little). Thread-safe; a waiter is admitted on the Vert.x context it asked from.
 */
public final class BodyBudget {

    /** A waiting request: granted on its own context (its request may only be touched there). */
    private record Waiter(long bytes, Promise<Long> granted, Context context) {
        void admit() {
            if (context == null) {
                granted.complete(bytes);
            } else {
                context.runOnContext(v -> granted.complete(bytes));
            }
        }
    }

    private final long total;
    private final long small;
    private long free;
    private final Queue<Waiter> waiting = new ArrayDeque<>();

    /**
     * @param total bytes of bodies in flight at most (a single larger body is let through alone)
     * @param small bodies up to this size do not take part
     */
    public BodyBudget(long total, long small) {
        if (total <= 0) {
            throw new IllegalArgumentException("body budget must be positive: " + total);
        }
        this.total = total;
        this.small = small;
        this.free = total;
    }

    /**
     * Reserves room for a body of {@code bytes} (its declared length; -1 for an unknown, chunked
     * one, which reserves the whole budget). Completes with the bytes to {@link #release} later,
     * 0 for a small body.
     */
    public Future<Long> reserve(long bytes) {
        if (bytes >= 0 && bytes <= small) {
            return Future.succeededFuture(0L);
        }
        long wanted = bytes < 0 ? total : Math.min(bytes, total);
        Promise<Long> granted = Promise.promise();
        synchronized (this) {
            if (waiting.isEmpty() && free >= wanted) {
                free -= wanted;
                granted.complete(wanted);
            } else {
                waiting.add(new Waiter(wanted, granted, Vertx.currentContext()));
            }
        }
        return granted.future();
    }

    /** Gives back what {@link #reserve} granted and lets the next waiters in, in their order. */
    public void release(long bytes) {
        if (bytes <= 0) {
            return;
        }
        Queue<Waiter> admitted = new ArrayDeque<>();
        synchronized (this) {
            free = Math.min(total, free + bytes);
            while (!waiting.isEmpty() && waiting.peek().bytes() <= free) {
                Waiter next = waiting.poll();
                free -= next.bytes();
                admitted.add(next);
            }
        }
        admitted.forEach(Waiter::admit);
    }

    /** Bytes not reserved now (for tests and metrics). */
    public synchronized long free() {
        return free;
    }
}
