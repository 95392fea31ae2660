package io.quintet.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(TestUpstreams.class)
class LandingPageTest {

    @Test
    void landingPageShowsEachProtocolItsStateTheUrlAndTheFingerprint() throws Exception {
        HttpResponse<String> page = Gateway.CLIENT.send(
                HttpRequest.newBuilder(Gateway.http("/"))
                        .header("Host", "192.168.77.5:" + Gateway.httpPort())
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode());
        String html = page.body();
        String https = "https://192.168.77.5:" + Gateway.httpsPort();
        assertTrue(
                row(html, "kosync").contains("ready") && row(html, "kosync").contains(https + "/kosync<"),
                row(html, "kosync"));
        assertTrue(row(html, "linkora").contains(https + "/linkora/<"), row(html, "linkora"));
        assertTrue(row(html, "synkronus").contains(">ready<"), row(html, "synkronus"));
        assertTrue(row(html, "kora").contains("not running"), row(html, "kora"));
        assertTrue(
                html.contains(Tls.fingerprint(Tls.servedCertificate(Gateway.httpsPort()))),
                "fingerprint of the served certificate");
    }

    @Test
    void servedCertificateCanBeDownloaded() throws Exception {
        HttpResponse<byte[]> der = Gateway.CLIENT.send(
                HttpRequest.newBuilder(Gateway.http("/certificate.cer")).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, der.statusCode());
        X509Certificate downloaded = (X509Certificate)
                CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der.body()));
        assertEquals(Tls.servedCertificate(Gateway.httpsPort()), downloaded);
        HttpResponse<String> pem = HttpProxyTest.send(HttpProxyTest.get(Gateway.http("/certificate.pem")));
        assertTrue(pem.body().startsWith("-----BEGIN CERTIFICATE-----"));
    }

    @Test
    void metricsArePerRoute() throws Exception {
        HttpProxyTest.send(HttpProxyTest.get(Gateway.http("/kosync/echo")));
        HttpProxyTest.send(HttpProxyTest.get(Gateway.http("/kora/x")));
        String metrics = HttpProxyTest.send(HttpProxyTest.get(Gateway.management("/q/metrics")))
                .body();
        assertTrue(
                metrics.contains("quintet_gateway_requests_seconds_count{route=\"kosync\",status=\"2xx\"}"),
                "kosync 2xx");
        assertTrue(
                metrics.contains("quintet_gateway_requests_seconds_count{route=\"kora\",status=\"5xx\"}"), "kora 5xx");
        assertTrue(
                metrics.contains("quintet_gateway_requests_seconds_bucket{route=\"kosync\",status=\"2xx\""),
                "latency histogram");
    }

    private static String row(String html, String route) {
        int start = html.indexOf("<tr id=\"route-" + route + "\">");
        assertTrue(start >= 0, "row for " + route);
        return html.substring(start, html.indexOf("</tr>", start));
    }
}
