package io.quintet.gateway;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Raw bytes to a listener and the whole answer back (status, headers, body up to Content-Length), for
 * input no well-behaved client would send: malformed request lines, NUL, huge headers, broken frames.
 */
final class RawExchange implements AutoCloseable {

    record Answer(int status, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    final Socket socket;
    final InputStream in;
    final OutputStream out;

    RawExchange(Socket connected) throws IOException {
        this.socket = connected;
        socket.setSoTimeout(10_000);
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    static RawExchange plain(int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
        return new RawExchange(socket);
    }

    static RawExchange tls(int port) throws IOException {
        javax.net.ssl.SSLSocket socket =
                (javax.net.ssl.SSLSocket) Tls.trustAll().getSocketFactory().createSocket("127.0.0.1", port);
        socket.startHandshake();
        return new RawExchange(socket);
    }

    RawExchange send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    RawExchange send(String text) throws IOException {
        return send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Reads one answer: head, then a body of Content-Length bytes (or until the connection ends). */
    Answer answer() throws IOException {
        Answer head = headOnly();
        int status = head.status();
        Map<String, String> headers = head.headers();
        String length = headers.get("content-length");
        byte[] body;
        if (length != null) {
            body = in.readNBytes(Integer.parseInt(length));
        } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            while (true) {
                int size = Integer.parseInt(line().trim(), 16);
                if (size == 0) {
                    line();
                    break;
                }
                all.writeBytes(in.readNBytes(size));
                line();
            }
            body = all.toByteArray();
        } else if (status == 101 || status == 204 || status == 304) {
            body = new byte[0];
        } else {
            body = in.readAllBytes();
        }
        return new Answer(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    /** Reads the status line and headers of an answer that has no body (HEAD, 204, 304). */
    Answer headOnly() throws IOException {
        String[] lines = head().split("\r\n");
        Map<String, String> headers = new TreeMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0)
                headers.put(
                        lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).trim());
        }
        return new Answer(Integer.parseInt(lines[0].split(" ")[1]), headers, "");
    }

    private String head() throws IOException {
        StringBuilder head = new StringBuilder();
        int c;
        while ((c = in.read()) != -1) {
            head.append((char) c);
            if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) break;
        }
        if (head.isEmpty()) throw new IOException("the connection ended without an answer");
        return head.toString();
    }

    private String line() throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != -1 && c != '\n') line.append((char) c);
        return line.toString();
    }

    /** True when the peer has closed the connection (reads end) within the socket timeout. */
    boolean closedByPeer() throws IOException {
        try {
            while (in.read() != -1) {
                // drain whatever is left
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
