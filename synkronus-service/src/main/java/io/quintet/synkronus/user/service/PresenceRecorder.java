package io.quintet.synkronus.user.service;

import io.quintet.synkronus.user.repository.PresenceRepository;
import io.quintet.synkronus.user.repository.PresenceRepository.Event;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Presence (synkronus.md 12.2): best effort, never in a request's way. Events queue (at most 2048,
 * dropped beyond) and are merged per (user, client) and written by at most two writers at a time.
 * Heartbeats are throttled to one per (user, client) per 30 s, and so is a manifest request that
 * reports the bundle version already recorded; sync events are not (but a writer pauses between
 * writes, so a burst of them is merged into few writes).
 */
@Singleton
public class PresenceRecorder {

    private static final Logger LOG = Logger.getLogger(PresenceRecorder.class);
    private static final long THROTTLE_NANOS = 30_000_000_000L;
    private static final int QUEUE_LIMIT = 2048;
    private static final int WRITERS = 2;
    private static final Duration PAUSE = Duration.ofMillis(200);

    private final PresenceRepository repository;
    /** What was last recorded per (user, client) and when (System.nanoTime), per kind of event throttled. */
    private record Seen(String what, long at) {}

    private final Map<String, Seen> lastHeartbeat = new ConcurrentHashMap<>();
    private final Map<String, Seen> lastBundle = new ConcurrentHashMap<>();
    private final Map<String, Event> pending = new LinkedHashMap<>();
    private int writing;

    public PresenceRecorder(PresenceRepository repository) {
        this.repository = repository;
    }

    public void heartbeat(String username, String clientId, String odeVersion) {
        String client = clientId == null ? "" : clientId.trim();
        if (recordedRecently(lastHeartbeat, username, client, "")) {
            return;
        }
        enqueue(new Event(username, client, now(), null, null, blankToNull(odeVersion)));
    }

    public void dataVersion(String username, String clientId, long version, String odeVersion) {
        enqueue(new Event(
                username, clientId == null ? "" : clientId.trim(), now(), version, null, blankToNull(odeVersion)));
    }

    public void bundleVersion(String username, String clientId, String bundleVersion, String odeVersion) {
        // a device asking again for the manifest of the same version tells nothing new: its seen_at is
        // the heartbeat's (throttled alike), so the same version is recorded once per 30 s per client
        String client = clientId == null ? "" : clientId.trim();
        if (recordedRecently(lastBundle, username, client, bundleVersion)) {
            return;
        }
        enqueue(new Event(username, client, now(), null, bundleVersion, blankToNull(odeVersion)));
    }

    /**
     * Whether {@code what} was recorded for (user, client) within the throttle window; if not, it counts as
     * recorded now. Bounded: a map past 100 000 clients starts over.
     */
    private static boolean recordedRecently(Map<String, Seen> seen, String username, String client, String what) {
        String key = username + "\u0000" + client;
        long now = System.nanoTime();
        Seen last = seen.get(key);
        if (last != null && Objects.equals(last.what(), what) && now - last.at() < THROTTLE_NANOS) {
            return true;
        }
        if (seen.size() > 100_000) {
            seen.clear();
        }
        seen.put(key, new Seen(what, now));
        return false;
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private void enqueue(Event event) {
        synchronized (this) {
            String key = event.username() + "\u0000" + event.clientId();
            Event earlier = pending.get(key);
            if (earlier == null && pending.size() >= QUEUE_LIMIT) {
                return;
            }
            pending.put(key, earlier == null ? event : merge(earlier, event));
            if (writing >= WRITERS) {
                return;
            }
            writing++;
        }
        drain();
    }

    private static Event merge(Event a, Event b) {
        return new Event(
                a.username(),
                a.clientId(),
                a.seenAt().isAfter(b.seenAt()) ? a.seenAt() : b.seenAt(),
                b.dataVersion() != null ? b.dataVersion() : a.dataVersion(),
                b.bundleVersion() != null ? b.bundleVersion() : a.bundleVersion(),
                b.odeVersion() != null ? b.odeVersion() : a.odeVersion());
    }

    private void drain() {
        List<Event> batch;
        synchronized (this) {
            if (pending.isEmpty()) {
                writing--;
                return;
            }
            batch = new ArrayList<>(pending.values());
            pending.clear();
        }
        repository
                .write(batch)
                .ifNoItem()
                .after(java.time.Duration.ofSeconds(5))
                .fail()
                .subscribe()
                .with(ok -> drainAfterPause(), failure -> {
                    LOG.debugf(failure, "presence write failed (%d events dropped)", batch.size());
                    drainAfterPause();
                });
    }

    /**
     * A writer rests briefly between writes: what arrives meanwhile is merged into its next batch,
     * so a burst of manifest requests (each an event) costs a few writes a second, not a stream of
     * commits competing with the burst for the database.
     */
    private void drainAfterPause() {
        Uni.createFrom().voidItem().onItem().delayIt().by(PAUSE).subscribe().with(ignored -> drain());
    }
}
