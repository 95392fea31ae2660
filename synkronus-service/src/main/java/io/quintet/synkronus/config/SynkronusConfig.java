package io.quintet.synkronus.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;

/**
 * The service's settings. application.properties maps each to the reference server's environment
 * variable (synkronus.md section 13): JWT_SECRET, ADMIN_USERNAME, MAX_VERSIONS_KEPT, SYNKRONUS_*.
 */
@ConfigMapping(prefix = "synkronus")
public interface SynkronusConfig {

    /** HS256 key (JWT_SECRET), as raw bytes of the string; the service refuses to start without one. */
    Optional<String> jwtSecret();

    /** The server version reported by /api/version, /health and the 426 answers; its major is what clients must match. */
    @WithDefault("1.1.0")
    String serverVersion();

    /** Public base URL of this service (e.g. https://sync.example.org/synkronus); empty = derive from the request. */
    Optional<String> publicUrl();

    /** Peers whose X-Forwarded-* headers are believed when building download URLs (CIDRs). */
    List<String> trustedProxies();

    /** Where an operator puts a Synkronus Portal build, served at /synkronus/portal (SYNKRONUS_PORTAL_DIR). */
    @WithDefault("data/synkronus/portal")
    String portalDir();

    /** Accept tokens without token_use (issued by builds before it existed). */
    @WithDefault("true")
    boolean acceptLegacyUntypedTokens();

    Admin admin();

    Recovery recovery();

    Auth auth();

    Attachments attachments();

    Images images();

    Bundles bundles();

    interface Admin {
        /** The first admin, created when the users table is empty (ADMIN_USERNAME / ADMIN_PASSWORD). */
        @WithDefault("admin")
        String username();

        @WithDefault("admin")
        String password();
    }

    interface Recovery {
        /** SYNKRONUS_RECOVERY_CREATE_USER / _PASS: an admin forced at each start (both or neither). */
        Optional<String> user();

        Optional<String> password();
    }

    interface Auth {
        @WithDefault("16384")
        int maxBodyBytes();

        @WithDefault("60")
        int ipAttempts();

        @WithDefault("60")
        int ipWindowSeconds();

        @WithDefault("10")
        int loginAttempts();

        @WithDefault("300")
        int loginWindowSeconds();

        @WithDefault("100")
        int accountAttempts();

        @WithDefault("900")
        int accountWindowSeconds();

        @WithDefault("10000")
        int limiterMaxKeys();

        /** Peers allowed to name the client with X-Real-IP (comma-separated CIDRs). */
        Optional<List<String>> trustedProxyCidrs();

        /** bcrypt cost of new password hashes (the reference uses 10). */
        @WithDefault("10")
        int hashCost();
    }

    S3 s3();

    interface Attachments {
        @WithDefault("134217728")
        long maxUploadBytes();

        /** Where attachment bytes live (SYNKRONUS_ATTACHMENT_STORE): postgres (default) or s3. */
        @WithDefault("postgres")
        String store();

        @WithDefault("4")
        int maxConcurrentUploads();
    }

    /** The S3-compatible bucket of {@code SYNKRONUS_ATTACHMENT_STORE=s3} (SYNKRONUS_S3_*). */
    interface S3 {
        /** e.g. http://minio:9000; empty = AWS's own endpoint for the region. */
        Optional<String> endpoint();

        @WithDefault("us-east-1")
        String region();

        Optional<String> bucket();

        /** Object names start with this (a folder of a shared bucket). */
        @WithDefault("synkronus/")
        String prefix();

        /** Both set: static credentials; else the SDK's default chain (AWS_ACCESS_KEY_ID, roles, ...). */
        Optional<String> accessKeyId();

        Optional<String> secretAccessKey();

        /** Path-style URLs (bucket in the path), as MinIO and most self-hosted servers want. */
        @WithDefault("true")
        boolean pathStyle();
    }

    interface Images {
        @WithDefault("2")
        int maxConcurrent();

        @WithDefault("16384")
        int maxDimensionPx();

        @WithDefault("40000000")
        long maxPixels();

        @WithDefault("0")
        int compressionLevel();

        @WithDefault("0")
        int maxWidthPx();

        @WithDefault("0")
        int maxHeightPx();

        @WithDefault("true")
        boolean applyExifOrientation();
    }

    interface Bundles {
        /** Versions kept after an upload (MAX_VERSIONS_KEPT); ≤ 0 means the default 5. */
        @WithDefault("5")
        int maxVersionsKept();
    }
}
