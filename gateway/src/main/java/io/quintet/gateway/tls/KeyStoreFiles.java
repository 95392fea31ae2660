package io.quintet.gateway.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/** Reading a key entry out of a PKCS#12 or JKS file. */
final class KeyStoreFiles {

    private KeyStoreFiles() {}

    static KeyStore open(Path file, Optional<String> type, char[] password)
            throws IOException, GeneralSecurityException {
        if (type.isPresent()) {
            KeyStore store = KeyStore.getInstance(type.get().trim().toUpperCase());
            try (InputStream in = Files.newInputStream(file)) {
                store.load(in, password);
            }
            return store;
        }
        // probes the content, so a PKCS#12 file named .jks (as Linkora writes it) opens as well
        return KeyStore.getInstance(file.toFile(), password);
    }

    static ServerIdentity identity(KeyStore store, Optional<String> alias, char[] password, String origin)
            throws GeneralSecurityException {
        List<String> candidates = alias.map(List::of).orElseGet(() -> {
            try {
                return Collections.list(store.aliases());
            } catch (GeneralSecurityException e) {
                return List.of();
            }
        });
        for (String name : candidates) {
            if (!store.isKeyEntry(name)) continue;
            Key key = store.getKey(name, password);
            if (!(key instanceof PrivateKey privateKey)) continue;
            Certificate[] chain = store.getCertificateChain(name);
            if (chain == null || chain.length == 0) continue;
            List<X509Certificate> certificates = new ArrayList<>();
            for (Certificate c : chain) certificates.add((X509Certificate) c);
            return new ServerIdentity(privateKey, certificates, origin);
        }
        throw new GeneralSecurityException(
                "no private key entry" + alias.map(a -> " named " + a).orElse("") + " in " + origin);
    }
}
