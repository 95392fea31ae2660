package io.quintet.synkronus.user;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** Wire shapes of the user routes (camelCase, synkronus.md 5.1, 5.2, 12.2). */
public final class UserViews {

    private UserViews() {}

    public record CreatedUser(String username, String role, String createdAt) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record UserView(
            String id, String username, String role, String createdAt, String updatedAt, Presence presence) {}

    public record Presence(String lastSeenAt, List<ClientPresence> clients, int clientCount) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ClientPresence(
            String clientId, String lastSeenAt, Long lastDataVersion, String appBundleVersion, String lastOdeVersion) {}

    public record Message(String message) {}
}
