package io.quintet.synkronus.user.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quintet.synkronus.auth.PasswordHasher;
import io.quintet.synkronus.error.SynkronusError;
import io.quintet.synkronus.http.Role;
import io.quintet.synkronus.user.User;
import io.quintet.synkronus.user.UserViews.ClientPresence;
import io.quintet.synkronus.user.UserViews.CreatedUser;
import io.quintet.synkronus.user.UserViews.Presence;
import io.quintet.synkronus.user.UserViews.UserView;
import io.quintet.synkronus.user.repository.PresenceRepository;
import io.quintet.synkronus.user.repository.UserRepository;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** User administration (synkronus.md 5.1–5.5); hashing happens outside the database transactions. */
@Singleton
public class UserService {

    private final UserRepository users;
    private final PresenceRepository presence;
    private final PasswordHasher hasher;

    public UserService(UserRepository users, PresenceRepository presence, PasswordHasher hasher) {
        this.users = users;
        this.presence = presence;
        this.hasher = hasher;
    }

    public Uni<User> find(String username) {
        return Panache.withSession(() -> users.findByUsername(username));
    }

    /** The user when the password matches; null otherwise (an unknown name costs the same bcrypt). */
    public Uni<User> authenticate(String username, String password) {
        return find(username)
                .flatMap(user -> hasher.matches(password, user == null ? null : user.passwordHash)
                        .map(ok -> ok ? user : null));
    }

    public Uni<CreatedUser> create(String username, String password, String roleText) {
        if (isEmpty(username) || isEmpty(password) || isEmpty(roleText)) {
            throw SynkronusError.MISSING_FIELDS.exception();
        }
        Role role = Role.parse(roleText).orElseThrow(() -> SynkronusError.INVALID_ROLE.exception());
        return hasher.hash(password)
                .flatMap(hash -> Panache.withTransaction(() -> users.findByUsername(username)
                        .flatMap(existing -> {
                            if (existing != null) {
                                throw SynkronusError.USERNAME_TAKEN.exception();
                            }
                            User user = newUser(username, hash, role);
                            return users.persist(user);
                        })))
                .onFailure(UserService::isUniqueViolation)
                .transform(e -> SynkronusError.USERNAME_TAKEN.exception())
                .map(user -> new CreatedUser(user.username, user.role, rfc3339(user.createdAt)));
    }

    public static User newUser(String username, String hash, Role role) {
        User user = new User();
        user.id = UUID.randomUUID();
        user.username = username;
        user.passwordHash = hash;
        user.role = role.wire();
        user.createdAt = LocalDateTime.now(ZoneOffset.UTC);
        user.updatedAt = user.createdAt;
        return user;
    }

    public Uni<List<UserView>> list() {
        return Panache.withSession(() -> users.listAll(io.quarkus.panache.common.Sort.by("username")))
                .flatMap(all -> presence.all().map(rows -> {
                    Map<String, List<PresenceRepository.Stored>> byUser = new LinkedHashMap<>();
                    rows.forEach(r -> byUser.computeIfAbsent(r.username(), k -> new ArrayList<>())
                            .add(r));
                    return all.stream()
                            .map(u -> new UserView(
                                    u.id.toString(),
                                    u.username,
                                    u.role,
                                    rfc3339(u.createdAt),
                                    rfc3339(u.updatedAt),
                                    presenceOf(byUser.get(u.username))))
                            .toList();
                }));
    }

    private static Presence presenceOf(List<PresenceRepository.Stored> rows) {
        if (rows == null || rows.isEmpty()) {
            return null;
        }
        OffsetDateTime latest = rows.get(0).lastSeenAt();
        List<ClientPresence> clients = new ArrayList<>();
        for (PresenceRepository.Stored r : rows) {
            if (r.lastSeenAt().isAfter(latest)) {
                latest = r.lastSeenAt();
            }
            clients.add(new ClientPresence(
                    r.clientId(),
                    r.lastSeenAt().toInstant().toString(),
                    r.lastDataVersion(),
                    r.appBundleVersion(),
                    r.lastOdeVersion()));
        }
        return new Presence(latest.toInstant().toString(), clients, clients.size());
    }

    public Uni<Void> delete(String username) {
        if (isEmpty(username)) {
            throw SynkronusError.MISSING_FIELDS.exception();
        }
        return Panache.withTransaction(() -> users.delete("username", username)).map(count -> {
            if (count == 0) {
                throw SynkronusError.USER_NOT_FOUND.exception();
            }
            return null;
        });
    }

    public Uni<Void> resetPassword(String username, String newPassword) {
        if (isEmpty(username) || isEmpty(newPassword)) {
            throw SynkronusError.MISSING_FIELDS.exception();
        }
        return hasher.hash(newPassword)
                .flatMap(hash -> Panache.withTransaction(() -> users.findByUsername(username)
                        .map(user -> {
                            if (user == null) {
                                throw SynkronusError.USER_NOT_FOUND.exception();
                            }
                            user.passwordHash = hash;
                            user.updatedAt = LocalDateTime.now(ZoneOffset.UTC);
                            return null;
                        })));
    }

    public Uni<Void> changePassword(String username, String current, String newPassword) {
        if (isEmpty(current) || isEmpty(newPassword)) {
            throw SynkronusError.MISSING_FIELDS.exception();
        }
        return authenticate(username, current).flatMap(user -> {
            if (user == null) {
                throw SynkronusError.WRONG_CURRENT_PASSWORD.exception();
            }
            return resetPassword(username, newPassword);
        });
    }

    public static String rfc3339(LocalDateTime utc) {
        return utc.atOffset(ZoneOffset.UTC).toInstant().toString();
    }

    static boolean isEmpty(String s) {
        return s == null || s.isEmpty();
    }

    private static boolean isUniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains("23505")) {
                return true;
            }
        }
        return false;
    }
}
