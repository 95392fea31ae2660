package io.quintet.objectstore.config;

import java.util.LinkedHashMap;
import java.util.Map;

/** The keys of {@code sync-server-config.json} (5.3) with the kind of value each takes. */
final class ConfigKeys {

    enum Kind {
        STRING,
        BOOL,
        INT,
        NUMBER,
        SIZE,
        STRING_LIST,
        STRING_MAP,
        ANY
    }

    /** Values are a {@link Kind} or a nested map for objects. */
    static final Map<String, Object> ROOT = new LinkedHashMap<>();

    static {
        Map<String, Object> log = new LinkedHashMap<>();
        for (String k : new String[] {
            "transactionRead",
            "transactionWrite",
            "queries",
            "queryParameters",
            "asyncQueue",
            "cacheHits",
            "cacheAll",
            "tree",
            "exceptionStackTrace",
            "threadingSelfTest",
            "wal",
            "idMapping",
            "syncFilterVariables"
        }) {
            log.put(k, Kind.BOOL);
        }
        Map<String, Object> google = Map.of("clientIds", Kind.STRING_LIST, "required", Kind.BOOL);
        Map<String, Object> jwt = new LinkedHashMap<>();
        jwt.put("publicKeyUrl", Kind.STRING);
        jwt.put("publicKey", Kind.STRING);
        jwt.put("publicKeyCacheExpirationSeconds", Kind.INT);
        jwt.put("claimAud", Kind.STRING);
        jwt.put("claimIss", Kind.STRING);
        jwt.put("required", Kind.BOOL);
        jwt.put("requiredAccess", Kind.BOOL);
        jwt.put("requiredRefresh", Kind.BOOL);
        jwt.put("requiredCustom", Kind.BOOL);
        Map<String, Object> auth = new LinkedHashMap<>();
        auth.put("sharedSecret", Kind.ANY);
        auth.put("google", google);
        auth.put("jwt", jwt);
        auth.put("obxAdmin", Kind.ANY);
        Map<String, Object> mongo = new LinkedHashMap<>();
        mongo.put("url", Kind.STRING);
        mongo.put("database", Kind.STRING);
        mongo.put("automaticInitialImport", Kind.BOOL);
        mongo.put("maxPropertySizeToMongoDb", Kind.INT);
        for (String k : new String[] {
            "skipOversizedDocumentsToMongoDb",
            "strictConversionsFromMongoDb",
            "strictConversionsToMongoDb",
            "emptyListForAbsentValuesFromMongoDb",
            "omitNullValuesToMongoDb"
        }) {
            mongo.put(k, Kind.BOOL);
        }
        Map<String, Object> own = new LinkedHashMap<>();
        own.put("maxInFlight", Kind.INT);
        own.put("rejectDuplicateClientId", Kind.BOOL);
        own.put("heartbeatMs", Kind.INT);
        own.put("maxMessageBytes", Kind.INT);
        own.put("allowInsecureCredentials", Kind.BOOL);
        own.put("googleKeysUrl", Kind.STRING);

        ROOT.put("dbDirectory", Kind.STRING);
        ROOT.put("dbMaxSize", Kind.SIZE);
        ROOT.put("modelFile", Kind.STRING);
        ROOT.put("bind", Kind.STRING);
        ROOT.put("adminBind", Kind.STRING);
        ROOT.put("adminThreads", Kind.INT);
        ROOT.put("certificatePath", Kind.STRING);
        ROOT.put("workers", Kind.INT);
        ROOT.put("maxReaders", Kind.INT);
        ROOT.put("asyncTxSlot", Kind.INT);
        ROOT.put("unsecuredNoAuthentication", Kind.BOOL);
        ROOT.put("logLevel", Kind.STRING);
        ROOT.put("debugLog", Kind.BOOL);
        ROOT.put("noStacks", Kind.BOOL);
        ROOT.put("log", log);
        ROOT.put("auth", auth);
        ROOT.put("syncFilters", Kind.STRING_MAP);
        ROOT.put("clientSchemaValidation", Map.of("strict", Kind.BOOL, "defaultHash", Kind.STRING));
        ROOT.put("historySizeMaxKb", Kind.INT);
        ROOT.put("historySizeTargetKb", Kind.INT);
        ROOT.put("removeWithoutObjectData", Kind.BOOL);
        ROOT.put("fullSyncMessageSplitMb", Kind.NUMBER);
        ROOT.put("clusterId", Kind.STRING);
        ROOT.put("fixedFollower", Kind.BOOL);
        ROOT.put("fixedLeader", Kind.BOOL);
        ROOT.put("preferredLeader", Kind.BOOL);
        ROOT.put("serversToConnect", Kind.ANY);
        ROOT.put("mongoDb", mongo);
        ROOT.put("disableClientSchemaValidation", Kind.BOOL);
        ROOT.put("crasherKey", Kind.ANY);
        ROOT.put("objectstore", own);
        // CLI-only settings land in the same tree
        ROOT.put("authRequired", Kind.STRING);
        ROOT.put("adminOff", Kind.BOOL);
        ROOT.put("restoreBackup", Kind.STRING);
        ROOT.put("backupOverwritesDb", Kind.BOOL);
    }

    /** CLI options (5.2) → JSON path; options without argument set {@code true}. */
    record Option(String path, boolean takesArgument) {}

    static final Map<String, Option> OPTIONS = new LinkedHashMap<>();

    static {
        OPTIONS.put("--admin-bind", new Option("adminBind", true));
        OPTIONS.put("--admin-threads", new Option("adminThreads", true));
        OPTIONS.put("--admin-off", new Option("adminOff", false));
        OPTIONS.put("--async-tx-slot", new Option("asyncTxSlot", true));
        OPTIONS.put("--auth-obx-admin", new Option("auth.obxAdmin", false));
        OPTIONS.put("--auth-required", new Option("authRequired", true));
        OPTIONS.put("-b", new Option("bind", true));
        OPTIONS.put("--bind", new Option("bind", true));
        OPTIONS.put("-c", new Option("#conf", true));
        OPTIONS.put("--conf", new Option("#conf", true));
        OPTIONS.put("--cert", new Option("certificatePath", true));
        OPTIONS.put("--cluster-id", new Option("clusterId", true));
        OPTIONS.put("--debug", new Option("#debug", false));
        OPTIONS.put("--log-level", new Option("logLevel", true));
        OPTIONS.put("--fixed-follower", new Option("fixedFollower", false));
        OPTIONS.put("--fixed-leader", new Option("fixedLeader", false));
        OPTIONS.put("-d", new Option("dbDirectory", true));
        OPTIONS.put("--db-directory", new Option("dbDirectory", true));
        OPTIONS.put("--db-max-size", new Option("dbMaxSize", true));
        OPTIONS.put("--jwt-public-key-url", new Option("auth.jwt.publicKeyUrl", true));
        OPTIONS.put("--jwt-claim-aud", new Option("auth.jwt.claimAud", true));
        OPTIONS.put("--jwt-claim-iss", new Option("auth.jwt.claimIss", true));
        OPTIONS.put("-m", new Option("modelFile", true));
        OPTIONS.put("--model", new Option("modelFile", true));
        OPTIONS.put("--mongo-url", new Option("mongoDb.url", true));
        OPTIONS.put("--mongo-db", new Option("mongoDb.database", true));
        OPTIONS.put("--mongo-initial-import", new Option("mongoDb.automaticInitialImport", false));
        OPTIONS.put("--no-stacks", new Option("noStacks", false));
        OPTIONS.put("--unsecured-no-authentication", new Option("unsecuredNoAuthentication", false));
        OPTIONS.put("--workers", new Option("workers", true));
        OPTIONS.put("--restore-backup", new Option("restoreBackup", true));
        OPTIONS.put("--backup-overwrites-db", new Option("backupOverwritesDb", false));
    }

    private ConfigKeys() {}
}
