package io.quintet.synkronus.user.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.quintet.synkronus.auth.PasswordHasher;
import io.quintet.synkronus.config.SynkronusConfig;
import io.quintet.synkronus.http.Role;
import io.quintet.synkronus.user.repository.UserRepository;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * At start, after the migration (synkronus.md 4.5): the first admin when no user exists, and the
 * recovery admin (created, or its password and role forced) whenever both recovery variables are set.
 * The first-admin check is plain SQL on the pool: a start with users (every start but the first)
 * hashes nothing, and an idle service never loads Hibernate's query parser and persistence
 * machinery (about a thousand classes, several MB of metaspace) before its first user request.
 */
@ApplicationScoped
public class UserBootstrap {

    private static final Logger LOG = Logger.getLogger(UserBootstrap.class);

    /** The first admin, unless a user exists (or a replica starting at the same moment made it first). */
    private static final String FIRST_ADMIN = "INSERT INTO synkronus.users "
            + "(id, username, password_hash, role, created_at, updated_at) "
            + "SELECT $1, $2, $3, $4, $5, $5 WHERE NOT EXISTS (SELECT 1 FROM synkronus.users) "
            + "ON CONFLICT (username) DO NOTHING";

    private final UserRepository users;
    private final PasswordHasher hasher;
    private final SynkronusConfig config;
    private final Pool pool;

    public UserBootstrap(UserRepository users, PasswordHasher hasher, SynkronusConfig config, Pool pool) {
        this.users = users;
        this.hasher = hasher;
        this.config = config;
        this.pool = pool;
    }

    void bootstrap(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE + 10) StartupEvent start) throws Throwable {
        Optional<String> recoveryUser = config.recovery().user().filter(s -> !s.isBlank());
        Optional<String> recoveryPass = config.recovery().password().filter(s -> !s.isEmpty());
        if (recoveryUser.isPresent() != recoveryPass.isPresent()) {
            throw new IllegalStateException("SYNKRONUS_RECOVERY_CREATE_USER and SYNKRONUS_RECOVERY_CREATE_PASS must be "
                    + "set together (or neither): only one of them is set");
        }
        boolean anyUser = pool.preparedQuery("SELECT EXISTS (SELECT 1 FROM synkronus.users)")
                .execute()
                .map(rows -> rows.iterator().next().getBoolean(0))
                .await()
                .indefinitely();
        if (!anyUser) {
            String adminHash = hasher.hashNow(config.admin().password());
            LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
            int created = pool.preparedQuery(FIRST_ADMIN)
                    .execute(Tuple.of(UUID.randomUUID(), config.admin().username(), adminHash, Role.ADMIN.wire(), now))
                    .map(rows -> rows.rowCount())
                    .await()
                    .indefinitely();
            if (created > 0) {
                LOG.infof(
                        "no users yet: created the admin user '%s'",
                        config.admin().username());
            }
        }
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
