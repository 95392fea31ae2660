package io.quintet.kora.collection.rest;

import io.quintet.kora.config.KoraConfig;
import io.quintet.kora.error.KoraError;
import io.quintet.protocol.auth.AdminBearer;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The admin token check of {@code /kora/admin/...}: the suite's one check ({@link AdminBearer}: the
 * reference's {@code x-kora-admin-token} header or {@code Authorization: Bearer}, hashed, constant
 * time), its verdict answered in kora's own error shape. Without a configured token the admin API
 * is closed rather than open: it can rewrite tables.
 */
@ApplicationScoped
public class AdminGuard {

    /** The reference's admin token header, beside {@code Authorization: Bearer}. */
    public static final String TOKEN_HEADER = "x-kora-admin-token";

    private final AdminBearer bearer;

    public AdminGuard(KoraConfig config) {
        this.bearer = AdminBearer.of(config.admin().token());
    }

    public void check(String authorization, String headerToken) {
        switch (bearer.check(authorization, headerToken)) {
            case ADMITTED -> {}
            case DISABLED -> throw KoraError.ADMIN_DISABLED.exception();
            case MISSING -> throw KoraError.ADMIN_TOKEN_REQUIRED.exception();
            case WRONG -> throw KoraError.ADMIN_TOKEN_INVALID.exception();
        }
    }
}
