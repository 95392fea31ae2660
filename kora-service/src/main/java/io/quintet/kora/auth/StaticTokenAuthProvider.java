package io.quintet.kora.auth;

import io.smallrye.mutiny.Uni;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * A fixed list of accepted tokens ({@code userId=token}, or a bare token for {@code user-<n>}).
 * Tokens are compared in constant time so a probe cannot learn a prefix from response times.
 */
public final class StaticTokenAuthProvider implements AuthProvider {

    private record Entry(String userId, byte[] token) {}

    private final List<Entry> entries = new ArrayList<>();

    public StaticTokenAuthProvider(List<String> configured) {
        for (int i = 0; i < configured.size(); i++) {
            String item = configured.get(i).trim();
            if (item.isEmpty()) continue;
            int eq = item.indexOf('=');
            String user = eq > 0 ? item.substring(0, eq) : "user-" + (i + 1);
            String token = eq > 0 ? item.substring(eq + 1) : item;
            if (!token.isEmpty()) {
                entries.add(new Entry(user, token.getBytes(StandardCharsets.UTF_8)));
            }
        }
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("kora.auth.mode=token needs at least one entry in kora.auth.tokens");
        }
    }

    @Override
    public Uni<AuthContext> authenticate(String token) {
        byte[] presented = token == null ? new byte[0] : token.getBytes(StandardCharsets.UTF_8);
        AuthContext match = null;
        for (Entry entry : entries) {
            if (MessageDigest.isEqual(entry.token(), presented) && match == null) {
                match = AuthContext.user(entry.userId());
            }
        }
        return Uni.createFrom().item(match);
    }
}
