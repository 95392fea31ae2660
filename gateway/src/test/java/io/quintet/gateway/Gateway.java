package io.quintet.gateway;

import io.quarkus.arc.Arc;
import io.quintet.gateway.listeners.MainListeners;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;

/** Where the gateway under test listens (random ports) and an HTTP client that accepts its certificate. */
final class Gateway {

    static final HttpClient CLIENT = HttpClient.newBuilder()
            .sslContext(Tls.trustAll())
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private Gateway() {}

    /** The gateway opens its listeners itself; they know the random ports they got. */
    static int httpPort() {
        return Arc.container().instance(MainListeners.class).get().httpPort();
    }

    static int httpsPort() {
        return Arc.container().instance(MainListeners.class).get().httpsPort();
    }

    static URI http(String pathAndQuery) {
        return URI.create("http://localhost:" + httpPort() + pathAndQuery);
    }

    /** The management interface: health and metrics, off the public listeners. */
    static URI management(String pathAndQuery) {
        return URI.create("http://localhost:" + TestUpstreams.managementPort + pathAndQuery);
    }

    static URI https(String pathAndQuery) {
        return URI.create("https://localhost:" + httpsPort() + pathAndQuery);
    }
}
