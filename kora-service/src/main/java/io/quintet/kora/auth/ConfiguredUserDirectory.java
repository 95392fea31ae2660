package io.quintet.kora.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.quintet.kora.codec.JsonCodec;
import io.smallrye.mutiny.Uni;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The user directory from configuration: an optional list of known user ids (unset = every user
 * the token names), revoked token ids and devices, and a scope template in which the string
 * {@code "{userId}"} stands for the authenticated user.
 */
public final class ConfiguredUserDirectory implements KoraUserDirectory {

    static final String USER_PLACEHOLDER = "{userId}";

    private final Optional<Set<String>> users;
    private final Set<String> revokedTokens;
    private final Set<String> revokedDevices;
    private final ObjectNode scopeTemplate;

    public ConfiguredUserDirectory(
            Optional<Set<String>> users,
            Set<String> revokedTokens,
            Set<String> revokedDevices,
            ObjectNode scopeTemplate) {
        this.users = users;
        this.revokedTokens = revokedTokens;
        this.revokedDevices = revokedDevices;
        this.scopeTemplate = scopeTemplate;
    }

    @Override
    public Uni<AuthContext> authorize(String userId, String deviceId, String tokenId) {
        if (users.isPresent() && !users.get().contains(userId)
                || revokedTokens.contains(tokenId)
                || revokedDevices.contains(deviceId)) {
            return Uni.createFrom().nullItem();
        }
        ObjectNode metadata = JsonCodec.mapper().createObjectNode().put("deviceId", deviceId);
        return Uni.createFrom().item(new AuthContext(userId, scopes(userId), metadata));
    }

    private ObjectNode scopes(String userId) {
        if (scopeTemplate == null || scopeTemplate.isEmpty()) return null;
        ObjectNode scopes = scopeTemplate.deepCopy();
        for (JsonNode filter : scopes) {
            if (filter instanceof ObjectNode fields) {
                for (Iterator<Map.Entry<String, JsonNode>> it = fields.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    if (USER_PLACEHOLDER.equals(e.getValue().asText(null))) e.setValue(TextNode.valueOf(userId));
                }
            }
        }
        return scopes;
    }
}
