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
        Optional<String> user = single(headers.getAll(USER));
        Optional<String> key = single(headers.getAll(KEY));
        if (user.isEmpty() || key.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new CredentialHeaders(user.get(), key.get()));
    }

    private static Optional<String> single(List<String> values) {
        if (values.size() != 1 || values.get(0).isEmpty()) {
            return Optional.empty();
        }
        return utf8(values.get(0));
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
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(latin1.getBytes(StandardCharsets.ISO_8859_1)))
                    .toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }
}
