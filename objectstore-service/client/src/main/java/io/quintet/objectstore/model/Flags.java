package io.quintet.objectstore.model;

/** Property (2.7) and entity (2.8) flag bits. */
public final class Flags {

    public static final int ID = 1,
            NON_PRIMITIVE_TYPE = 2,
            INDEXED = 8,
            UNIQUE = 32,
            INDEX_HASH = 2048,
            INDEX_HASH64 = 4096,
            UNSIGNED = 8192,
            UNIQUE_ON_CONFLICT_REPLACE = 32768,
            EXPIRATION_TIME = 65536,
            SYNC_CLOCK = 131072,
            SYNC_PRECEDENCE = 262144;

    /** Flags that only describe indexes or the language binding: left out of the base hash. */
    public static final int NOT_DATA_RELEVANT =
            INDEXED | INDEX_HASH | INDEX_HASH64 | UNIQUE | UNIQUE_ON_CONFLICT_REPLACE | NON_PRIMITIVE_TYPE;

    public static final int SYNC_ENABLED = 2, SHARED_GLOBAL_IDS = 4;

    private Flags() {}

    public static boolean has(int flags, int bit) {
        return (flags & bit) == bit;
    }
}
