package io.quintet.objectstore.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The effective ObjectBox-style settings (section 5) after CLI, environment and
 * {@code sync-server-config.json} were merged, validated and mapped onto this service.
 */
public record SyncServerSettings(
        Optional<Path> modelFile,
        boolean unsecuredNoAuthentication,
        long dbMaxSizeBytes,
        long historySizeMaxKb,
        long historySizeTargetKb,
        boolean removeWithoutObjectData,
        long fullSyncMessageSplitBytes,
        Set<String> authRequired,
        Optional<SharedSecret> sharedSecret,
        Optional<Google> google,
        Optional<Jwt> jwt,
        Optional<AdminUsers> obxAdmin,
        Map<String, String> syncFilters,
        boolean schemaStrict,
        Optional<String> schemaDefaultHash,
        String logLevel,
        boolean noStacks,
        Optional<Path> certificatePath,
        OwnSettings own,
        ReplicaRole replicaRole,
        Optional<Path> configFile,
        List<String> warnings) {

    public record SharedSecret(byte[] value, boolean required) {}

    public record Google(List<String> clientIds, boolean required, String keysUrl) {}

    public record Jwt(
            Optional<String> publicKeyUrl,
            Optional<String> publicKey,
            long publicKeyCacheExpirationSeconds,
            Optional<String> claimAud,
            Optional<String> claimIss,
            boolean required,
            boolean requiredAccess,
            boolean requiredRefresh,
            boolean requiredCustom) {}

    public record AdminUsers(boolean required) {}

    /** Our own keys under {@code objectstore} in the file (5.1). */
    public record OwnSettings(
            int maxInFlight,
            boolean rejectDuplicateClientId,
            long heartbeatMs,
            int maxMessageBytes,
            boolean allowInsecureCredentials) {}

    /**
     * Section 9's {@code fixedFollower}/{@code fixedLeader}/{@code preferredLeader}, read as replicas:
     * which replica may hold the cluster lease (the PostgreSQL advisory lock whose holder runs the
     * cluster-wide housekeeping).
     */
    public record ReplicaRole(boolean fixedFollower, boolean fixedLeader, boolean preferredLeader) {}

    public boolean anyAuthenticator() {
        return sharedSecret.isPresent() || google.isPresent() || jwt.isPresent() || obxAdmin.isPresent();
    }
}
