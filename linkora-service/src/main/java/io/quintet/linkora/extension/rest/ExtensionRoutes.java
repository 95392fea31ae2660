package io.quintet.linkora.extension.rest;

import io.quintet.linkora.extension.ExtensionPage;
import io.quintet.linkora.extension.LegacyPages;
import io.quintet.linkora.extension.repository.ExtensionFolderRepository;
import io.quintet.linkora.http.LinkoraRoutes;
import io.quintet.linkora.http.Reply;
import io.quintet.linkora.http.RouteRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The legacy pages (spec 7.10, 10.3) and the service's side of the certificate page (7.8): the
 * browser-extension popup (token required), {@code SERVER_IS_CONFIGURED} and the certificate page
 * (public). Certificate generation itself belongs to the gateway, which terminates TLS.
 */
@ApplicationScoped
public class ExtensionRoutes implements LinkoraRoutes {

    static final String CERTIFICATES = "generate/certs-and-keystore";

    private final ExtensionFolderRepository folders;
    private final String version;

    public ExtensionRoutes(
            ExtensionFolderRepository folders,
            @ConfigProperty(name = "quarkus.application.version", defaultValue = "unknown") String version) {
        this.folders = folders;
        this.version = version;
    }

    @Override
    public void register(RouteRegistry routes) {
        routes.get("browser-extension", (ctx, c) -> folders.all().map(all -> Reply.html(ExtensionPage.render(all))));
        routes.publicGet(
                "SERVER_IS_CONFIGURED",
                (ctx, c) -> Uni.createFrom().item(Reply.html(LegacyPages.serverIsConfigured(version))));
        routes.publicGet(CERTIFICATES, (ctx, c) -> Uni.createFrom().item(Reply.html(LegacyPages.CERTIFICATE_PAGE)));
        // reached only on a direct connection: through the gateway, the gateway answers this path itself
        routes.postRaw(
                CERTIFICATES, (ctx, c) -> Uni.createFrom().item(Reply.text(503, LegacyPages.CERTIFICATES_AT_GATEWAY)));
    }
}
