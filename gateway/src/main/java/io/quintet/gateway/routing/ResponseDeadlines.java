package io.quintet.gateway.routing;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.concurrent.ScheduledFuture;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.impl.ContextInternal;
import java.util.concurrent.TimeUnit;

/**
 * Response timeouts of the requests in flight on one event loop, without a timer per request: each
 * request joins an intrusive list when its body has gone upstream and leaves it when the answer
 * starts, both O(1) and allocation-free; one periodic sweep per event loop, armed while the list is
 * not empty (and a second after), expires what is overdue. A Vert.x timer per request cost a map entry, an id and a
 * scheduled task each time. Timeouts fire up to {@link #TICK_MILLIS} late.
 */
final class ResponseDeadlines {

    static final long TICK_MILLIS = 100;

    /** A request waiting for its answer. */
    abstract static class Waiting {
        Waiting previous;
        Waiting next;
        long deadlineNanos;
        ResponseDeadlines owner;
        /** The request's Vert.x context, made current again when it expires; null outside Vert.x. */
        ContextInternal context;

        /** Called on the event loop once the deadline has passed; the entry has already left the list. */
        abstract void expired();

        final boolean waiting() {
            return owner != null;
        }

        /** Leaves the list (no-op when not in it). */
        final void stopWaiting() {
            ResponseDeadlines o = owner;
            if (o != null) o.remove(this);
        }
    }

    private static final FastThreadLocal<ResponseDeadlines> PER_EVENT_LOOP = new FastThreadLocal<>();

    /** The event loop whose thread owns this list; the sweep runs there, so nothing is shared. */
    private final EventLoop loop;

    private Waiting head;
    private Waiting tail;
    private ScheduledFuture<?> sweep;
    private int emptySweeps;

    private static final int IDLE_SWEEPS_BEFORE_STOP = 10;

    private ResponseDeadlines(EventLoop loop) {
        this.loop = loop;
    }

    /** Starts the clock for {@code entry}; off an event loop it falls back to a plain timer. */
    static void await(Vertx vertx, Waiting entry, long timeoutMillis) {
        if (entry.waiting()) return;
        Context context = Vertx.currentContext();
        EventLoop loop = context instanceof ContextInternal internal ? internal.nettyEventLoop() : null;
        if (loop == null || !loop.inEventLoop()) {
            vertx.setTimer(timeoutMillis, id -> entry.expired());
            return;
        }
        entry.context = (ContextInternal) context;
        of(loop).add(entry, System.nanoTime() + timeoutMillis * 1_000_000);
    }

    /** Starts the clock for {@code entry} outside any Vert.x context; call on {@code loop}. */
    static void await(EventLoop loop, Waiting entry, long timeoutMillis) {
        if (entry.waiting()) return;
        of(loop).add(entry, System.nanoTime() + timeoutMillis * 1_000_000);
    }

    private static ResponseDeadlines of(EventLoop loop) {
        ResponseDeadlines deadlines = PER_EVENT_LOOP.get();
        if (deadlines == null) {
            deadlines = new ResponseDeadlines(loop);
            PER_EVENT_LOOP.set(deadlines);
        }
        return deadlines;
    }

    private void add(Waiting entry, long deadline) {
        entry.deadlineNanos = deadline;
        entry.owner = this;
        entry.previous = tail;
        entry.next = null;
        if (tail == null) head = entry;
        else tail.next = entry;
        tail = entry;
        if (sweep == null) {
            sweep = loop.scheduleAtFixedRate(this::sweep, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    private void remove(Waiting entry) {
        if (entry.previous == null) head = entry.next;
        else entry.previous.next = entry.next;
        if (entry.next == null) tail = entry.previous;
        else entry.next.previous = entry.previous;
        entry.previous = null;
        entry.next = null;
        entry.owner = null;
        entry.context = null;
    }

    private void sweep() {
        long now = System.nanoTime();
        Waiting e = head;
        while (e != null) {
            Waiting next = e.next;
            if (now - e.deadlineNanos >= 0) {
                ContextInternal context = e.context;
                remove(e);
                Waiting expiring = e;
                if (context == null) expiring.expired();
                else context.emit(null, v -> expiring.expired());
            }
            e = next;
        }
        // stopped only after a second without waiting requests: a busy loop's list empties between requests
        // all the time, and re-arming the timer each time costs a scheduled task and a timerfd update
        if (head != null) {
            emptySweeps = 0;
        } else if (++emptySweeps >= IDLE_SWEEPS_BEFORE_STOP && sweep != null) {
            sweep.cancel(false);
            sweep = null;
            emptySweeps = 0;
        }
    }
}
