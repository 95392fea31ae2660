package io.quintet.gateway;

import org.eclipse.microprofile.config.ConfigProvider;

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

    private Gateway() {
    }

    static int httpPort() {
        return ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
    }

    static int httpsPort() {
        return ConfigProvider.getConfig().getValue("quarkus.http.test-ssl-port", Integer.class);
    }

    static URI http(String pathAndQuery) {
        return URI.create("http://localhost:" + httpPort() + pathAndQuery);
    }

    static URI https(String pathAndQuery) {
        return URI.create("https://localhost:" + httpsPort() + pathAndQuery);
    }
}
