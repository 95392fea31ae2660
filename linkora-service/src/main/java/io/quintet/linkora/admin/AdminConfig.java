package io.quintet.linkora.admin;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** Operator routes under {@code /linkora/admin}; environment names {@code LINKORA_ADMIN_*}. */
@ConfigMapping(prefix = "linkora.admin")
public interface AdminConfig {

    /** Bearer token of the admin routes ({@code LINKORA_ADMIN_TOKEN}); unset, the routes do not exist (404). */
    Optional<String> token();

    /** Largest SQLite file accepted by {@code POST /admin/import} ({@code LINKORA_ADMIN_MAX_IMPORT_SIZE}). */
    @WithDefault("1G")
    MemorySize maxImportSize();
}
