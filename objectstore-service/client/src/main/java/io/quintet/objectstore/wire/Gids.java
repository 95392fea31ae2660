package io.quintet.objectstore.wire;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** GIDs of 3.4: {@code <originPeer>.<localId>}, {@code s<epochShort>.<n>} from the server, plain IDs for shared-global-ID types. */
public final class Gids {

    private static final Pattern MAPPED = Pattern.compile("[0-9a-f]{16}\\.[1-9][0-9]{0,19}");
    private static final Pattern SERVER = Pattern.compile("s[0-9a-f]{1,32}\\.[1-9][0-9]{0,19}");
    private static final Pattern GLOBAL = Pattern.compile("[1-9][0-9]{0,19}");

    private Gids() {}

    /** First 8 bytes of SHA-256 over the 32-hex client ID, as 16 lower-case hex characters. */
    public static String peerOf(String clientId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(clientId.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static boolean valid(String gid, boolean sharedGlobalIds) {
        if (gid == null) return false;
        return sharedGlobalIds
                ? GLOBAL.matcher(gid).matches()
                : MAPPED.matcher(gid).matches() || SERVER.matcher(gid).matches();
    }

    /** The creating peer of an ID-mapped GID, or null for server-assigned ones. */
    public static String originPeer(String gid) {
        return MAPPED.matcher(gid).matches() ? gid.substring(0, 16) : null;
    }
}
