package io.quintet.gateway.tls;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The operator's PKCS#12 or JKS key store ({@code quintet.gateway.tls.key-store-file}). */
final class KeyStoreFileSource implements CertificateSource {

    private final Path file;
    private final Optional<String> type;
    private final Optional<String> alias;
    private final char[] password;

    KeyStoreFileSource(Path file, Optional<String> type, Optional<String> alias, Optional<String> password) {
        this.file = file;
        this.type = type;
        this.alias = alias;
        this.password = password.orElse("").toCharArray();
    }

    @Override
    public ServerIdentity load() {
        try {
            return KeyStoreFiles.identity(
                    KeyStoreFiles.open(file, type, password),
                    alias,
                    password,
                    file.getFileName().toString());
        } catch (Exception e) {
            throw new IllegalStateException("cannot load the TLS key store " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<Path> files() {
        return List.of(file);
    }

    @Override
    public String describe() {
        return "operator key store " + file;
    }
}
