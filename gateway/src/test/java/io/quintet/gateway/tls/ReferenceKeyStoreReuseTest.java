package io.quintet.gateway.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * protocols/linkora.md 11.1 and C126: a reference server's {@code linkoraServerCert.jks} (PKCS#12, alias
 * {@code linkora-sync-server-cert}, store password = key password = {@code keyStorePassword}) copied into
 * the gateway's certificate directory is reused, so apps that imported its certificate keep working.
 * The store is made here the way the reference makes it (same subject, EKU and SAN layout), with keytool.
 */
class ReferenceKeyStoreReuseTest {

    private static final String PASSWORD = "Xy7!@#abcdefghijklmnopqrstuvwxyz0123456789ABC";

    @TempDir
    Path dir;

    private X509Certificate referenceKeyStore() throws Exception {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process process = new ProcessBuilder(
                        keytool.toString(),
                        "-genkeypair",
                        "-storetype",
                        "PKCS12",
                        "-keystore",
                        dir.resolve("linkoraServerCert.jks").toString(),
                        "-storepass",
                        PASSWORD,
                        "-keypass",
                        PASSWORD,
                        "-alias",
                        "linkora-sync-server-cert",
                        "-keyalg",
                        "RSA",
                        "-keysize",
                        "2048",
                        "-sigalg",
                        "SHA256withRSA",
                        "-validity",
                        "365",
                        "-dname",
                        "CN=linkora-sync, OU=Linkora, O=Linkora, C=West Elizabeth",
                        "-ext",
                        "EKU=serverAuth",
                        "-ext",
                        "SAN=dns:192.168.1.5,ip:192.168.1.5")
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0, output);
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(dir.resolve("linkoraServerCert.jks"))) {
            store.load(in, PASSWORD.toCharArray());
        }
        return (X509Certificate) store.getCertificate("linkora-sync-server-cert");
    }

    @Test
    @DisplayName("C126 an existing reference linkoraServerCert.jks and its password are reused as they are")
    void reusedAsIs() throws Exception {
        X509Certificate reference = referenceKeyStore();
        ServerIdentity loaded = new GeneratedCertificateStore(
                        dir, PASSWORD::toCharArray, List.of(), Duration.ofDays(365), false)
                .load();
        assertEquals(reference, loaded.leaf(), "the very certificate the apps imported");
        assertTrue(
                Files.isRegularFile(dir.resolve("linkoraServerCert.cer")), "the .cer export is written when missing");
    }

    @Test
    @DisplayName(
            "C126 with re-issuing on (the default), the key is kept: apps verifying against the imported certificate's key keep working")
    void reissuedWithTheSameKey() throws Exception {
        X509Certificate reference = referenceKeyStore();
        ServerIdentity loaded = new GeneratedCertificateStore(
                        dir, PASSWORD::toCharArray, List.of("192.168.1.5"), Duration.ofDays(365), true)
                .load();
        assertEquals(reference.getPublicKey(), loaded.leaf().getPublicKey());
        assertTrue(loaded.subjectAlternativeNames().contains("192.168.1.5"));
    }
}
