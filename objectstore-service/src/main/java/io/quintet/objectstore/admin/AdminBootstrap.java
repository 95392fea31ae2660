package io.quintet.objectstore.admin;

import io.quarkus.elytron.security.common.BcryptUtil;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.VertxContextSupport;
import io.quintet.objectstore.auth.AdminUser;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The first admin user from {@code OBJECTSTORE_ADMIN_USER} / {@code OBJECTSTORE_ADMIN_PASSWORD}
 * (created once, bcrypt-hashed; later password changes through the admin API are kept).
 */
@Singleton
public class AdminBootstrap {

    private static final Logger LOG = Logger.getLogger("io.quintet.objectstore.AdmUsr");

    private final Optional<String> user;
    private final Optional<String> password;

    public AdminBootstrap(
            @ConfigProperty(name = "objectstore.admin.user") Optional<String> user,
            @ConfigProperty(name = "objectstore.admin.password") Optional<String> password) {
        this.user = user;
        this.password = password;
    }

    /** A start-up step (7.1 logs "user management on/off"). */
    public void run() {
        if (user.isEmpty()
                || password.isEmpty()
                || user.get().isBlank()
                || password.get().isEmpty()) {
            long users = count();
            if (users == 0)
                LOG.warn(
                        "admin: no admin users; set OBJECTSTORE_ADMIN_USER and OBJECTSTORE_ADMIN_PASSWORD to log in to /objectstore/admin/");
            else LOG.infof("admin: user management on, %d users", users);
            return;
        }
        try {
            boolean created = VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() ->
                    AdminUser.<AdminUser>findById(user.get()).chain(existing -> {
                        if (existing != null)
                            return io.smallrye.mutiny.Uni.createFrom().item(false);
                        AdminUser u = new AdminUser();
                        u.name = user.get();
                        u.passwordHash = BcryptUtil.bcryptHash(password.get());
                        u.roles = AdminUser.ADMIN;
                        return u.persist().replaceWith(true);
                    })));
            LOG.infof(
                    "admin: user management on; first admin user %s %s",
                    user.get(), created ? "created" : "already present");
        } catch (Throwable e) {
            throw new IllegalStateException("cannot create the first admin user: " + e.getMessage(), e);
        }
    }

    private static long count() {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(AdminUser::count));
        } catch (Throwable e) {
            return 0;
        }
    }
}
