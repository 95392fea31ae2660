package io.quintet.gateway.routing;

import java.time.Duration;
import java.util.List;

/**
 * A path prefix and the replicas that serve it. The prefix is forwarded unchanged: every service sets
 * its Quarkus root path to its prefix (WebSocket upgrades cannot be rewritten by the proxy library).
 */
public record Route(String name, String prefix, List<Upstream> upstreams, long maxBodySize, Duration responseTimeout) {

    /** A route without upstreams is "not configured": its service is not running. */
    public boolean configured() {
        return !upstreams.isEmpty();
    }
}
