package io.quintet.kora.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.List;
import java.util.Optional;

/**
 * Settings of the Kora sync server (prefix {@code kora}; environment form {@code KORA_*}, e.g.
 * {@code KORA_BATCH_SIZE}). Defaults are the reference server's (kora.md 14).
 */
@ConfigMapping(prefix = "kora")
public interface KoraConfig {

    /** The server replica's node id in handshake responses; a UUIDv7 per process when unset. */
    Optional<String> nodeId();

    /** Operations per server→client batch. */
    @WithDefault("100")
    int batchSize();

    /** The server's app schema version. */
    @WithDefault("1")
    int schemaVersion();

    /** Lowest client schema version accepted; defaults to {@link #schemaVersion()}. */
    Optional<Integer> schemaMin();

    /** Highest client schema version accepted; defaults to {@link #schemaVersion()}. */
    Optional<Integer> schemaMax();

    /** Live sessions allowed at once per replica; 0 = unlimited. */
    @WithDefault("0")
    int maxConnections();

    /** Largest operation accepted, as UTF-8 bytes of its JSON text. */
    @WithDefault("262144")
    int maxOperationBytes();

    /** Operations a session may send per fixed 60 s window. */
    @WithDefault("600")
    int maxOpsPerMinute();

    /** How far ahead of the server clock an operation's wall time may be. */
    @WithDefault("60000")
    long futureToleranceMillis();

    /** Most operations one inbound batch may carry; more is refused as a malformed frame. */
    @WithDefault("1000")
    int maxBatchOperations();

    /** Period of the re-push that resends unacknowledged batches and catches up other replicas. */
    @WithDefault("2000")
    long tickMillis();

    /** When auth scopes exist, collections they do not mention stay invisible (kora.md 10.2 strict mode). */
    @WithDefault("false")
    boolean strictScopes();

    /** Answer {@code selectedWireFormat: "protobuf"} when the client lists it (reference); false forces "json". */
    @WithDefault("true")
    boolean offerProtobuf();

    /** A session superseded by a newer one of the same node is closed after this long without frames. */
    @WithDefault("30m")
    java.time.Duration supersededIdleTimeout();

    /** HTTP polling sessions idle (no GET or POST) for longer than this are closed. */
    @WithDefault("60s")
    java.time.Duration httpIdleTimeout();

    Auth auth();

    interface Auth {

        /**
         * {@code none} (every handshake accepted), {@code token} (static token list), {@code jwt}
         * (Kora HS256 access tokens) or {@code mixed} ({@link #primary()}, everyone else anonymous
         * with {@link #anonymousScopes()}).
         */
        @WithDefault("none")
        String mode();

        /**
         * Accepted tokens for mode {@code token}: entries {@code userId=token}; a bare token
         * authenticates as {@code user-<position>} (1-based).
         */
        Optional<List<String>> tokens();

        /** Mode {@code mixed}: the scopes of anonymous sessions, as JSON {@code {"todos": {}}}. */
        Optional<String> anonymousScopes();

        /** Mode {@code mixed}: user id prefix of anonymous sessions. */
        @WithDefault("anon")
        String anonymousPrefix();

        /** Mode {@code mixed}: the provider tried first, {@code token} or {@code jwt}. */
        @WithDefault("token")
        String primary();

        Jwt jwt();
    }

    /** Kora's HS256 access tokens ({@code KoraAuthProvider} semantics). */
    interface Jwt {

        /** Signing secrets, at least 32 characters each, tried in order (rotation). */
        Optional<List<String>> secrets();

        /** Known user ids; unset = every user a valid token names. */
        Optional<List<String>> users();

        /** Revoked token ids ({@code jti}). */
        Optional<List<String>> revokedTokenIds();

        /** Revoked device ids ({@code dev}). */
        Optional<List<String>> revokedDevices();

        /** Scope template as JSON; the string {@code "{userId}"} becomes the user id. */
        Optional<String> scopes();
    }
}
