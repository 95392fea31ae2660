package io.quintet.gateway.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileOutputStream;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Operator-provided certificates: PEM pairs (PKCS#8 and PKCS#1 keys) and PKCS#12 / JKS key stores. */
class OperatorCertificateTest {

    @TempDir
    Path dir;

    private final KeyPair keyPair = SelfSignedCertificates.newKeyPair();
    private final X509Certificate certificate =
            SelfSignedCertificates.issue(keyPair, Set.of("mkcert.test"), Set.of(), Duration.ofDays(30));

    @Test
    void pemPairWithPkcs8OrPkcs1Key() throws Exception {
        Path cert = dir.resolve("cert.pem");
        Files.writeString(cert, pem(certificate));
        Path pkcs8 = dir.resolve("key8.pem");
        Files.writeString(
                pkcs8,
                pem(new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(keyPair.getPrivate(), null).generate()));
        Path pkcs1 = dir.resolve("key1.pem");
        Files.writeString(pkcs1, pem(keyPair)); // "BEGIN RSA PRIVATE KEY"
        assertTrue(Files.readString(pkcs1).contains("BEGIN RSA PRIVATE KEY"));

        for (Path key : new Path[] {pkcs8, pkcs1}) {
            ServerIdentity identity = new PemFilesSource(cert, key).load();
            assertEquals(certificate, identity.leaf());
            assertEquals(keyPair.getPrivate(), identity.key());
        }
    }

    @Test
    void pkcs12AndJksKeyStores() throws Exception {
        for (String type : new String[] {"PKCS12", "JKS"}) {
            KeyStore store = KeyStore.getInstance(type);
            store.load(null, null);
            store.setKeyEntry(
                    "server", keyPair.getPrivate(), "changeit".toCharArray(), new Certificate[] {certificate});
            Path file = dir.resolve("server." + type.toLowerCase());
            try (FileOutputStream out = new FileOutputStream(file.toFile())) {
                store.store(out, "changeit".toCharArray());
            }
            ServerIdentity identity =
                    new KeyStoreFileSource(file, Optional.empty(), Optional.empty(), Optional.of("changeit")).load();
            assertEquals(certificate, identity.leaf());
        }
    }

    @Test
    void aMissingFileIsAClearStartupError() {
        IllegalStateException failure = assertThrows(
                IllegalStateException.class,
                () -> new PemFilesSource(dir.resolve("missing.pem"), dir.resolve("missing.key")).load());
        assertTrue(failure.getMessage().contains("missing.pem"), failure.getMessage());
    }

    private static String pem(Object object) throws Exception {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(object);
        }
        return text.toString();
    }
}
