package io.quintet.gateway;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.security.cert.X509Certificate;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Guessing the server token: after 5 wrong ones the client is refused with 429 until the (here short) window passes. */
@QuarkusTest
@QuarkusTestResource(TestUpstreams.class)
@TestProfile(CertificatePageThrottleTest.ShortWindow.class)
class CertificatePageThrottleTest {

    static final long WINDOW_MILLIS = 3_000;

    public static class ShortWindow implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quintet.gateway.token-throttle.max-failures",
                    "5",
                    "quintet.gateway.token-throttle.window",
                    WINDOW_MILLIS + "ms");
        }
    }

    @Test
    void fiveWrongTokensThenRefusedEvenWithTheRightOneUntilTheWindowHasPassed() throws Exception {
        String page = CertificatePageTest.PAGE;
        X509Certificate before = Tls.servedCertificate(Gateway.httpsPort());
        byte[] keyStoreBefore = Files.readAllBytes(CertificatePageTest.store("linkoraServerCert.jks"));
        long firstWrong = System.nanoTime();
        // X-Forwarded-For is the client's own say-so: changing it does not make a new client
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> refused = Gateway.CLIENT.send(
                    java.net.http.HttpRequest.newBuilder(Gateway.https(page))
                            .header("Authorization", "Bearer guess" + i)
                            .header("X-Forwarded-For", "198.51.100." + i)
                            .POST(java.net.http.HttpRequest.BodyPublishers.noBody())
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(401, refused.statusCode(), "guess " + i);
        }
        HttpResponse<String> throttled = CertificatePageTest.post(page, "Bearer " + TestUpstreams.TOKEN);
        assertEquals(429, throttled.statusCode(), throttled.body());
        long retryAfter =
                Long.parseLong(throttled.headers().firstValue("Retry-After").orElse("-1"));
        assertTrue(retryAfter >= 1 && retryAfter <= WINDOW_MILLIS / 1000, "Retry-After " + retryAfter);
        assertEquals(429, CertificatePageTest.post(page, "Bearer wrong").statusCode());

        // nothing was regenerated, by the wrong tokens nor by the right one while throttled
        assertEquals(Tls.fingerprint(before), Tls.fingerprint(Tls.servedCertificate(Gateway.httpsPort())));
        assertArrayEquals(keyStoreBefore, Files.readAllBytes(CertificatePageTest.store("linkoraServerCert.jks")));

        long waited = (System.nanoTime() - firstWrong) / 1_000_000;
        Thread.sleep(Math.max(0, WINDOW_MILLIS - waited) + 300);
        HttpResponse<String> done = CertificatePageTest.post(page, "Bearer " + TestUpstreams.TOKEN);
        assertEquals(200, done.statusCode(), done.body());
        assertNotEquals(Tls.fingerprint(before), Tls.fingerprint(Tls.servedCertificate(Gateway.httpsPort())));
    }
}
