package io.quintet.gateway.certificate;

import io.quintet.gateway.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Limits guesses of the server token per client address: {@code max-failures} wrong tokens per
 * {@code window}, counted from the first one; then every attempt, right token or not, is refused until the
 * window has passed. An attempt is counted when it is admitted (so parallel guesses cannot overtake
 * the count) and given back unless it turned out to be a wrong token. IPv6 clients are counted per /64,
 * which one host can fill with addresses.
 */
@ApplicationScoped
public class TokenThrottle {

    /** Clients beyond {@code max-clients} share this counter. */
    static final String OTHERS = "*";

    /** The outcome of {@link #admit}: go ahead, or refused for {@code retryAfterSeconds}. */
    public record Admission(boolean admitted, String key, long retryAfterSeconds) {}

    /** One client's wrong tokens since {@code start}, in {@link System#nanoTime()} terms. */
    private record Window(long start, int failures) {}

    private final int maxFailures;
    private final long windowNanos;
    private final int maxClients;
    private final LongSupplier nanoTime;
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

    @Inject
    public TokenThrottle(GatewayConfig config) {
        this(
                config.tokenThrottle().maxFailures(),
                config.tokenThrottle().window().toNanos(),
                config.tokenThrottle().maxClients(),
                System::nanoTime);
    }

    TokenThrottle(int maxFailures, long windowNanos, int maxClients, LongSupplier nanoTime) {
        this.maxFailures = maxFailures;
        this.windowNanos = windowNanos;
        this.maxClients = maxClients;
        this.nanoTime = nanoTime;
    }

    /** Counts an attempt from {@code clientAddress} (an IP literal), or refuses it while the client is throttled. */
    public Admission admit(String clientAddress) {
        long now = nanoTime.getAsLong();
        String key = keyFor(clientAddress, now);
        boolean[] admitted = {false};
        Window after = windows.compute(key, (k, w) -> {
            if (w == null || expired(w, now)) w = new Window(now, 0);
            if (w.failures() >= maxFailures) return w;
            admitted[0] = true;
            return new Window(w.start(), w.failures() + 1);
        });
        if (admitted[0]) return new Admission(true, key, 0);
        long remaining = after.start() + windowNanos - now;
        return new Admission(false, key, Math.max(1, TimeUnit.NANOSECONDS.toSeconds(remaining + 999_999_999L)));
    }

    /** After an admitted attempt: anything but a wrong token gives the attempt back. */
    public void settle(Admission admission, boolean wrongToken) {
        if (!admission.admitted() || wrongToken) return;
        windows.computeIfPresent(
                admission.key(), (k, w) -> w.failures() <= 1 ? null : new Window(w.start(), w.failures() - 1));
    }

    int trackedClients() {
        return windows.size();
    }

    private boolean expired(Window w, long now) {
        return now - w.start() >= windowNanos;
    }

    /** The client's own key while there is room (after dropping expired windows), else the shared one. */
    private String keyFor(String clientAddress, long now) {
        String key = normalised(clientAddress);
        if (windows.containsKey(key) || windows.size() < maxClients) return key;
        windows.values().removeIf(w -> expired(w, now));
        return windows.size() < maxClients ? key : OTHERS;
    }

    /** IPv4 as is, IPv6 as its /64 prefix. */
    static String normalised(String address) {
        if (address == null || address.indexOf(':') < 0) return String.valueOf(address);
        try {
            byte[] bytes = InetAddress.getByName(address).getAddress(); // an IP literal: no name lookup
            if (bytes.length != 16) return InetAddress.getByAddress(bytes).getHostAddress();
            StringBuilder prefix = new StringBuilder();
            for (int i = 0; i < 8; i += 2) {
                prefix.append(Integer.toHexString(((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff)))
                        .append(':');
            }
            return prefix.append(":/64").toString();
        } catch (UnknownHostException e) {
            return address;
        }
    }
}
