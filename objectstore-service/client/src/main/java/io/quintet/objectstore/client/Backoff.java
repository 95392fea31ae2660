package io.quintet.objectstore.client;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Random;

/**
 * Reconnect timing of 3.9: 0.5, 1, 2, 4, 8, 15, 30, 30, 60 seconds, then 60 for ever (never more
 * than a minute), and a server URL picked at random for each attempt.
 */
public final class Backoff {

    static final long[] STEPS_MILLIS = {500, 1_000, 2_000, 4_000, 8_000, 15_000, 30_000, 30_000, 60_000};

    private final List<URI> urls;
    private final Random random;
    private int attempt;

    public Backoff(List<URI> urls, Random random) {
        if (urls.isEmpty()) throw new IllegalArgumentException("at least one server URL");
        this.urls = List.copyOf(urls);
        this.random = random;
    }

    /** The wait before the next attempt. */
    public Duration nextDelay() {
        long millis = STEPS_MILLIS[Math.min(attempt, STEPS_MILLIS.length - 1)];
        attempt++;
        return Duration.ofMillis(millis);
    }

    public URI nextUrl() {
        return urls.get(random.nextInt(urls.size()));
    }

    /** After a successful login the sequence starts over. */
    public void reset() {
        attempt = 0;
    }
}
