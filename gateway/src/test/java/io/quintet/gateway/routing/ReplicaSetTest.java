package io.quintet.gateway.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplicaSetTest {

    private final Upstream a = new Upstream(URI.create("http://10.0.0.1:8084"));
    private final Upstream b = new Upstream(URI.create("http://10.0.0.2:8084"));
    private final Upstream c = new Upstream(URI.create("http://10.0.0.3:8084"));
    private final ReplicaSet replicas = new ReplicaSet(
            new Route("kosync", "/kosync", List.of(a, b, c), 1024, Duration.ofSeconds(1)),
            Duration.ofSeconds(1),
            Duration.ofSeconds(5));

    @Test
    void roundRobinStartsAtEachReplicaInTurn() {
        Map<Upstream, Integer> first = new HashMap<>();
        for (int i = 0; i < 30; i++) first.merge(replicas.attemptOrder().get(0), 1, Integer::sum);
        assertEquals(Map.of(a, 10, b, 10, c, 10), first);
    }

    @Test
    void aReplicaThatRefusedGoesLastUntilItsBackoffEnds() {
        b.markDown(Duration.ofSeconds(5).toNanos());
        for (int i = 0; i < 6; i++) {
            assertEquals(b, replicas.attemptOrder().get(2));
        }
        b.markUp();
        Map<Upstream, Integer> first = new HashMap<>();
        for (int i = 0; i < 3; i++) first.merge(replicas.attemptOrder().get(0), 1, Integer::sum);
        assertEquals(3, first.size());
    }

    @Test
    void defaultPortsFollowTheScheme() {
        assertEquals(80, new Upstream(URI.create("http://svc")).port());
        assertEquals(443, new Upstream(URI.create("https://svc")).port());
    }
}
