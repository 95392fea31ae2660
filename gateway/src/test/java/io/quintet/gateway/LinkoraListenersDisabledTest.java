package io.quintet.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/** Linkora's own listener pair is off unless enabled: its ports are configured here but nobody listens. */
@QuarkusTest
@QuarkusTestResource(TestUpstreams.class)
class LinkoraListenersDisabledTest {

    @Test
    void theLinkoraPortsAreNotOpenByDefaultAndTheLandingPageDoesNotOfferThem() throws Exception {
        assertFalse(listening(port("quintet.gateway.linkora.http-port")), "HTTP port of the Linkora pair");
        assertFalse(listening(port("quintet.gateway.linkora.https-port")), "HTTPS port of the Linkora pair");
        HttpResponse<String> page = Gateway.CLIENT.send(
                HttpRequest.newBuilder(Gateway.http("/")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode());
        assertFalse(page.body().contains("linkora-legacy"), "no legacy Linkora URL on the landing page");
    }

    static int port(String property) {
        return ConfigProvider.getConfig().getValue(property, Integer.class);
    }

    static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }
}
