package io.quintet.gateway.routing;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The idle timeout ({@code quarkus.http.idle-timeout}) of one event loop's client connections, checked by
 * one periodic sweep instead of Netty's IdleStateHandler, which gives every write a promise and a listener
 * and reads the clock on every read and write. A connection marks itself active on each read and write
 * (a field write); the sweep notes when it last saw it active and closes it once it has been idle for
 * the timeout. Connections close up to one {@link #tickNanos} late. Touched only on its event loop.
 */
final class IdleConnections {

    private static final long MAX_TICK_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final FastThreadLocal<IdleConnections> PER_EVENT_LOOP = new FastThreadLocal<>();

    private final EventLoop loop;
    private final long tickNanos;
    private DirectConnection head;
    private ScheduledFuture<?> sweep;

    private IdleConnections(EventLoop loop, long timeoutNanos) {
        this.loop = loop;
        this.tickNanos = Math.max(TimeUnit.MILLISECONDS.toNanos(10), Math.min(MAX_TICK_NANOS, timeoutNanos / 4));
    }

    /** Watches {@code connection}; call on its event loop. */
    static void watch(EventLoop loop, DirectConnection connection) {
        IdleConnections idle = PER_EVENT_LOOP.get();
        if (idle == null) {
            idle = new IdleConnections(loop, connection.idleTimeoutNanos);
            PER_EVENT_LOOP.set(idle);
        }
        idle.add(connection);
    }

    private void add(DirectConnection connection) {
        connection.idleOwner = this;
        connection.idleSince = System.nanoTime();
        connection.idlePrevious = null;
        connection.idleNext = head;
        if (head != null) head.idlePrevious = connection;
        head = connection;
        if (sweep == null) {
            sweep = loop.scheduleAtFixedRate(this::sweep, tickNanos, tickNanos, TimeUnit.NANOSECONDS);
        }
    }

    /** Stops watching (the connection closed). */
    void remove(DirectConnection connection) {
        if (connection.idleOwner != this) return;
        if (connection.idlePrevious == null) head = connection.idleNext;
        else connection.idlePrevious.idleNext = connection.idleNext;
        if (connection.idleNext != null) connection.idleNext.idlePrevious = connection.idlePrevious;
        connection.idlePrevious = null;
        connection.idleNext = null;
        connection.idleOwner = null;
        if (head == null && sweep != null) {
            sweep.cancel(false);
            sweep = null;
        }
    }

    private void sweep() {
        long now = System.nanoTime();
        DirectConnection c = head;
        while (c != null) {
            DirectConnection next = c.idleNext;
            if (c.active) {
                c.active = false;
                c.idleSince = now;
            } else if (now - c.idleSince >= c.idleTimeoutNanos) {
                remove(c);
                c.channel.close();
            }
            c = next;
        }
    }
}
