package io.quintet.linkora.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quintet.linkora.LinkoraClient;
import io.quintet.protocol.testing.RawHttp;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Issue 17 item 7: a client breaking the WebSocket protocol on {@code /events} gets a close frame
 * with the protocol's code (1002 protocol error, 1009 too big) before the connection ends, not a
 * dropped connection. Raw frames over a socket, after a real upgrade.
 */
@QuarkusTest
class EventFrameErrorsTest {

    /** Opens /events and returns the socket after the 101. */
    static Socket upgraded() throws IOException {
        Socket socket = new Socket("127.0.0.1", RawHttp.port());
        socket.setSoTimeout(20_000);
        String correlation = URLEncoder.encode("{\"id\":\"raw\",\"clientName\":\"Raw\"}", StandardCharsets.UTF_8);
        String key = Base64.getEncoder().encodeToString("0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
        String head = "GET /linkora/events?correlation=" + correlation + " HTTP/1.1\r\nHost: localhost\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Key: " + key + "\r\nAuthorization: Bearer " + LinkoraClient.TOKEN + "\r\n\r\n";
        socket.getOutputStream().write(head.getBytes(StandardCharsets.UTF_8));
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        while (!answer.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) throw new IOException("closed during the upgrade: " + answer);
            answer.write(b);
        }
        assertTrue(answer.toString(StandardCharsets.US_ASCII).startsWith("HTTP/1.1 101"), answer.toString());
        return socket;
    }

    /** A client frame: FIN + opcode, masked unless told otherwise. */
    static byte[] frame(int firstByte, byte[] payload, boolean masked) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(firstByte);
        int mask = masked ? 0x80 : 0;
        if (payload.length < 126) {
            out.write(mask | payload.length);
        } else if (payload.length < 65536) {
            out.write(mask | 126);
            out.write(payload.length >> 8);
            out.write(payload.length & 0xff);
        } else {
            out.write(mask | 127);
            for (int i = 7; i >= 0; i--) out.write((int) ((long) payload.length >> (8 * i)) & 0xff);
        }
        byte[] key = {1, 2, 3, 4};
        if (masked) out.write(key, 0, 4);
        for (int i = 0; i < payload.length; i++) out.write(masked ? payload[i] ^ key[i % 4] : payload[i]);
        return out.toByteArray();
    }

    /** Reads server frames until a close frame: its code, or -1 if the connection ended without one. */
    static int closeCode(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        while (true) {
            int b0 = in.read();
            if (b0 < 0) return -1;
            int b1 = in.read();
            if (b1 < 0) return -1;
            long length = b1 & 0x7f;
            if (length == 126) length = (in.read() << 8) | in.read();
            else if (length == 127) {
                length = 0;
                for (int i = 0; i < 8; i++) length = (length << 8) | in.read();
            }
            byte[] payload = in.readNBytes((int) length);
            if ((b0 & 0x0f) == 0x8) {
                return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
            }
        }
    }

    static int afterSending(byte[] bytes) throws IOException {
        try (Socket socket = upgraded()) {
            OutputStream out = socket.getOutputStream();
            try {
                out.write(bytes);
                out.flush();
            } catch (IOException e) {
                // the server may already have closed
            }
            return closeCode(socket);
        }
    }

    @Test
    @DisplayName(
            "protocol errors on /events end with a 1002 close frame: unmasked, reserved opcode, big control frame, stray continuation")
    void protocolErrors() throws IOException {
        byte[] hello = "hello".getBytes(StandardCharsets.UTF_8);
        assertEquals(1002, afterSending(frame(0x81, hello, false)), "unmasked frame");
        assertEquals(1002, afterSending(frame(0x83, hello, true)), "reserved opcode 3");
        assertEquals(1002, afterSending(frame(0x89, new byte[200], true)), "ping of 200 bytes");
        assertEquals(1002, afterSending(frame(0x80, hello, true)), "continuation without a start");
    }

    @Test
    @DisplayName("a frame beyond the socket's frame limit ends with 1009")
    void tooBig() throws IOException {
        assertEquals(1009, afterSending(frame(0x81, new byte[1024 * 1024], true)));
    }
}
