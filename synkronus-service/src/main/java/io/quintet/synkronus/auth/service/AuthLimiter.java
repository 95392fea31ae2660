package io.quintet.synkronus.auth.service;

import io.quintet.synkronus.config.SynkronusConfig;
import io.quintet.synkronus.http.Cidr;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.OptionalLong;

/**
 * The login/refresh abuse limiter of synkronus.md 4.4: a request budget per client IP, failure
 * budgets per (IP, username) and per username, in memory per process.
 */
@Singleton
public class AuthLimiter {

    private final WindowCounter perIp;
    private final WindowCounter perIpAndUser;
    private final WindowCounter perUser;
    private final List<Cidr> trustedProxies;
    private final int maxBodyBytes;

    public AuthLimiter(SynkronusConfig config) {
        SynkronusConfig.Auth auth = config.auth();
        int keys = auth.limiterMaxKeys();
        this.perIp = new WindowCounter(positive(auth.ipAttempts(), 60), positive(auth.ipWindowSeconds(), 60), keys);
        this.perIpAndUser =
                new WindowCounter(positive(auth.loginAttempts(), 10), positive(auth.loginWindowSeconds(), 300), keys);
        this.perUser = new WindowCounter(
                positive(auth.accountAttempts(), 100), positive(auth.accountWindowSeconds(), 900), keys);
        this.trustedProxies = Cidr.parseAll(auth.trustedProxyCidrs().orElse(List.of()));
        this.maxBodyBytes = positive(auth.maxBodyBytes(), 16384);
    }

    private static int positive(int value, int fallback) {
        return value > 0 ? value : fallback;
    }

    public int maxBodyBytes() {
        return maxBodyBytes;
    }

    /**
     * The client address: the socket peer, or, when the peer is a trusted proxy, X-Real-IP (the
     * reference's header) or else the last hop of X-Forwarded-For (what Quintet's gateway sends).
     */
    public String clientIp(String peer, String realIp, String forwardedFor) {
        if (Cidr.anyContains(trustedProxies, peer)) {
            if (realIp != null && !realIp.isBlank()) {
                return realIp.trim();
            }
            if (forwardedFor != null && !forwardedFor.isBlank()) {
                String[] hops = forwardedFor.split(",");
                return hops[hops.length - 1].trim();
            }
        }
        return peer == null ? "" : peer;
    }

    /** Counts one request of the IP; seconds to wait when over budget. */
    public OptionalLong chargeRequest(String ip) {
        return perIp.charge(ip);
    }

    /** Before a login: seconds to wait when a failure budget of (IP, user) or user is spent. */
    public OptionalLong loginBlocked(String ip, String username) {
        OptionalLong pair = perIpAndUser.blocked(ip + "\u0000" + username);
        return pair.isPresent() ? pair : perUser.blocked(username);
    }

    /** After a login answered 401. */
    public void chargeFailure(String ip, String username) {
        perIpAndUser.charge(ip + "\u0000" + username);
        perUser.charge(username);
    }
}
