package io.quintet.gateway.tls;

import io.quarkus.tls.CertificateUpdatedEvent;
import io.quarkus.tls.TlsConfiguration;
import io.quarkus.tls.TlsConfigurationRegistry;
import io.quintet.gateway.config.GatewayConfig;
import io.quintet.gateway.config.LinkoraConfigFile;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.inject.Instance;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Owns the certificate the HTTPS listener presents: loads it from its source (loaded lazily by the TLS
 * registry before the listener opens, generating it on first start), and swaps it without a restart
 * when it is regenerated or its files are replaced: reload of the "gateway" TLS configuration, then a
 * {@link CertificateUpdatedEvent}, on which Quarkus updates the running listener. All methods block.
 */
@ApplicationScoped
public class ServerCertificates {

    /** Name of the Quarkus TLS configuration used by the HTTPS listener ({@code quarkus.tls.gateway.*}). */
    public static final String TLS_CONFIGURATION = "gateway";

    private static final Logger LOG = Logger.getLogger(ServerCertificates.class);

    /** A regenerated certificate and the ZIP with its Linkora files. */
    public record Regeneration(ServerIdentity identity, Path zip) {}

    private record Stamp(Path file, long modified, long size) {}

    private final CertificateSource source;
    private final Instance<TlsConfigurationRegistry> registry;
    private final Event<CertificateUpdatedEvent> updated;
    private volatile ServerIdentity current;
    private volatile List<Stamp> stamps = List.of();

    public ServerCertificates(
            GatewayConfig config,
            LinkoraConfigFile linkoraConfig,
            Instance<TlsConfigurationRegistry> registry,
            Event<CertificateUpdatedEvent> updated) {
        this.source = chooseSource(config, linkoraConfig);
        this.registry = registry;
        this.updated = updated;
    }

    private static CertificateSource chooseSource(GatewayConfig config, LinkoraConfigFile linkoraConfig) {
        GatewayConfig.Tls tls = config.tls();
        if (tls.certificateFile().isPresent() != tls.keyFile().isPresent()) {
            throw new IllegalStateException(
                    "quintet.gateway.tls.certificate-file and quintet.gateway.tls.key-file go together");
        }
        if (tls.certificateFile().isPresent()) {
            return new PemFilesSource(tls.certificateFile().get(), tls.keyFile().get());
        }
        if (tls.keyStoreFile().isPresent()) {
            return new KeyStoreFileSource(
                    tls.keyStoreFile().get(), tls.keyStoreType(), tls.keyStoreAlias(), tls.keyStorePassword());
        }
        Path directory = config.dataDir().resolve("gateway");
        return new GeneratedCertificateStore(
                directory,
                () -> KeyStorePasswords.resolve(config.linkora(), linkoraConfig, directory),
                tls.hostNames().orElse(List.of()),
                tls.validity(),
                tls.reissueWhenOutdated());
    }

    /** The certificate being served; the first call loads (or generates) it. */
    public ServerIdentity current() {
        ServerIdentity identity = current;
        if (identity == null) {
            synchronized (this) {
                if (current == null) {
                    current = source.load();
                    stamps = stamp(source.files());
                    LOG.infof("serving the %s (SHA-256 %s)", source.describe(), current.sha256Fingerprint());
                }
                identity = current;
            }
        }
        return identity;
    }

    /** Only the generated certificate can be regenerated; an operator's certificate is replaced by replacing its files. */
    public boolean regenerable() {
        return source instanceof GeneratedCertificateStore;
    }

    public synchronized Regeneration regenerate() throws IOException {
        if (!(source instanceof GeneratedCertificateStore store)) {
            throw new IllegalStateException("the gateway serves an operator-provided certificate");
        }
        ServerIdentity fresh = store.regenerate();
        install(fresh);
        return new Regeneration(fresh, store.zipFile());
    }

    /** Picks up certificate files replaced on disk; a half-written or broken file keeps the old certificate. */
    public synchronized boolean reloadIfFilesChanged() {
        List<Stamp> now = stamp(source.files());
        if (now.equals(stamps)) {
            return false;
        }
        try {
            ServerIdentity loaded = source.load();
            install(loaded);
            LOG.infof("certificate files changed: now serving SHA-256 %s", loaded.sha256Fingerprint());
            return true;
        } catch (RuntimeException e) {
            stamps = now; // do not retry the same broken files every interval
            LOG.warnf(
                    "certificate files changed but cannot be loaded, keeping the current certificate: %s",
                    e.getMessage());
            return false;
        }
    }

    private void install(ServerIdentity identity) {
        current = identity;
        stamps = stamp(source.files());
        Optional<TlsConfiguration> tls = registry.get().get(TLS_CONFIGURATION);
        if (tls.isPresent() && tls.get().reload()) {
            // observed by Quarkus' HTTP server, which switches the running HTTPS listener to the new certificate
            updated.fire(new CertificateUpdatedEvent(TLS_CONFIGURATION, tls.get()));
        } else {
            LOG.warn("the TLS configuration did not reload; the new certificate is used after a restart");
        }
    }

    private static List<Stamp> stamp(List<Path> files) {
        List<Stamp> result = new ArrayList<>();
        for (Path file : files) {
            try {
                BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
                result.add(new Stamp(file, a.lastModifiedTime().toMillis(), a.size()));
            } catch (IOException e) {
                result.add(new Stamp(file, -1, -1));
            }
        }
        return result;
    }
}
