package io.quintet.kora.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
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

    /**
     * A live push finding the oldest unacknowledged delivery batch older than this restarts at the
     * client's confirmed position (a client that did not apply a batch ignores later ones as a gap).
     */
    @WithDefault("100ms")
    Duration redeliveryGrace();

    /** Unacknowledged deliveries are resent every tick until nothing was acknowledged for this long (kora.md 8.3)... */
    @WithDefault("60s")
    Duration resendBackoffAfter();

    /** ...then at intervals doubling from the tick up to this. */
    @WithDefault("60s")
    Duration resendBackoffMax();

    /** When auth scopes exist, collections they do not mention stay invisible (kora.md 10.2 strict mode). */
    @WithDefault("false")
    boolean strictScopes();

    /** Answer {@code selectedWireFormat: "protobuf"} when the client lists it (reference); false forces "json". */
    @WithDefault("true")
    boolean offerProtobuf();

    /** A session superseded by a newer one of the same node is closed after this long without frames. */
    @WithDefault("30m")
    Duration supersededIdleTimeout();

    /** HTTP polling sessions idle (no GET or POST) for longer than this are closed. */
    @WithDefault("60s")
    Duration httpIdleTimeout();

    Auth auth();

    /** The app schema whose collections are materialized (kora.md 12.3). */
    AppSchemaSource appSchema();

    interface AppSchemaSource {

        /** A JSON schema file applied at start-up (see the README for its form). */
        Optional<String> path();

        /** The same JSON inline (e.g. {@code KORA_APP_SCHEMA_JSON}); {@link #path()} wins when both are set. */
        Optional<String> json();
    }

    Admin admin();

    interface Admin {

        /**
         * Token of the admin API ({@code /kora/admin/...}) as {@code Authorization: Bearer} or
         * {@code x-kora-admin-token}; unset = the admin API refuses every request.
         */
        Optional<String> token();
    }

    Blobs blobs();

    /** Central blob storage (kora.md 11.2) in table {@code kora.blobs}. */
    interface Blobs {

        /** Store pushed chunks and answer requests from storage; advertised as {@code blobStorageEnabled}. */
        @WithDefault("false")
        boolean enabled();

        /** Largest chunk stored (decoded bytes); larger pushes are dropped. */
        @WithDefault("4194304")
        int maxChunkBytes();

        /** Total bytes the store may hold; pushes beyond it are dropped. 0 = unlimited. */
        @WithDefault("0")
        long maxTotalBytes();

        /** Garbage collection keeps chunks younger than this (an upload precedes the operation that refers to it). */
        @WithDefault("1h")
        Duration gcGrace();

        /** When set, garbage collection also runs at this interval (one replica at a time); else only on the admin request. */
        Optional<Duration> gcInterval();
    }

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

        Jwks jwks();
    }

    /** Mode {@code jwks}: RS256 tokens of an external identity provider, checked against its keys. */
    interface Jwks {

        /** Where the verification keys are: a JWKS URL (https://…/jwks.json), or a PEM/JWK file or classpath resource. */
        Optional<String> location();

        /** Required {@code iss}; unset = not checked. */
        Optional<String> issuer();

        /** Accepted {@code aud} values; unset = not checked. */
        Optional<List<String>> audience();

        /** Scope template JSON; the string {@code "{userId}"} becomes the token's {@code sub}. */
        Optional<String> scopes();

        /** Minutes between JWKS refreshes (a new key id also triggers one). */
        @WithDefault("60")
        int refreshMinutes();
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
