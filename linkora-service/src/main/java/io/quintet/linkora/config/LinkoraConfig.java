package io.quintet.linkora.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;

/** Settings of the Linkora service (environment names in application.properties). */
@ConfigMapping(prefix = "linkora")
public interface LinkoraConfig {

    /** The reference server's {@code linkoraConfig.json} (spec 12.1), shared with the gateway. */
    Path configFile();

    /** Largest accepted request body; larger ones are answered 413 before they are read. */
    @WithDefault("16M")
    MemorySize maxBodySize();

    /**
     * Request bodies over 64 KiB being read and handled at once, in bytes at most (a single larger
     * body runs alone): what keeps every body below {@link #maxBodySize} within a small heap.
     */
    @WithDefault("4M")
    MemorySize bodyMemory();

    /** How often the configuration file is checked for changes (never per request, spec D11). */
    @WithDefault("2s")
    Duration configReloadInterval();

    Events events();

    interface Events {
        /** Server pings on /events (spec 9.3: 15 s). */
        @WithDefault("15s")
        Duration pingInterval();

        /** A socket that has not answered a ping for this long is closed. */
        @WithDefault("15s")
        Duration pongTimeout();

        /**
         * Events are live notifications only (clients recover through GET_UPDATES); their copies in
         * the shared operation log, which carries them to every replica, are dropped after this long.
         */
        @WithDefault("1h")
        Duration retention();
    }
}
