package io.quintet.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quintet.gateway.listeners.ListenerOptions;
import io.quintet.gateway.tls.LocalAddresses;
import jakarta.inject.Inject;
import java.net.Inet4Address;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.Test;

/** Real handshakes against the HTTPS listener, which started with an empty data directory. */
@QuarkusTest
@QuarkusTestResource(TestUpstreams.class)
class TlsTest {

    @Inject
    ListenerOptions listeners;

    /** The default engine, {@code auto}, takes the BoringSSL bundled for Linux x86-64; the other tests run on it. */
    @Test
    void theBundledBoringSslServesHttps() {
        assumeTrue(System.getProperty("os.name").startsWith("Linux")
                && System.getProperty("os.arch").equals("amd64"));
        assertTrue(listeners.usesOpenSsl());
    }

    @Test
    void linkoraAppsTls12SuiteIsNegotiated() throws Exception {
        SSLSession session = Tls.handshake(Gateway.httpsPort(), "TLSv1.2", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
        assertEquals("TLSv1.2", session.getProtocol());
        assertEquals("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", session.getCipherSuite());
        SSLSession aes256 = Tls.handshake(Gateway.httpsPort(), "TLSv1.2", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384");
        assertEquals("TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", aes256.getCipherSuite());
    }

    @Test
    void tls13IsOffered() throws Exception {
        assertEquals(
                "TLSv1.3", Tls.handshake(Gateway.httpsPort(), "TLSv1.3", null).getProtocol());
    }

    @Test
    void tls12SuitesOutsideEcdheAesGcmAreRefused() {
        assertThrows(
                SSLHandshakeException.class,
                () -> Tls.handshake(Gateway.httpsPort(), "TLSv1.2", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256"));
        assertThrows(
                SSLHandshakeException.class,
                () -> Tls.handshake(Gateway.httpsPort(), "TLSv1.2", "TLS_RSA_WITH_AES_128_GCM_SHA256"));
    }

    @Test
    void tls11IsRefusedWhileTheSameHelloAsTls12IsAnswered() throws Exception {
        assertEquals(
                0x16,
                Tls.firstRecordTypeForHello(Gateway.httpsPort(), 0x0303),
                "control: a TLS 1.2 hello gets a ServerHello");
        int answer = Tls.firstRecordTypeForHello(Gateway.httpsPort(), 0x0302);
        assertTrue(answer == 0x15 || answer == -1, "TLS 1.1 must get an alert or a closed connection, got " + answer);
    }

    @Test
    void certificateNamesEveryLocalAddressAndConfiguredHost() throws Exception {
        X509Certificate served = Tls.servedCertificate(Gateway.httpsPort());
        Set<String> names = sans(served);
        for (Inet4Address address : LocalAddresses.ipv4()) {
            assertTrue(names.contains(address.getHostAddress()), address + " missing from " + names);
        }
        assertTrue(
                names.containsAll(List.of("localhost", "127.0.0.1", TestUpstreams.EXTRA_HOST, TestUpstreams.EXTRA_IP)),
                names.toString());
        assertEquals("RSA", served.getPublicKey().getAlgorithm());
        assertEquals(
                2048,
                ((java.security.interfaces.RSAPublicKey) served.getPublicKey())
                        .getModulus()
                        .bitLength());
        assertEquals("SHA256withRSA", served.getSigAlgName());
        assertEquals(served.getSubjectX500Principal(), served.getIssuerX500Principal());
        long days = (served.getNotAfter().getTime() - served.getNotBefore().getTime()) / 86_400_000L;
        assertEquals(365, days);
        assertTrue(served.getExtendedKeyUsage().contains("1.3.6.1.5.5.7.3.1"), "EKU serverAuth");
    }

    static Set<String> sans(X509Certificate certificate) throws Exception {
        Collection<List<?>> all = certificate.getSubjectAlternativeNames();
        return all.stream().map(san -> String.valueOf(san.get(1))).collect(Collectors.toSet());
    }

    @Test
    void clientInitiatedRenegotiationIsRefusedWhileTheConnectionOtherwiseWorks() throws Exception {
        try (javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket)
                Tls.trustAll().getSocketFactory().createSocket("127.0.0.1", Gateway.httpsPort())) {
            socket.setSoTimeout(5_000);
            socket.setEnabledProtocols(new String[] {"TLSv1.2"});
            socket.startHandshake();
            RawExchange exchange = new RawExchange(socket);
            exchange.send("GET /kosync/echo HTTP/1.1\r\nHost: localhost\r\n\r\n");
            assertEquals(200, exchange.answer().status(), "the connection works");
            // a second handshake on the same connection, as a CPU amplifier would start it
            assertThrows(java.io.IOException.class, () -> {
                socket.startHandshake();
                exchange.send("GET /kosync/echo HTTP/1.1\r\nHost: localhost\r\n\r\n");
                exchange.answer();
            });
        }
    }

    @Test
    void httpsAnswersCarryStrictTransportSecurityAndPlainOnesDoNot() throws Exception {
        for (String path : new String[] {"/kosync/echo", "/", "/nothing/here"}) {
            java.net.http.HttpResponse<String> secure = HttpProxyTest.send(HttpProxyTest.get(Gateway.https(path)));
            assertEquals(
                    "max-age=31536000",
                    secure.headers().firstValue("strict-transport-security").orElse(null),
                    path);
            java.net.http.HttpResponse<String> plain = HttpProxyTest.send(HttpProxyTest.get(Gateway.http(path)));
            assertTrue(plain.headers().firstValue("strict-transport-security").isEmpty(), path);
        }
    }
}
