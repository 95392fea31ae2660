package io.quintet.kosync.auth;

import io.vertx.core.MultiMap;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * {@code x-auth-user} and {@code x-auth-key} as the client meant them. The HTTP layer reads header
 * bytes as ISO-8859-1; KOReader sends UTF-8, so the bytes are decoded again as UTF-8 (a name
 * registered as "José" through JSON must match, spec 3.2). A repeated header, an empty value or
 * bytes that are not UTF-8 present no credentials at all.
 */
public record CredentialHeaders(String username, String key) {

    public static final String USER = "x-auth-user";
    public static final String KEY = "x-auth-key";

    public static Optional<CredentialHeaders> read(MultiMap headers) {
        return Optional.ofNullable(readOrNull(headers));
    }

    /** As {@link #read}, null for "no credentials". */
    public static CredentialHeaders readOrNull(MultiMap headers) {
        String user = single(headers, USER);
        if (user == null) {
            return null;
        }
        String key = single(headers, KEY);
        return key == null ? null : new CredentialHeaders(user, key);
    }

    private static String single(MultiMap headers, String name) {
        String value = headers.get(name);
        if (value == null || value.isEmpty()) {
            return null;
        }
        // a repeated header is no credential
        List<String> all = headers.getAll(name);
        if (all.size() != 1) {
            return null;
        }
        return utf8(value).orElse(null);
    }

    static Optional<String> utf8(String latin1) {
        boolean ascii = true;
        for (int i = 0; i < latin1.length(); i++) {
            if (latin1.charAt(i) > 0x7F) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            return Optional.of(latin1);
        }
        try {
            return Optional.of(StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(latin1.getBytes(StandardCharsets.ISO_8859_1)))
                    .toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }
}
