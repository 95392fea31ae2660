package io.quintet.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(TestUpstreams.class)
class HttpProxyTest {

    @Test
    void prefixPathAndQueryAreForwardedUnchanged() throws Exception {
        JsonObject echo = json(send(get(Gateway.http("/kosync/echo/a%2Fb/../c?x=1&y=%C3%A9&x=2&empty="))));
        assertEquals("/kosync/echo/a%2Fb/../c?x=1&y=%C3%A9&x=2&empty=", echo.getString("uri"));
        assertEquals("GET", echo.getString("method"));
        JsonObject bare = json(send(get(Gateway.http("/kosync"))));
        assertEquals("/kosync", bare.getString("uri"));
    }

    @Test
    void requestBodyAndMethodReachTheUpstream() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(Gateway.http("/kosync/echo"))
                .method("PUT", HttpRequest.BodyPublishers.ofString("{\"progress\":\"0.5\"}"))
                .header("Content-Type", "application/json")
                .build());
        assertEquals(200, response.statusCode());
        JsonObject echo = json(response);
        assertEquals("PUT", echo.getString("method"));
        assertEquals(18, echo.getInteger("bodyLength"));
        assertEquals("application/json", echo.getJsonObject("headers").getString("content-type"));
    }

    @Test
    void http2ClientsAreForwardedToHttp11UpstreamsIncludingBodiesOfUnknownLength() throws Exception {
        java.net.http.HttpClient h2 = java.net.http.HttpClient.newBuilder()
                .sslContext(Tls.trustAll())
                .version(java.net.http.HttpClient.Version.HTTP_2)
                .build();
        byte[] body = new byte[300_000];
        HttpResponse<String> response = h2.send(
                HttpRequest.newBuilder(Gateway.https("/kosync/echo?h2=1"))
                        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(java.net.http.HttpClient.Version.HTTP_2, response.version());
        JsonObject echo = json(response);
        assertEquals("/kosync/echo?h2=1", echo.getString("uri"));
        assertEquals(body.length, echo.getInteger("bodyLength"));
        assertEquals("chunked", echo.getJsonObject("headers").getString("transfer-encoding"));
    }

    @Test
    void forwardedHeadersDescribeTheClientHop() throws Exception {
        JsonObject plain = json(send(HttpRequest.newBuilder(Gateway.http("/kosync/echo"))
                        .header("X-Forwarded-For", "203.0.113.9")
                        .header("X-Forwarded-Proto", "spoofed")
                        .GET()
                        .build()))
                .getJsonObject("headers");
        assertEquals("203.0.113.9, 127.0.0.1", plain.getString("x-forwarded-for"));
        assertEquals("http", plain.getString("x-forwarded-proto"));
        assertEquals("localhost:" + Gateway.httpPort(), plain.getString("x-forwarded-host"));
        assertEquals(String.valueOf(Gateway.httpPort()), plain.getString("x-forwarded-port"));
        assertEquals("/kosync", plain.getString("x-forwarded-prefix"));
        assertEquals("127.0.0.1:" + TestUpstreams.primary.port(), plain.getString("host"));

        JsonObject secure = json(send(get(Gateway.https("/kosync/echo")))).getJsonObject("headers");
        assertEquals("127.0.0.1", secure.getString("x-forwarded-for"));
        assertEquals("https", secure.getString("x-forwarded-proto"));
        assertEquals("localhost:" + Gateway.httpsPort(), secure.getString("x-forwarded-host"));
    }

    @Test
    void unknownPrefixIsJson404() throws Exception {
        assertError(send(get(Gateway.http("/nothing/here"))), 404);
        assertError(send(get(Gateway.http("/kosyncx/echo"))), 404);
    }

    @Test
    void serviceThatIsNotConfiguredIsJson503() throws Exception {
        HttpResponse<String> response = send(get(Gateway.http("/kora/anything")));
        assertError(response, 503);
        assertTrue(response.body().contains("not running"), response.body());
    }

    @Test
    void deadUpstreamIs503WithinASecondAndRecoversWhenTheServiceComesUp() throws Exception {
        assertError(send(get(Gateway.http("/objectstore/echo"))), 503); // warm-up: client and code paths
        long start = System.nanoTime();
        HttpResponse<String> down = send(get(Gateway.http("/objectstore/echo")));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertError(down, 503);
        assertTrue(millis < 1_000, "503 took " + millis + " ms");

        HttpResponse<String> notReady = send(get(Gateway.management("/q/health/ready")));
        assertEquals(503, notReady.statusCode());
        assertEquals(
                "DOWN",
                new JsonObject(notReady.body())
                        .getJsonArray("checks")
                        .getJsonObject(0)
                        .getJsonObject("data")
                        .getString("objectstore"));

        TestUpstreams.reviveObjectStore();
        assertEquals(
                "objectstore",
                json(send(get(Gateway.http("/objectstore/echo")))).getString("upstream"));
        HttpResponse<String> ready = send(get(Gateway.management("/q/health/ready")));
        assertEquals(200, ready.statusCode(), ready.body());
    }

    @Test
    void readinessIsAskedOnTheManagementPortOfARouteThatHasOne() throws Exception {
        long before = TestUpstreams.kosyncManagement.requests.get();
        send(get(Gateway.management("/q/health/ready")));
        assertTrue(
                TestUpstreams.kosyncManagement.requests.get() > before,
                "kosync's readiness is asked on its management port, where services keep /q/health");
    }

    @Test
    void slowUpstreamIs504AfterTheRouteTimeout() throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> response = send(get(Gateway.http("/kosync/slow")));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertError(response, 504);
        assertTrue(millis >= 1_400 && millis < 4_000, "504 after " + millis + " ms");
    }

    @Test
    void bodyOverTheLimitIs413WhetherDeclaredOrStreamed() throws Exception {
        byte[] twoMegabytes = new byte[2 * 1024 * 1024];
        assertError(
                send(HttpRequest.newBuilder(Gateway.http("/linkora/echo"))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(twoMegabytes))
                        .build()),
                413);

        // no Content-Length: the gateway counts while streaming
        long before = TestUpstreams.primary.uploadReceived.get();
        assertError(
                send(HttpRequest.newBuilder(Gateway.http("/linkora/upload"))
                        .POST(HttpRequest.BodyPublishers.ofInputStream(
                                () -> new java.io.ByteArrayInputStream(twoMegabytes)))
                        .build()),
                413);
        assertTrue(
                TestUpstreams.primary.uploadReceived.get() - before <= 1024 * 1024,
                "no more than the limit went upstream");

        HttpResponse<String> exactly = send(HttpRequest.newBuilder(Gateway.http("/linkora/echo"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[1024 * 1024]))
                .build());
        assertEquals(200, exactly.statusCode());
        assertEquals(1024 * 1024, json(exactly).getInteger("bodyLength"));
    }

    @Test
    void anUpstreamsEarly413ReachesTheClientNotA502() throws Exception {
        // the upstream answers 413 after the head and closes without reading the 8 MB body (kosync's limit is 1G)
        byte[] body = new byte[8 * 1024 * 1024];
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> declared = send(HttpRequest.newBuilder(Gateway.http("/kosync/early413"))
                    .timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build());
            assertEquals(413, declared.statusCode(), declared.body());
            assertEquals("{\"error\":\"too big for primary\"}", declared.body());
            HttpResponse<String> streamed = send(HttpRequest.newBuilder(Gateway.https("/kosync/early413"))
                    .timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body)))
                    .build());
            assertEquals(413, streamed.statusCode(), streamed.body());
        }
        // and the gateway serves the next request as usual
        assertEquals(200, send(get(Gateway.http("/kosync/echo"))).statusCode());
    }

    @Test
    void replicasShareTheLoadAndADeadOneIsSkipped() throws Exception {
        Map<String, Integer> served = new HashMap<>();
        for (int i = 0; i < 40; i++) {
            HttpResponse<String> response = send(get(Gateway.http("/synkronus/who")));
            assertEquals(200, response.statusCode(), response.body());
            served.merge(response.body(), 1, Integer::sum);
        }
        assertEquals(2, served.size(), served.toString());
        assertTrue(served.get("b") >= 10 && served.get("c") >= 10, served.toString());
    }

    /**
     * A body of declared length is relayed whole whether it arrives in one piece or several (the last piece
     * ends the answer), and a HEAD answer's Content-Length is kept without a body: the next request on the
     * same connection still gets its own answer.
     */
    @Test
    void answersOfDeclaredLengthKeepTheirFramingOnAKeptAliveConnection() throws Exception {
        try (RawExchange exchange = RawExchange.plain(Gateway.httpPort())) {
            exchange.send("GET /kosync/sized HTTP/1.1\r\nHost: localhost\r\n\r\n");
            RawExchange.Answer sized = exchange.answer();
            assertEquals(200, sized.status());
            assertEquals("200000", sized.header("content-length"));
            assertEquals("a".repeat(100_000) + "b".repeat(100_000), sized.body());

            exchange.send("HEAD /kosync/sized HTTP/1.1\r\nHost: localhost\r\n\r\n");
            RawExchange.Answer head = exchange.headOnly();
            assertEquals(200, head.status());
            assertEquals("200000", head.header("content-length"));

            exchange.send("GET /kosync/who HTTP/1.1\r\nHost: localhost\r\n\r\n");
            RawExchange.Answer next = exchange.answer();
            assertEquals(200, next.status());
            assertEquals("primary", next.body());
        }
    }

    @Test
    void largeBodiesStreamInBothDirections() throws Exception {
        long size = 50L * 1024 * 1024;
        TestUpstream upstream = TestUpstreams.primary;

        // Upload: the client stops after 8 MB until the upstream has seen 4 MB. A gateway that
        // buffered the body would forward nothing before the end, and this would time out.
        long start = upstream.uploadReceived.get();
        InputStream body = new InputStream() {
            long sent;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (sent >= size) return -1;
                if (sent >= 8L * 1024 * 1024 && sent < 8L * 1024 * 1024 + len) {
                    awaitUpstream(() -> upstream.uploadReceived.get() - start >= 4L * 1024 * 1024);
                }
                int n = (int) Math.min(len, size - sent);
                sent += n;
                return n;
            }
        };
        HttpResponse<String> uploaded = Gateway.CLIENT.send(
                HttpRequest.newBuilder(Gateway.http("/kosync/upload"))
                        .timeout(Duration.ofSeconds(60))
                        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, uploaded.statusCode(), uploaded.body());
        assertEquals(size, json(uploaded).getLong("bytes"));

        // Download: after reading 1 MB and pausing, the upstream must not have been able to send everything.
        HttpResponse<InputStream> download = Gateway.CLIENT.send(
                HttpRequest.newBuilder(Gateway.http("/kosync/download?bytes=" + size))
                        .timeout(Duration.ofSeconds(60))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, download.statusCode());
        try (InputStream in = download.body()) {
            long read = in.readNBytes(1024 * 1024).length;
            Thread.sleep(500);
            assertTrue(
                    upstream.downloadSent.get() < 40L * 1024 * 1024,
                    "upstream sent " + upstream.downloadSent.get() + " bytes while the client had read 1 MB");
            byte[] buffer = new byte[256 * 1024];
            int n;
            while ((n = in.read(buffer)) > 0) read += n;
            assertEquals(size, read);
        }
    }

    private static void awaitUpstream(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline)
                throw new AssertionError("the upstream received nothing while the client was still sending");
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    static HttpRequest get(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).GET().build();
    }

    static HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return Gateway.CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    }

    static JsonObject json(HttpResponse<String> response) {
        assertEquals(2, response.statusCode() / 100, response.statusCode() + " " + response.body());
        return new JsonObject(response.body());
    }

    static void assertError(HttpResponse<String> response, int status) {
        assertEquals(status, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("content-type").orElse("").startsWith("application/json"));
        JsonObject body = new JsonObject(response.body());
        assertEquals(status, body.getInteger("status"));
        assertTrue(body.getString("error").length() > 3);
        assertTrue(
                !response.body().contains("Exception") && !response.body().contains("\tat "),
                "no stack trace: " + response.body());
    }
}
