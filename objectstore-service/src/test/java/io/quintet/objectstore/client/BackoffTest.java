package io.quintet.objectstore.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    @DisplayName("C66 reconnect backoff is 0.5, 1, 2, 4, 8, 15, 30, 30, 60 s, then capped at 60 s; a login starts over")
    void c66Sequence() {
        Backoff b = new Backoff(List.of(URI.create("ws://a/")), new Random(1));
        List<Long> seen = new ArrayList<>();
        for (int i = 0; i < 12; i++) seen.add(b.nextDelay().toMillis());
        assertEquals(
                List.of(500L, 1000L, 2000L, 4000L, 8000L, 15000L, 30000L, 30000L, 60000L, 60000L, 60000L, 60000L),
                seen);
        b.reset();
        assertEquals(500, b.nextDelay().toMillis());
    }

    @Test
    @DisplayName("C67 with several URLs the attempts spread across all of them")
    void c67Spread() {
        List<URI> urls = List.of(URI.create("ws://a/"), URI.create("ws://b/"), URI.create("ws://c/"));
        Backoff b = new Backoff(urls, new Random(42));
        Map<URI, Integer> counts = new HashMap<>();
        for (int i = 0; i < 300; i++) counts.merge(b.nextUrl(), 1, Integer::sum);
        assertEquals(3, counts.size());
        counts.values().forEach(c -> assertTrue(c > 60, "spread: " + counts));
    }
}
