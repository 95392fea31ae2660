package io.quintet.kora.auth;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Who a session belongs to (kora.md 10.1): the user, optional scopes
 * ({@code {collection: {field: value}}}, {@code null} = none) and provider metadata.
 */
public record AuthContext(String userId, ObjectNode scopes, ObjectNode metadata) {

    public static AuthContext user(String userId) {
        return new AuthContext(userId, null, null);
    }

    public AuthContext withScopes(ObjectNode newScopes) {
        return new AuthContext(userId, newScopes, metadata);
    }
}
