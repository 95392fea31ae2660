package io.quintet.linkora;

import io.restassured.RestAssured;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Requests rest-assured cannot make: no Content-Type at all, or a declared length beyond the body limit. */
final class RawHttp {

    record Answer(int status, String body) {
    }

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();

    private RawHttp() {
    }

    /** POST with exactly the given content type ({@code null}: no Content-Type header). */
    static Answer post(String route, String contentType, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + "/linkora/" + route))
                .header("Authorization", "Bearer " + LinkoraClient.TOKEN)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        try {
            HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Announces a JSON body of {@code declaredLength} bytes, sends only its first bytes and reads
     * the status line: the server must refuse on the declared length alone.
     */
    static int declareOversized(String route, long declaredLength) {
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            String head = "POST /linkora/" + route + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + LinkoraClient.TOKEN
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + declaredLength + "\r\n\r\n{\"name\":\"";
            out.write(head.getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) != -1 && b != '\n') {
                line.write(b);
            }
            String status = line.toString(StandardCharsets.US_ASCII);
            return Integer.parseInt(status.split(" ")[1]);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
