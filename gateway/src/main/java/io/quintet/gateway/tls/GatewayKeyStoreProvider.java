package io.quintet.gateway.tls;

import io.quarkus.tls.runtime.KeyStoreAndKeyCertOptions;
import io.quarkus.tls.runtime.KeyStoreProvider;
import io.smallrye.common.annotation.Identifier;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PfxOptions;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayOutputStream;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.util.Base64;

/**
 * Hands the "gateway" TLS configuration its key store. Quarkus asks before the HTTPS listener opens
 * (so the first start with an empty data directory generates the certificate in time) and again on
 * every reload. The in-memory PKCS#12 uses a throw-away password; nothing is written here.
 */
@ApplicationScoped
@Identifier(ServerCertificates.TLS_CONFIGURATION)
public class GatewayKeyStoreProvider implements KeyStoreProvider {

    private static final String ALIAS = "gateway";

    private final ServerCertificates certificates;

    public GatewayKeyStoreProvider(ServerCertificates certificates) {
        this.certificates = certificates;
    }

    @Override
    public KeyStoreAndKeyCertOptions getKeyStore(Vertx vertx) {
        ServerIdentity identity = certificates.current();
        try {
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            char[] password = Base64.getEncoder().encodeToString(random).toCharArray();
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(ALIAS, identity.key(), password, identity.chain().toArray(Certificate[]::new));
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            store.store(bytes, password);
            PfxOptions options = new PfxOptions()
                    .setValue(Buffer.buffer(bytes.toByteArray()))
                    .setPassword(new String(password));
            return new KeyStoreAndKeyCertOptions(store, options);
        } catch (Exception e) {
            throw new IllegalStateException("cannot build the key store for the HTTPS listener", e);
        }
    }
}
