package io.quintet.gateway;

import static io.quintet.gateway.LinkoraListenersDisabledTest.port;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.Test;

/**
 * Linkora's own listener pair, enabled on free ports: the root is the linkora route (the test upstream
 * behind it answers under {@code /linkora}), over HTTP, over HTTPS with the Linkora app's TLS 1.2 suite,
 * and for WebSocket handshakes; the certificate page sits at the root as on a Linkora server.
 */
@QuarkusTest
@QuarkusTestResource(TestUpstreams.class)
@TestProfile(LinkoraListenersTest.Enabled.class)
class LinkoraListenersTest {

    public static class Enabled implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quintet.gateway.linkora.listeners-enabled", "true");
        }
    }

    /** What the Linkora app's Ktor CIO client can speak: TLS 1.2 with ECDHE-RSA AES-GCM. */
    static final HttpClient LINKORA_APP = HttpClient.newBuilder()
            .sslContext(Tls.trustAll())
            .sslParameters(linkoraAppTls())
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private static SSLParameters linkoraAppTls() {
        SSLParameters parameters = new SSLParameters();
        parameters.setProtocols(new String[] {"TLSv1.2"});
        parameters.setCipherSuites(new String[] {"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"});
        return parameters;
    }

    static int httpPort() {
        return port("quintet.gateway.linkora.http-port");
    }

    static int httpsPort() {
        return port("quintet.gateway.linkora.https-port");
    }

    static URI http(String pathAndQuery) {
        return URI.create("http://localhost:" + httpPort() + pathAndQuery);
    }

    static URI https(String pathAndQuery) {
        return URI.create("https://localhost:" + httpsPort() + pathAndQuery);
    }

    @Test
    void plainHttpRootMapsToTheLinkoraPrefixWithTheQueryUnchanged() throws Exception {
        JsonObject echo =
                HttpProxyTest.json(HttpProxyTest.send(HttpProxyTest.get(http("/GET_UPDATES?eventTimestamp=0"))));
        assertEquals("/linkora/GET_UPDATES?eventTimestamp=0", echo.getString("uri"));
        JsonObject headers = echo.getJsonObject("headers");
        assertEquals("/", headers.getString("x-forwarded-prefix"), "the client sees the service at the root");
        assertEquals("http", headers.getString("x-forwarded-proto"));
        assertEquals(String.valueOf(httpPort()), headers.getString("x-forwarded-port"));
        assertEquals("localhost:" + httpPort(), headers.getString("x-forwarded-host"));

        JsonObject encoded =
                HttpProxyTest.json(HttpProxyTest.send(HttpProxyTest.get(http("/SEARCH?q=a%2Fb%20c&x=1&x=2&empty="))));
        assertEquals("/linkora/SEARCH?q=a%2Fb%20c&x=1&x=2&empty=", encoded.getString("uri"));
        assertEquals(
                "/linkora/",
                HttpProxyTest.json(HttpProxyTest.send(HttpProxyTest.get(http("/"))))
                        .getString("uri"));
        assertEquals(
                "/linkora/linkora/x",
                HttpProxyTest.json(HttpProxyTest.send(HttpProxyTest.get(http("/linkora/x"))))
                        .getString("uri"),
                "the root is the prefix: a path that already carries it is not special");
    }

    @Test
    void httpsWithTheLinkoraAppsTls12SuiteCarriesBodiesToThePrefixedPath() throws Exception {
        var session = Tls.handshake(httpsPort(), "TLSv1.2", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
        assertEquals("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", session.getCipherSuite());
        assertThrows(
                SSLHandshakeException.class,
                () -> Tls.handshake(httpsPort(), "TLSv1.2", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256"),
                "the main listener's suite list applies here too");
        assertEquals("TLSv1.3", Tls.handshake(httpsPort(), "TLSv1.3", null).getProtocol());
        assertEquals(
                Tls.fingerprint(Tls.servedCertificate(Gateway.httpsPort())),
                Tls.fingerprint(Tls.servedCertificate(httpsPort())),
                "the same certificate as the main HTTPS listener");

        String folder = "{\"name\":\"Reading\",\"parentFolderId\":null}";
        HttpResponse<String> response = LINKORA_APP.send(
                HttpRequest.newBuilder(https("/CREATE_FOLDER?eventTimestamp=17"))
                        .header("Authorization", "Bearer t")
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(folder))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        JsonObject echo = HttpProxyTest.json(response);
        assertEquals("POST", echo.getString("method"));
        assertEquals("/linkora/CREATE_FOLDER?eventTimestamp=17", echo.getString("uri"));
        assertEquals(folder.length(), echo.getInteger("bodyLength"));
        assertEquals("https", echo.getJsonObject("headers").getString("x-forwarded-proto"));
        assertEquals("Bearer t", echo.getJsonObject("headers").getString("authorization"));
    }

    @Test
    void webSocketOverWssTunnelsToTheLinkoraEventsPath() throws Exception {
        WebSocketProxyTest.Recorder recorder = new WebSocketProxyTest.Recorder();
        WebSocket ws = Gateway.CLIENT
                .newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .header("Authorization", "Bearer t")
                .buildAsync(URI.create("wss://localhost:" + httpsPort() + "/events"), recorder)
                .get(10, TimeUnit.SECONDS);
        assertEquals("/linkora/events", TestUpstreams.primary.lastWebSocketUri.get());
        ws.sendText("{\"operation\":\"ping\"}", true).get(5, TimeUnit.SECONDS);
        assertEquals("{\"operation\":\"ping\"}", recorder.next());
        ws.sendText("close", true).get(5, TimeUnit.SECONDS);
        assertEquals("4001 bye", recorder.closed.get(10, TimeUnit.SECONDS));

        WebSocket plain = WebSocketProxyTest.open(
                URI.create("ws://localhost:" + httpPort() + "/events?x=1"), new WebSocketProxyTest.Recorder());
        assertEquals("/linkora/events?x=1", TestUpstreams.primary.lastWebSocketUri.get());
        plain.abort();
    }

    @Test
    void theRoutesLimitsErrorsAndMetricsApply() throws Exception {
        // the linkora route takes at most 1 MB in these tests
        HttpProxyTest.assertError(
                HttpProxyTest.send(HttpRequest.newBuilder(http("/CREATE_A_NEW_LINK"))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[2 * 1024 * 1024]))
                        .build()),
                413);
        HttpProxyTest.send(HttpProxyTest.get(https("/GET_TOMBSTONES?eventTimestamp=0")));
        String metrics = HttpProxyTest.send(HttpProxyTest.get(Gateway.management("/q/metrics")))
                .body();
        assertTrue(
                metrics.contains("quintet_gateway_requests_seconds_count{route=\"linkora\",status=\"4xx\"}"),
                "linkora 4xx");
        assertTrue(
                metrics.contains("quintet_gateway_requests_seconds_count{route=\"linkora\",status=\"2xx\"}"),
                "linkora 2xx");
    }

    @Test
    void theCertificatePageIsAtTheRootAndItsNewCertificateReachesBothHttpsListeners() throws Exception {
        HttpResponse<String> page = LINKORA_APP.send(
                HttpRequest.newBuilder(https("/generate/certs-and-keystore"))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("id=\"generate-btn\""), page.body());

        HttpResponse<String> refused = LINKORA_APP.send(
                HttpRequest.newBuilder(https("/generate/certs-and-keystore"))
                        .header("Authorization", "Bearer wrong")
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(401, refused.statusCode());

        X509Certificate before = Tls.servedCertificate(httpsPort());
        // handshakes keep arriving on both listeners during the swap; none may be dropped
        java.util.concurrent.atomic.AtomicBoolean swapping = new java.util.concurrent.atomic.AtomicBoolean(true);
        java.util.concurrent.atomic.AtomicInteger handshakes = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.CompletableFuture<Void> hammer = java.util.concurrent.CompletableFuture.runAsync(() -> {
            while (swapping.get()) {
                for (int port : new int[] {httpsPort(), Gateway.httpsPort()}) {
                    try {
                        Tls.handshake(port, "TLSv1.2", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
                        handshakes.incrementAndGet();
                    } catch (java.io.IOException e) {
                        throw new AssertionError("a handshake failed during the certificate swap", e);
                    }
                }
            }
        });
        HttpResponse<String> done = LINKORA_APP.send(
                HttpRequest.newBuilder(https("/generate/certs-and-keystore"))
                        .header("Authorization", "Bearer " + TestUpstreams.TOKEN)
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, done.statusCode(), done.body());
        Thread.sleep(200);
        swapping.set(false);
        hammer.get(30, TimeUnit.SECONDS);
        assertTrue(handshakes.get() > 0);
        String fresh = Tls.fingerprint(Tls.servedCertificate(httpsPort()));
        assertNotEquals(Tls.fingerprint(before), fresh, "the Linkora HTTPS listener switched without a restart");
        assertEquals(
                fresh, Tls.fingerprint(Tls.servedCertificate(Gateway.httpsPort())), "and the main one serves the same");
        assertEquals(
                "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
                Tls.handshake(httpsPort(), "TLSv1.2", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256")
                        .getCipherSuite(),
                "the TLS settings survive the swap");
    }

    @Test
    void theLandingPageGivesTheLinkoraAddress() throws Exception {
        HttpResponse<String> page = Gateway.CLIENT.send(
                HttpRequest.newBuilder(Gateway.http("/"))
                        .header("Host", "192.168.77.5:" + Gateway.httpPort())
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(
                page.body().contains("<code id=\"linkora-legacy\">https://192.168.77.5:" + httpsPort() + "/</code>"),
                page.body());
        assertTrue(page.body().contains("http://192.168.77.5:" + httpPort() + "/"), page.body());
    }

    @Test
    void operationalPathsAreRefusedAtTheRootToo() throws Exception {
        for (String path : new String[] {"/q/metrics", "/q/health/ready", "/%71/openapi"}) {
            HttpResponse<String> response =
                    HttpProxyTest.send(HttpProxyTest.get(URI.create("http://localhost:" + httpPort() + path)));
            HttpProxyTest.assertError(response, 404);
        }
    }
}
