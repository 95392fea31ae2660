package io.quintet.gateway.routing;

import java.time.Duration;
import java.util.List;

/**
 * A path prefix and the replicas that serve it ({@code managementPort} 0: their health is on their own
 * port, under the prefix). The prefix is forwarded unchanged: every service sets
 * its Quarkus root path to its prefix (WebSocket upgrades cannot be rewritten by the proxy library).
 */
public record Route(
        String name,
        String prefix,
        List<Upstream> upstreams,
        long maxBodySize,
        Duration responseTimeout,
        List<String> operationalPaths,
        int managementPort) {

    /** Without operational paths or management port (tests). */
    public Route(String name, String prefix, List<Upstream> upstreams, long maxBodySize, Duration responseTimeout) {
        this(name, prefix, upstreams, maxBodySize, responseTimeout, List.of(), 0);
    }

    /** A route without upstreams is "not configured": its service is not running. */
    public boolean configured() {
        return !upstreams.isEmpty();
    }

    /**
     * Whether {@code path} (the path as the upstream will see it, already canonical, see
     * {@link OperationalPaths#canonical}) is one of the route's operational endpoints or below one.
     */
    public boolean isOperational(String path) {
        for (String op : operationalPaths) {
            if (path.startsWith(op) && (path.length() == op.length() || path.charAt(op.length()) == '/')) {
                return true;
            }
        }
        return false;
    }
}
