package io.quintet.gateway;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quintet.gateway.tls.SelfSignedCertificates;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Routes whose upstreams speak TLS ({@code https://}), verified against the certificates of
 * {@code quintet.gateway.upstream-trust-certificates} with the host name checked: plain requests (forwarded
 * straight on Netty, and through Vert.x for HTTP/1.0), WebSocket tunnels and readiness reach a trusted
 * upstream; an upstream whose certificate names another host, or whose certificate is not trusted, is never
 * sent the request and the client gets the JSON 502.
 */
@QuarkusTest
@TestProfile(HttpsUpstreamTest.HttpsUpstreams.class)
class HttpsUpstreamTest {

    public static class HttpsUpstreams implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(TlsUpstreams.class));
        }
    }

    /** Three TLS upstreams on 127.0.0.1: trusted, trusted but issued for another name, and untrusted. */
    public static class TlsUpstreams implements QuarkusTestResourceLifecycleManager {
        static TestUpstream trusted;
        static TestUpstream otherName;
        static TestUpstream untrusted;
        private Vertx vertx;

        @Override
        public Map<String, String> start() {
            try {
                vertx = Vertx.vertx();
                InetAddress loopback = InetAddress.getByName("127.0.0.1");
                KeyPair trustedKey = SelfSignedCertificates.newKeyPair();
                X509Certificate trustedCertificate = SelfSignedCertificates.issue(
                        trustedKey, Set.of("localhost"), Set.of(loopback), Duration.ofDays(1));
                KeyPair otherKey = SelfSignedCertificates.newKeyPair();
                X509Certificate otherCertificate =
                        SelfSignedCertificates.issue(otherKey, Set.of("other.example"), Set.of(), Duration.ofDays(1));
                KeyPair untrustedKey = SelfSignedCertificates.newKeyPair();
                X509Certificate untrustedCertificate = SelfSignedCertificates.issue(
                        untrustedKey, Set.of("localhost"), Set.of(loopback), Duration.ofDays(1));
                trusted = TestUpstream.start(vertx, "tls-trusted", 0, tls(trustedKey, trustedCertificate));
                otherName = TestUpstream.start(vertx, "tls-other-name", 0, tls(otherKey, otherCertificate));
                untrusted = TestUpstream.start(vertx, "tls-untrusted", 0, tls(untrustedKey, untrustedCertificate));
                Path dir = Files.createTempDirectory("gateway-https-upstreams");
                Path trust = dir.resolve("upstream-ca.pem");
                Files.writeString(
                        trust,
                        pem("CERTIFICATE", trustedCertificate.getEncoded())
                                + pem("CERTIFICATE", otherCertificate.getEncoded()));
                // routes of their own beside TestUpstreams' (which every test class shares)
                return Map.of(
                        "quintet.gateway.upstream-trust-certificates",
                        trust.toString(),
                        "quintet.gateway.routes.securesync.upstreams",
                        "https://127.0.0.1:" + trusted.port(),
                        "quintet.gateway.routes.othername.upstreams",
                        "https://127.0.0.1:" + otherName.port(),
                        "quintet.gateway.routes.untrusted.upstreams",
                        "https://127.0.0.1:" + untrusted.port());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        private static HttpServerOptions tls(KeyPair key, X509Certificate certificate) throws Exception {
            return new HttpServerOptions()
                    .setSsl(true)
                    .setKeyCertOptions(new PemKeyCertOptions()
                            .setKeyValue(Buffer.buffer(
                                    pem("PRIVATE KEY", key.getPrivate().getEncoded())))
                            .setCertValue(Buffer.buffer(pem("CERTIFICATE", certificate.getEncoded()))));
        }

        private static String pem(String type, byte[] der) {
            return "-----BEGIN " + type + "-----\n"
                    + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                    + "\n-----END " + type + "-----\n";
        }

        @Override
        public void stop() {
            if (vertx != null)
                vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }

    @Test
    void plainRequestsReachATrustedHttpsUpstream() throws Exception {
        HttpResponse<String> get = HttpProxyTest.send(HttpProxyTest.get(Gateway.http("/securesync/echo?x=1")));
        assertEquals(200, get.statusCode(), get.body());
        JsonObject echo = HttpProxyTest.json(get);
        assertEquals("/securesync/echo?x=1", echo.getString("uri"));
        assertEquals("tls-trusted", echo.getString("upstream"));

        String body = "{\"progress\":\"0.5\"}".repeat(1000);
        HttpResponse<String> post = Gateway.CLIENT.send(
                HttpRequest.newBuilder(Gateway.https("/securesync/echo"))
                        .timeout(Duration.ofSeconds(10))
                        .header("content-type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, post.statusCode(), post.body());
        assertEquals("POST", HttpProxyTest.json(post).getString("method"));
    }

    @Test
    void anHttp10RequestThroughVertxReachesTheTrustedUpstreamToo() throws Exception {
        long before = TlsUpstreams.trusted.requests.get();
        RawHttp.Response answer = RawHttp.send(Gateway.httpPort(), "GET /securesync/echo HTTP/1.0\r\nHost: localhost");
        assertEquals(200, answer.status());
        assertEquals(before + 1, TlsUpstreams.trusted.requests.get());
    }

    @Test
    void webSocketsTunnelToATrustedHttpsUpstream() throws Exception {
        WebSocketProxyTest.Recorder recorder = new WebSocketProxyTest.Recorder();
        WebSocket ws = WebSocketProxyTest.open(
                URI.create("ws://localhost:" + Gateway.httpPort() + "/securesync/ws"), recorder);
        ws.sendText("over tls", true).get(5, TimeUnit.SECONDS);
        assertEquals("over tls", recorder.next());
        byte[] payload = new byte[100_000];
        new java.util.Random(3).nextBytes(payload);
        ws.sendBinary(ByteBuffer.wrap(payload), true).get(5, TimeUnit.SECONDS);
        assertArrayEquals(payload, (byte[]) recorder.next());
        ws.sendText("close", true).get(5, TimeUnit.SECONDS);
        assertEquals("4001 bye", recorder.closed.get(10, TimeUnit.SECONDS));
    }

    @Test
    void anUpstreamCertificateForAnotherHostNameIsRefusedWithA502() throws Exception {
        long before = TlsUpstreams.otherName.requests.get();
        HttpResponse<String> response = HttpProxyTest.send(HttpProxyTest.get(Gateway.http("/othername/echo")));
        assertEquals(502, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("content-type").orElse("").contains("json"));
        assertEquals(before, TlsUpstreams.otherName.requests.get(), "the request must not reach the upstream");
        assertWebSocketRefused("/othername/ws");
    }

    @Test
    void anUntrustedUpstreamCertificateIsRefusedWithA502() throws Exception {
        long before = TlsUpstreams.untrusted.requests.get();
        HttpResponse<String> response = HttpProxyTest.send(HttpProxyTest.get(Gateway.http("/untrusted/echo")));
        assertEquals(502, response.statusCode(), response.body());
        assertEquals(before, TlsUpstreams.untrusted.requests.get(), "the request must not reach the upstream");
        assertWebSocketRefused("/untrusted/ws");
    }

    @Test
    void readinessProbesTheHttpsUpstreamsWithTheSameTrust() throws Exception {
        HttpResponse<String> ready = HttpProxyTest.send(HttpProxyTest.get(Gateway.management("/q/health/ready")));
        JsonObject data = new JsonObject(ready.body())
                .getJsonArray("checks")
                .getJsonObject(0)
                .getJsonObject("data");
        assertEquals("UP", data.getString("securesync"), ready.body());
        assertEquals("DOWN", data.getString("othername"), ready.body());
        assertEquals("DOWN", data.getString("untrusted"), ready.body());
    }

    private static void assertWebSocketRefused(String path) throws Exception {
        ExecutionException refused = org.junit.jupiter.api.Assertions.assertThrows(
                ExecutionException.class,
                () -> WebSocketProxyTest.open(
                        URI.create("ws://localhost:" + Gateway.httpPort() + path), new WebSocketProxyTest.Recorder()));
        WebSocketHandshakeException handshake = assertInstanceOf(WebSocketHandshakeException.class, refused.getCause());
        assertEquals(502, handshake.getResponse().statusCode());
    }
}
