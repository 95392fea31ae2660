package io.quintet.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * WebSockets through the gateway: a client that breaks RFC 6455 gets a close frame with 1002 (protocol
 * error) or 1009 (too big) from the gateway, not a dropped connection; and open WebSockets hold no slot
 * of the upstream pools (8 in the tests), so many more than that stay open together.
 */
@QuarkusTest
@QuarkusTestResource(TestUpstreams.class)
class WebSocketProtocolErrorsTest {

    @Test
    void moreWebSocketsThanPoolSlotsAreOpenAtOnceAndAllWork() throws Exception {
        List<WebSocket> sockets = new ArrayList<>();
        List<WebSocketProxyTest.Recorder> recorders = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            WebSocketProxyTest.Recorder recorder = new WebSocketProxyTest.Recorder();
            sockets.add(WebSocketProxyTest.open(
                    URI.create("ws://localhost:" + Gateway.httpPort() + "/kosync/ws"), recorder));
            recorders.add(recorder);
        }
        for (int i = 0; i < sockets.size(); i++) {
            sockets.get(i).sendText("socket " + i, true).get(5, TimeUnit.SECONDS);
        }
        for (int i = 0; i < sockets.size(); i++) {
            assertEquals("socket " + i, recorders.get(i).next());
        }
        // and plain requests still find a pooled connection meanwhile
        assertEquals(
                200,
                HttpProxyTest.send(HttpProxyTest.get(Gateway.http("/kosync/echo")))
                        .statusCode());
        for (WebSocket ws : sockets) ws.sendClose(1000, "done").get(5, TimeUnit.SECONDS);
    }

    @Test
    void unmaskedClientFrameIsAProtocolError() throws Exception {
        assertClosedWith(1002, frame(0x81, "hello".getBytes(StandardCharsets.UTF_8), false));
    }

    @Test
    void reservedOpcodeIsAProtocolError() throws Exception {
        assertClosedWith(1002, frame(0x83, new byte[3], true));
        assertClosedWith(1002, frame(0x8B, new byte[0], true));
    }

    @Test
    void reservedBitsWithoutAnExtensionAreAProtocolError() throws Exception {
        assertClosedWith(1002, frame(0xC1, "x".getBytes(StandardCharsets.UTF_8), true));
    }

    @Test
    void oversizedOrFragmentedControlFrameIsAProtocolError() throws Exception {
        assertClosedWith(1002, frame(0x89, new byte[126], true));
        assertClosedWith(1002, frame(0x09, new byte[4], true));
    }

    @Test
    void strayContinuationIsAProtocolError() throws Exception {
        assertClosedWith(1002, frame(0x80, "tail".getBytes(StandardCharsets.UTF_8), true));
    }

    @Test
    void newMessageInsideAFragmentedOneIsAProtocolError() throws Exception {
        ByteArrayOutputStream both = new ByteArrayOutputStream();
        both.writeBytes(frame(0x01, "part".getBytes(StandardCharsets.UTF_8), true));
        both.writeBytes(frame(0x81, "again".getBytes(StandardCharsets.UTF_8), true));
        assertClosedWith(1002, both.toByteArray());
    }

    @Test
    void frameLargerThanTheLimitIsTooBig() throws Exception {
        // only the header of a 1 TiB frame: the gateway must not wait for the payload
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        header.write(0x82);
        header.write(0x80 | 127);
        long length = 1L << 40;
        for (int i = 7; i >= 0; i--) header.write((int) (length >>> (8 * i)) & 0xff);
        header.writeBytes(new byte[] {1, 2, 3, 4});
        assertClosedWith(1009, header.toByteArray());
    }

    @Test
    void aWholeFramePastTheLimitIsClosedWith1009WhileTheClientIsStillSendingIt() throws Exception {
        // 33 MiB, past the default limit of 32 MiB (kora's KORA_MAX_FRAME_BYTES); the gateway reads and drops the
        // rest of the frame after its close frame, so the client can read the close frame before any reset
        try (RawExchange ws = upgrade()) {
            ws.send(frame(0x81, "ok".getBytes(StandardCharsets.UTF_8), true));
            assertEquals("ok", new String(readFrame(ws).payload(), StandardCharsets.UTF_8));
            long length = 33L * 1024 * 1024;
            ByteArrayOutputStream header = new ByteArrayOutputStream();
            header.write(0x82);
            header.write(0x80 | 127);
            for (int i = 7; i >= 0; i--) header.write((int) (length >>> (8 * i)) & 0xff);
            header.writeBytes(new byte[] {1, 2, 3, 4});
            Thread writer = new Thread(() -> {
                try {
                    ws.send(header.toByteArray());
                    byte[] chunk = new byte[1 << 20];
                    for (long sent = 0; sent < length; sent += chunk.length) ws.send(chunk);
                } catch (IOException closed) {
                    // the gateway may close once its linger time is over
                }
            });
            writer.start();
            Frame close = readFrame(ws);
            assertEquals(0x88, close.first(), "a close frame");
            assertEquals(1009, ((close.payload()[0] & 0xff) << 8) | (close.payload()[1] & 0xff));
            writer.join(30_000);
        }
    }

    @Test
    void framesSplitAcrossWritesAndValidFragmentsPassUntouched() throws Exception {
        try (RawExchange ws = upgrade()) {
            byte[] first = frame(0x01, "hel".getBytes(StandardCharsets.UTF_8), true);
            byte[] last = frame(0x80, "lo".getBytes(StandardCharsets.UTF_8), true);
            for (byte b : first) ws.send(new byte[] {b});
            ws.send(last);
            Frame echo = readFrame(ws);
            assertEquals(0x81, echo.first());
            assertEquals("hello", new String(echo.payload(), StandardCharsets.UTF_8));
        }
    }

    private static void assertClosedWith(int code, byte[] bytes) throws Exception {
        try (RawExchange ws = upgrade()) {
            // a valid exchange first: the socket works until the client breaks the protocol
            ws.send(frame(0x81, "ok".getBytes(StandardCharsets.UTF_8), true));
            assertEquals("ok", new String(readFrame(ws).payload(), StandardCharsets.UTF_8));
            ws.send(bytes);
            Frame close = readFrame(ws);
            assertEquals(0x88, close.first(), "a close frame");
            int received = ((close.payload()[0] & 0xff) << 8) | (close.payload()[1] & 0xff);
            assertEquals(
                    code, received, new String(close.payload(), 2, close.payload().length - 2, StandardCharsets.UTF_8));
            assertTrue(ws.closedByPeer(), "the gateway closes the connection after the close frame");
        }
    }

    static RawExchange upgrade() throws IOException {
        RawExchange ws = RawExchange.plain(Gateway.httpPort());
        ws.send("GET /kosync/ws HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
        assertEquals(101, ws.answer().status());
        return ws;
    }

    record Frame(int first, byte[] payload) {}

    static Frame readFrame(RawExchange ws) throws IOException {
        DataInputStream in = new DataInputStream(ws.in);
        int first = in.readUnsignedByte();
        int second = in.readUnsignedByte();
        long length = second & 0x7f;
        if (length == 126) length = in.readUnsignedShort();
        else if (length == 127) length = in.readLong();
        byte[] payload = new byte[(int) length];
        in.readFully(payload);
        return new Frame(first, payload);
    }

    /** A frame with the given first byte (FIN, RSV, opcode); masked as a client must, unless told otherwise. */
    static byte[] frame(int first, byte[] payload, boolean masked) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(first);
        int maskBit = masked ? 0x80 : 0;
        if (payload.length < 126) {
            out.write(maskBit | payload.length);
        } else {
            out.write(maskBit | 126);
            out.write(payload.length >>> 8);
            out.write(payload.length & 0xff);
        }
        byte[] mask = {0x11, 0x22, 0x33, 0x44};
        if (masked) out.writeBytes(mask);
        for (int i = 0; i < payload.length; i++) out.write(masked ? payload[i] ^ mask[i % 4] : payload[i]);
        return out.toByteArray();
    }
}
