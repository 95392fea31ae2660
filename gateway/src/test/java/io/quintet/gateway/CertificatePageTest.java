package io.quintet.gateway;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;

/** The Linkora certificate page, served by the gateway, and certificate replacement without restart. */
@QuarkusTest
@QuarkusTestResource(TestUpstreams.class)
class CertificatePageTest {

    static final String PAGE = "/linkora/generate/certs-and-keystore";

    @Test
    void pageHasTheLinkoraFormWithoutAuthentication() throws Exception {
        HttpResponse<String> page = HttpProxyTest.send(HttpProxyTest.get(Gateway.https(PAGE)));
        assertEquals(200, page.statusCode());
        assertEquals(
                "text/html; charset=UTF-8",
                page.headers().firstValue("content-type").orElse(""));
        for (String id : List.of(
                "id=\"authToken\"", "id=\"generate-btn\"", "id=\"download-btn\"", "linkora-certs-and-keystore.zip")) {
            assertTrue(page.body().contains(id), id);
        }
    }

    @Test
    void wrongOrMissingTokenIsRefusedAndChangesNothing() throws Exception {
        X509Certificate before = Tls.servedCertificate(Gateway.httpsPort());
        byte[] keyStoreBefore = Files.readAllBytes(store("linkoraServerCert.jks"));
        Map<String, String> expected = new HashMap<>();
        expected.put(null, "Missing Authorization header");
        expected.put("Basic x", "Invalid Authorization header format. Expected 'Bearer <token>'.");
        expected.put("Bearer wrong", "Invalid token.");
        expected.put("Bearer " + TestUpstreams.TOKEN + "x", "Invalid token.");
        for (Map.Entry<String, String> attempt : expected.entrySet()) {
            HttpResponse<String> refused = post(PAGE, attempt.getKey());
            assertEquals(401, refused.statusCode());
            assertEquals(attempt.getValue(), refused.body());
            assertTrue(refused.headers().firstValue("content-type").orElse("").startsWith("text/plain"));
        }
        assertEquals(Tls.fingerprint(before), Tls.fingerprint(Tls.servedCertificate(Gateway.httpsPort())));
        assertArrayEquals(keyStoreBefore, Files.readAllBytes(store("linkoraServerCert.jks")));
    }

    @Test
    void goodTokenRegeneratesAndTheListenerServesTheNewCertificateAtOnce() throws Exception {
        X509Certificate before = Tls.servedCertificate(Gateway.httpsPort());
        HttpResponse<String> done = post(PAGE, "Bearer " + TestUpstreams.TOKEN);
        assertEquals(200, done.statusCode(), done.body());
        assertTrue(done.headers().firstValue("content-type").orElse("").startsWith("text/plain"));
        assertTrue(done.body().startsWith("Certificates and keystore have been successfully generated"), done.body());
        assertTrue(!done.body().contains(TestUpstreams.dataDir.toString()), "does not reveal the data directory");

        X509Certificate after = Tls.servedCertificate(Gateway.httpsPort());
        assertNotEquals(Tls.fingerprint(before), Tls.fingerprint(after));
        assertNotEquals(before.getPublicKey(), after.getPublicKey(), "a new key pair");
        assertArrayEquals(after.getEncoded(), Files.readAllBytes(store("linkoraServerCert.cer")));
        assertTrue(Files.isRegularFile(store("linkora-certs-and-keystore.zip")));
        // the bearer scheme in lower case is accepted too
        assertEquals(200, post(PAGE, "bearer " + TestUpstreams.TOKEN).statusCode());
    }

    @Test
    void aClientResumingItsTlsSessionAfterASwapGetsTheNewCertificate() throws Exception {
        for (String protocol : List.of("TLSv1.3", "TLSv1.2")) {
            javax.net.ssl.SSLContext client = Tls.trustAll(); // one client, one session cache
            javax.net.ssl.SSLSession first = Tls.handshake(client, Gateway.httpsPort(), protocol);
            javax.net.ssl.SSLSession resumed = Tls.handshake(client, Gateway.httpsPort(), protocol);
            assertEquals(protocol, resumed.getProtocol());
            if (protocol.equals("TLSv1.2")) {
                // control: without a swap the client does resume (same session), so the check below means something
                assertArrayEquals(first.getId(), resumed.getId(), "TLS 1.2 session resumed");
            }
            X509Certificate before = (X509Certificate) first.getPeerCertificates()[0];

            assertEquals(200, post(PAGE, "Bearer " + TestUpstreams.TOKEN).statusCode());
            X509Certificate current = Tls.servedCertificate(Gateway.httpsPort());
            assertNotEquals(Tls.fingerprint(before), Tls.fingerprint(current));

            javax.net.ssl.SSLSession after = Tls.handshake(client, Gateway.httpsPort(), protocol);
            assertEquals(
                    Tls.fingerprint(current),
                    Tls.fingerprint((X509Certificate) after.getPeerCertificates()[0]),
                    protocol + ": a resumed session must not keep the old certificate");
        }
    }

    @Test
    void downloadIsAZipOfTheLinkoraFiles() throws Exception {
        HttpResponse<byte[]> zip = Gateway.CLIENT.send(
                HttpRequest.newBuilder(Gateway.https(PAGE + "?download=true"))
                        .header("Authorization", "Bearer " + TestUpstreams.TOKEN)
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, zip.statusCode());
        assertEquals("application/zip", zip.headers().firstValue("content-type").orElse(""));
        assertTrue(zip.headers().firstValue("content-disposition").isEmpty());

        Map<String, byte[]> entries = new HashMap<>();
        List<String> names = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip.body()))) {
            ZipEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                names.add(entry.getName());
                entries.put(entry.getName(), in.readAllBytes());
            }
        }
        assertEquals(List.of("linkoraServerCert.cer", "linkoraServerCert.pem", "linkoraServerCert.jks"), names);

        X509Certificate served = Tls.servedCertificate(Gateway.httpsPort());
        CertificateFactory x509 = CertificateFactory.getInstance("X.509");
        assertEquals(served, x509.generateCertificate(new ByteArrayInputStream(entries.get("linkoraServerCert.cer"))));
        String pem = new String(entries.get("linkoraServerCert.pem"), StandardCharsets.US_ASCII);
        assertTrue(
                pem.startsWith("-----BEGIN CERTIFICATE-----\r\n") && pem.endsWith("\r\n-----END CERTIFICATE-----\r\n"));
        assertTrue(Arrays.stream(pem.split("\r\n")).allMatch(line -> line.length() <= 76));
        assertEquals(served, x509.generateCertificate(new ByteArrayInputStream(entries.get("linkoraServerCert.pem"))));

        char[] password = Files.readString(store("keystore-password")).strip().toCharArray();
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        keyStore.load(new ByteArrayInputStream(entries.get("linkoraServerCert.jks")), password);
        assertEquals(List.of("linkora-sync-server-cert"), java.util.Collections.list(keyStore.aliases()));
        assertEquals(served, keyStore.getCertificate("linkora-sync-server-cert"));
        assertTrue(keyStore.getKey("linkora-sync-server-cert", password) != null, "key password = store password");
    }

    @Test
    void replacingTheKeyStoreFileIsPickedUpWithoutRestart() throws Exception {
        var generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        var keyPair = generator.generateKeyPair();
        X509Certificate replacement = io.quintet.gateway.tls.SelfSignedCertificates.issue(
                keyPair, java.util.Set.of("replaced.test"), java.util.Set.of(), java.time.Duration.ofDays(30));
        char[] password = Files.readString(store("keystore-password")).strip().toCharArray();
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        keyStore.load(null, null);
        keyStore.setKeyEntry(
                "linkora-sync-server-cert", keyPair.getPrivate(), password, new java.security.cert.Certificate[] {
                    replacement
                });
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        keyStore.store(bytes, password);
        Path target = store("linkoraServerCert.jks");
        Path temporary = target.resolveSibling("replacement.tmp");
        Files.write(temporary, bytes.toByteArray());
        Files.move(
                temporary,
                target,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);

        // the store re-issues it for the same key (it lacks this machine's names), so compare keys
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (!Tls.servedCertificate(Gateway.httpsPort()).getPublicKey().equals(keyPair.getPublic())
                && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        X509Certificate served = Tls.servedCertificate(Gateway.httpsPort());
        assertEquals(keyPair.getPublic(), served.getPublicKey());
        assertTrue(TlsTest.sans(served).contains("127.0.0.1"), "re-issued with this machine's addresses");
    }

    static HttpResponse<String> post(String path, String authorization) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(Gateway.https(path)).POST(HttpRequest.BodyPublishers.noBody());
        if (authorization != null) request.header("Authorization", authorization);
        return Gateway.CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static Path store(String name) {
        return TestUpstreams.dataDir.resolve("gateway").resolve(name);
    }
}
