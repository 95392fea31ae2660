package io.quintet.deploy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;

/**
 * Stands in for a Quarkus service in launcher tests: proves it got the database settings by
 * connecting, then serves its readiness endpoint under the kosync prefix.
 */
public final class FakeService {

    public static void main(String[] args) throws Exception {
        String url = System.getenv("QUINTET_DB_URL");
        try (Connection c = DriverManager.getConnection(
                "jdbc:" + url, System.getenv("QUINTET_DB_USER"), System.getenv("QUINTET_DB_PASSWORD"))) {
            c.createStatement()
                    .execute("CREATE TABLE IF NOT EXISTS fake_service_started (at timestamptz DEFAULT now())");
            c.createStatement().execute("INSERT INTO fake_service_started DEFAULT VALUES");
        }
        int port = Integer.parseInt(System.getenv("QUARKUS_HTTP_PORT"));
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/kosync/q/health/ready", exchange -> {
            byte[] body = "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        String management = System.getenv("QUARKUS_MANAGEMENT_PORT");
        if (management != null) {
            // as the gateway: health only on the management interface, on the host it was given
            HttpServer operational = HttpServer.create(
                    new InetSocketAddress(System.getenv("QUARKUS_MANAGEMENT_HOST"), Integer.parseInt(management)), 0);
            operational.createContext("/q/health/ready", exchange -> {
                byte[] body = "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            operational.start();
        }
        System.out.println("fake service listening on " + port);
    }
}
