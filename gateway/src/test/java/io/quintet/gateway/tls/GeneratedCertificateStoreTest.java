package io.quintet.gateway.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generated certificate's life cycle on disk, without Quarkus. */
class GeneratedCertificateStoreTest {

    private static final char[] PASSWORD = "p@ss#word".toCharArray();

    @TempDir
    Path dir;

    private GeneratedCertificateStore store(List<String> hostNames) {
        return new GeneratedCertificateStore(dir, () -> PASSWORD.clone(), hostNames, Duration.ofDays(365), true);
    }

    @Test
    void firstStartCreatesTheLinkoraFilesAndARestartReusesThem() throws Exception {
        ServerIdentity first = store(List.of()).load();
        for (String name : List.of("linkoraServerCert.jks", "linkoraServerCert.cer", "linkoraServerCert.pem")) {
            assertTrue(Files.isRegularFile(dir.resolve(name)), name);
        }
        assertEquals(
                Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                Files.getPosixFilePermissions(dir.resolve("linkoraServerCert.jks")),
                "the key store is private");
        assertTrue(Files.getPosixFilePermissions(dir.resolve("linkoraServerCert.cer"))
                .contains(PosixFilePermission.OTHERS_READ));

        ServerIdentity restarted = store(List.of()).load();
        assertEquals(first.sha256Fingerprint(), restarted.sha256Fingerprint());

        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        keyStore.load(Files.newInputStream(dir.resolve("linkoraServerCert.jks")), PASSWORD);
        assertEquals(List.of("linkora-sync-server-cert"), Collections.list(keyStore.aliases()));
        assertArrayEquals(first.leaf().getEncoded(), Files.readAllBytes(dir.resolve("linkoraServerCert.cer")));
        X509Certificate fromPem = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(
                        new ByteArrayInputStream(Files.readAllBytes(dir.resolve("linkoraServerCert.pem"))));
        assertEquals(first.leaf(), fromPem);
        String pem = Files.readString(dir.resolve("linkoraServerCert.pem"), StandardCharsets.US_ASCII);
        assertTrue(Arrays.stream(pem.split("\r\n")).allMatch(l -> l.length() <= 76)
                && !pem.replace("\r\n", "").contains("\n"));
    }

    @Test
    void aNewHostNameIsAddedByReissuingWithTheSameKey() {
        ServerIdentity before = store(List.of()).load();
        ServerIdentity after = store(List.of("sync.example.org", "203.0.113.7")).load();
        assertNotEquals(before.sha256Fingerprint(), after.sha256Fingerprint());
        assertEquals(
                before.leaf().getPublicKey(),
                after.leaf().getPublicKey(),
                "apps that imported the old certificate keep verifying");
        assertTrue(after.subjectAlternativeNames()
                .containsAll(List.of("sync.example.org", "203.0.113.7", "localhost", "127.0.0.1")));
    }

    @Test
    void regenerationMakesANewKeyAndTheZip() throws Exception {
        GeneratedCertificateStore store = store(List.of());
        ServerIdentity before = store.load();
        ServerIdentity after = store.regenerate();
        assertNotEquals(before.leaf().getPublicKey(), after.leaf().getPublicKey());
        assertTrue(Files.size(store.zipFile()) > 1000);
        assertEquals(after.sha256Fingerprint(), store(List.of()).load().sha256Fingerprint());
    }

    @Test
    void aWrongPasswordStopsTheStartWithAClearMessage() {
        store(List.of()).load();
        GeneratedCertificateStore wrong =
                new GeneratedCertificateStore(dir, () -> "other".toCharArray(), List.of(), Duration.ofDays(365), true);
        IllegalStateException failure = assertThrows(IllegalStateException.class, wrong::load);
        assertTrue(failure.getMessage().contains("LINKORA_KEY_STORE_PASSWORD"), failure.getMessage());
    }

    @Test
    void aReferenceServersPemHasCrlfLinesOf76() {
        byte[] der = new byte[300];
        String pem = new String(GeneratedCertificateStore.pem(der), StandardCharsets.US_ASCII);
        String[] lines = pem.split("\r\n");
        assertEquals("-----BEGIN CERTIFICATE-----", lines[0]);
        assertEquals(76, lines[1].length());
        assertEquals("-----END CERTIFICATE-----", lines[lines.length - 1]);
    }
}
