package io.quintet.kosync.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Every kosync setting; application.properties maps each to its environment variable. */
@ConfigMapping(prefix = "kosync")
public interface KosyncConfig {

    Registration registration();

    /** {@code relaxed} serves any {@code Accept}; {@code strict} answers 412 like the official server. */
    @WithDefault("relaxed")
    AcceptMode acceptMode();

    /** Keep every accepted push in the history (KOsync's {@code store_history}). */
    @WithDefault("false")
    boolean storeHistory();

    Admin admin();

    Credentials credentials();

    Database database();

    interface Registration {

        /** KOSYNC_DISABLE_REGISTRATION or KOsync's disable_registration. */
        @WithDefault("false")
        boolean disabled();

        /** The official server's ENABLE_USER_REGISTRATION when set: only {@code true} or {@code 1} keep it open. */
        Optional<String> officialSwitch();

        default boolean open() {
            return !disabled()
                    && officialSwitch()
                            .map(v -> v.equals("true") || v.equals("1"))
                            .orElse(true);
        }
    }

    interface Admin {
        /** Bearer token of the admin API; without one the admin API refuses every call. */
        Optional<String> token();
    }

    interface Credentials {
        /** bcrypt cost factor of stored keys. */
        @WithDefault("10")
        int hashCost();

        /** How long a successful verification is remembered on this replica. */
        @WithDefault("15M")
        Duration cacheTtl();

        @WithDefault("10000")
        long cacheSize();
    }

    interface Database {
        /** Connections of the pipelining client that serves pulls. */
        @WithDefault("4")
        int pipelinedConnections();

        /** Group commit: how many multi-push statements may be running at once (each is one transaction). */
        @WithDefault("4")
        int writeBatches();

        /** Group commit: at most this many pushes in one statement. */
        @WithDefault("256")
        int maxBatch();
    }

    enum AcceptMode {
        relaxed,
        strict
    }
}
