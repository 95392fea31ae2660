package io.quintet.synkronus.user.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.quintet.synkronus.auth.PasswordHasher;
import io.quintet.synkronus.config.SynkronusConfig;
import io.quintet.synkronus.http.Role;
import io.quintet.synkronus.user.repository.UserRepository;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * At start, after the migration (synkronus.md 4.5): the first admin when no user exists, and the
 * recovery admin (created, or its password and role forced) whenever both recovery variables are set.
 */
@ApplicationScoped
public class UserBootstrap {

    private static final Logger LOG = Logger.getLogger(UserBootstrap.class);

    private final UserRepository users;
    private final PasswordHasher hasher;
    private final SynkronusConfig config;

    public UserBootstrap(UserRepository users, PasswordHasher hasher, SynkronusConfig config) {
        this.users = users;
        this.hasher = hasher;
        this.config = config;
    }

    void bootstrap(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE + 10) StartupEvent start) throws Throwable {
        Optional<String> recoveryUser = config.recovery().user().filter(s -> !s.isBlank());
        Optional<String> recoveryPass = config.recovery().password().filter(s -> !s.isEmpty());
        if (recoveryUser.isPresent() != recoveryPass.isPresent()) {
            throw new IllegalStateException("SYNKRONUS_RECOVERY_CREATE_USER and SYNKRONUS_RECOVERY_CREATE_PASS must be "
                    + "set together (or neither): only one of them is set");
        }
        String adminHash = hasher.hashNow(config.admin().password());
        VertxContextSupport.subscribeAndAwait(() ->
                Panache.withTransaction(() -> users.count().flatMap(count -> {
                    if (count > 0) {
                        return io.smallrye.mutiny.Uni.createFrom().voidItem();
                    }
                    LOG.infof(
                            "no users yet: creating the admin user '%s'",
                            config.admin().username());
                    return users.persist(UserService.newUser(config.admin().username(), adminHash, Role.ADMIN))
                            .replaceWithVoid();
                })));
        if (recoveryUser.isPresent()) {
            String name = recoveryUser.get().trim();
            String hash = hasher.hashNow(recoveryPass.get());
            VertxContextSupport.subscribeAndAwait(() ->
                    Panache.withTransaction(() -> users.findByUsername(name).flatMap(user -> {
                        if (user == null) {
                            return users.persist(UserService.newUser(name, hash, Role.ADMIN))
                                    .replaceWithVoid();
                        }
                        user.passwordHash = hash;
                        user.role = Role.ADMIN.wire();
                        user.updatedAt = LocalDateTime.now(ZoneOffset.UTC);
                        return io.smallrye.mutiny.Uni.createFrom().voidItem();
                    })));
            LOG.infof(
                    "recovery admin '%s' is set (password and admin role forced at each start while configured)", name);
        }
    }
}
