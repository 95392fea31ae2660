package io.quintet.kosync;

import io.quintet.protocol.testing.RawHttp;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Sends a body with Transfer-Encoding: chunked (no Content-Length to refuse up front). */
final class Chunked {

    private Chunked() {}

    static RawHttp.Reply send(String method, String path, List<String> headers, byte[] body) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", RawHttp.port())) {
            socket.setSoTimeout(30_000);
            ByteArrayOutputStream request = new ByteArrayOutputStream();
            request.write((method + " " + path
                            + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            for (String h : headers) {
                request.write((h + "\r\n").getBytes(StandardCharsets.UTF_8));
            }
            request.write("\r\n".getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < body.length; i += 8192) {
                int n = Math.min(8192, body.length - i);
                request.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.UTF_8));
                request.write(body, i, n);
                request.write("\r\n".getBytes(StandardCharsets.UTF_8));
            }
            request.write("0\r\n\r\n".getBytes(StandardCharsets.UTF_8));
            OutputStream out = socket.getOutputStream();
            out.write(request.toByteArray());
            out.flush();
            return RawHttp.read(socket.getInputStream());
        }
    }
}
