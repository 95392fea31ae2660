package io.quintet.synkronus.auth.service;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * A fixed-window budget per key, with a bound on the keys tracked: a new key beyond the bound is
 * refused (the limiter answers 429) until expired windows make room.
 */
final class WindowCounter {

    private record Window(long startNanos, int count) {}

    private final int limit;
    private final long windowNanos;
    private final int maxKeys;
    private final Map<String, Window> windows = new HashMap<>();

    WindowCounter(int limit, int windowSeconds, int maxKeys) {
        this.limit = limit;
        this.windowNanos = windowSeconds * 1_000_000_000L;
        this.maxKeys = maxKeys > 0 ? maxKeys : 10_000;
    }

    /** Counts one hit; the seconds to wait when that hit is over the budget (or no key can be tracked). */
    synchronized OptionalLong charge(String key) {
        long now = System.nanoTime();
        Window w = current(key, now);
        if (w == null) {
            if (!room(now)) {
                return OptionalLong.of(windowNanos / 1_000_000_000L);
            }
            w = new Window(now, 0);
        }
        w = new Window(w.startNanos, w.count + 1);
        windows.put(key, w);
        return w.count > limit ? OptionalLong.of(retryAfter(w, now)) : OptionalLong.empty();
    }

    /** Whether the budget is already spent (no hit counted). */
    synchronized OptionalLong blocked(String key) {
        long now = System.nanoTime();
        Window w = current(key, now);
        if (w == null) {
            return windows.size() >= maxKeys && !room(now)
                    ? OptionalLong.of(windowNanos / 1_000_000_000L)
                    : OptionalLong.empty();
        }
        return w.count >= limit ? OptionalLong.of(retryAfter(w, now)) : OptionalLong.empty();
    }

    private Window current(String key, long now) {
        Window w = windows.get(key);
        if (w != null && now - w.startNanos >= windowNanos) {
            windows.remove(key);
            return null;
        }
        return w;
    }

    private boolean room(long now) {
        if (windows.size() < maxKeys) {
            return true;
        }
        windows.values().removeIf(w -> now - w.startNanos >= windowNanos);
        return windows.size() < maxKeys;
    }

    private long retryAfter(Window w, long now) {
        long nanos = w.startNanos + windowNanos - now;
        return Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L);
    }
}
