package io.quintet.protocol.testing;

import io.restassured.RestAssured;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A byte-exact HTTP/1.1 client for the tests: sends exactly the header lines given (repeated
 * headers, raw UTF-8 bytes in values, no Content-Type at all) and returns the answer's raw
 * header values and body bytes. One request per connection.
 */
public final class RawHttp {

    public record Reply(int status, List<Map.Entry<String, String>> headers, byte[] body) {

        public String header(String name) {
            for (Map.Entry<String, String> h : headers) {
                if (h.getKey().equalsIgnoreCase(name)) {
                    return h.getValue();
                }
            }
            return null;
        }

        public List<String> headerValues(String name) {
            List<String> values = new ArrayList<>();
            for (Map.Entry<String, String> h : headers) {
                if (h.getKey().equalsIgnoreCase(name)) values.add(h.getValue());
            }
            return values;
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return status + " " + headers + " " + text();
        }
    }

    private RawHttp() {}

    /** The port under test: rest-assured's, which {@code @QuarkusTest} sets. */
    public static int port() {
        return RestAssured.port;
    }

    /** @param headerLines "Name: value" lines, sent as UTF-8 bytes */
    public static Reply send(String method, String path, List<String> headerLines, byte[] body) {
        try (Socket socket = new Socket("127.0.0.1", port())) {
            socket.setSoTimeout(30_000);
            ByteArrayOutputStream request = new ByteArrayOutputStream();
            request.write((method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            for (String line : headerLines) {
                request.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
            }
            if (body != null) {
                request.write(("Content-Length: " + body.length + "\r\n").getBytes(StandardCharsets.UTF_8));
            }
            request.write("\r\n".getBytes(StandardCharsets.UTF_8));
            if (body != null) {
                request.write(body);
            }
            OutputStream out = socket.getOutputStream();
            out.write(request.toByteArray());
            out.flush();
            return read(socket.getInputStream());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        }
    }

    /**
     * Sends {@code request} byte for byte (nothing added: no {@code Host}, any request line) and
     * reads {@code answers} answers from the same connection, for pipelined requests.
     */
    public static List<Reply> raw(String request, int answers) {
        try (Socket socket = new Socket("127.0.0.1", port())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            List<Reply> replies = new ArrayList<>();
            for (int i = 0; i < answers; i++) {
                replies.add(read(in));
            }
            return replies;
        } catch (IOException e) {
            throw new IllegalStateException(request.lines().findFirst().orElse("") + " failed", e);
        }
    }

    /**
     * Sends {@code request} byte for byte, reads one answer, then requires the server to close the
     * connection (within the socket timeout) without reading whatever body the request announced.
     */
    public static Reply rawThenClosed(String request) {
        try (Socket socket = new Socket("127.0.0.1", port())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            Reply reply = read(in);
            if (in.read() != -1) {
                throw new IllegalStateException("bytes after the answer to "
                        + request.lines().findFirst().orElse(""));
            }
            return reply;
        } catch (IOException e) {
            throw new IllegalStateException(request.lines().findFirst().orElse("") + " failed", e);
        }
    }

    /** What a {@link #chunkedUpload} wrote: before the answer arrived, in all until the server hung up. */
    public record Upload(Reply reply, long writtenBeforeReply, long written, long millis) {}

    /**
     * A chunked upload of up to {@code total} bytes (64 KiB chunks, a 64 KiB send buffer;
     * {@code Long.MAX_VALUE}: one that never ends) while the answer is read: for a server that must answer before the body is over
     * and then hang up. {@code headerLines} come after {@code Host} and before
     * {@code Transfer-Encoding: chunked}.
     */
    public static Upload chunkedUpload(String method, String path, List<String> headerLines, long total)
            throws Exception {
        long started = System.nanoTime();
        try (Socket socket = new Socket()) {
            // a fixed small send buffer (no autotuning to megabytes): what the client wrote before
            // the answer then tells how much the server read
            socket.setSendBufferSize(64 * 1024);
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", port()));
            socket.setSoTimeout(60_000);
            StringBuilder head =
                    new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: localhost\r\n");
            for (String line : headerLines) {
                head.append(line).append("\r\n");
            }
            head.append("Transfer-Encoding: chunked\r\n\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
            AtomicLong written = new AtomicLong();
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                byte[] chunk = new byte[64 * 1024];
                Arrays.fill(chunk, (byte) 'x');
                byte[] size = (Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
                byte[] crlf = "\r\n".getBytes(StandardCharsets.US_ASCII);
                try {
                    while (written.get() < total) {
                        out.write(size);
                        out.write(chunk);
                        out.write(crlf);
                        written.addAndGet(chunk.length);
                    }
                    out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                } catch (IOException e) {
                    // the server closed the connection
                }
            });
            Reply reply = read(new BufferedInputStream(socket.getInputStream()));
            long beforeReply = written.get();
            long millis = (System.nanoTime() - started) / 1_000_000;
            // after its answer the server hangs up: the writer fails instead of sending all of it
            writer.get(120, TimeUnit.SECONDS);
            return new Upload(reply, beforeReply, written.get(), millis);
        }
    }

    /** One keep-alive connection (TCP_NODELAY, one write per request), as a device holds it. */
    public static final class Connection implements AutoCloseable {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;

        public Connection() throws IOException {
            socket = new Socket("127.0.0.1", port());
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(30_000);
            in = new BufferedInputStream(socket.getInputStream());
            out = socket.getOutputStream();
        }

        public Reply exchange(String method, String path, List<String> headerLines, byte[] body) throws IOException {
            StringBuilder head =
                    new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: localhost\r\n");
            for (String line : headerLines) {
                head.append(line).append("\r\n");
            }
            if (body != null) {
                head.append("Content-Length: ").append(body.length).append("\r\n");
            }
            head.append("\r\n");
            ByteArrayOutputStream request = new ByteArrayOutputStream();
            request.write(head.toString().getBytes(StandardCharsets.UTF_8));
            if (body != null) {
                request.write(body);
            }
            out.write(request.toByteArray());
            out.flush();
            return read(in);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /**
     * Writes a request head and only the first bytes of its body ({@code headerLines} name the
     * length, nothing is added), then reads the status line alone: for a server that must refuse
     * on the head without waiting for the body (a declared length beyond its limit).
     */
    public static int statusBeforeBody(String method, String path, List<String> headerLines, byte[] partialBody) {
        try (Socket socket = new Socket("127.0.0.1", port())) {
            socket.setSoTimeout(30_000);
            StringBuilder head =
                    new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: localhost\r\n");
            for (String line : headerLines) {
                head.append(line).append("\r\n");
            }
            head.append("\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.UTF_8));
            out.write(partialBody);
            out.flush();
            return Integer.parseInt(line(socket.getInputStream()).split(" ")[1]);
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        }
    }

    /** Reads one HTTP/1.1 answer: status, header lines as sent, and the body (by length, chunked, or to the end). */
    public static Reply read(InputStream in) throws IOException {
        String statusLine = line(in);
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        String line;
        while (!(line = line(in)).isEmpty()) {
            int colon = line.indexOf(':');
            headers.add(Map.entry(
                    line.substring(0, colon).trim(), line.substring(colon + 1).trim()));
        }
        byte[] body;
        String length = null;
        String encoding = null;
        for (Map.Entry<String, String> h : headers) {
            if (h.getKey().equalsIgnoreCase("content-length")) length = h.getValue();
            if (h.getKey().equalsIgnoreCase("transfer-encoding"))
                encoding = h.getValue().toLowerCase(Locale.ROOT);
        }
        if (length != null) {
            body = in.readNBytes(Integer.parseInt(length));
        } else if ("chunked".equals(encoding)) {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            int size;
            while ((size = Integer.parseInt(line(in).split(";")[0].trim(), 16)) > 0) {
                all.write(in.readNBytes(size));
                line(in);
            }
            while (!line(in).isEmpty()) {
                // trailers
            }
            body = all.toByteArray();
        } else {
            body = in.readAllBytes();
        }
        return new Reply(status, headers, body);
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') break;
            if (b != '\r') bytes.write(b);
        }
        if (b == -1 && bytes.size() == 0) {
            throw new IOException("connection closed before a complete answer");
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
