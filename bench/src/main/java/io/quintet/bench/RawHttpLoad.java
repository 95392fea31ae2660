package io.quintet.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

/**
 * A cheap HTTP/1.1 load client for small GET answers, so that the service, not the client, is what a
 * many-client benchmark measures on a 2-core machine: one thread, one NIO selector, the request's
 * bytes built once and written as they are, answers framed by Content-Length (or chunked) and
 * dropped. Two shapes: a closed loop over kept connections, and a one-shot burst of new connections.
 */
final class RawHttpLoad {

    /** How long a connection may go without its answer before it counts as an error. */
    private static final long ANSWER_TIMEOUT_NANOS = Duration.ofSeconds(30).toNanos();

    private RawHttpLoad() {}

    /** The request's bytes: GET {@code uri} with {@code headers}, to 127.0.0.1. */
    static byte[] get(int port, String uri, Map<String, String> headers, boolean close) {
        StringBuilder r = new StringBuilder("GET ")
                .append(uri)
                .append(" HTTP/1.1\r\nHost: 127.0.0.1:")
                .append(port)
                .append("\r\n");
        headers.forEach((k, v) -> r.append(k).append(": ").append(v).append("\r\n"));
        if (close) r.append("Connection: close\r\n");
        return r.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** Latencies (nanoseconds, sorted), answers per second over the measured time, and errors. */
    record Result(long[] latencies, double perSecond, long errors, double seconds) {
        double percentileMillis(double p) {
            if (latencies.length == 0) return 0;
            return latencies[Math.min(latencies.length - 1, (int) (latencies.length * p))] / 1e6;
        }

        @Override
        public String toString() {
            return String.format(
                    "%.0f req/s, p50 %.2f ms, p99 %.2f ms, max %.2f ms, %d errors",
                    perSecond,
                    percentileMillis(0.50),
                    percentileMillis(0.99),
                    latencies.length == 0 ? 0 : latencies[latencies.length - 1] / 1e6,
                    errors);
        }
    }

    /** One connection: its request in flight and its answer's framing. */
    private static final class Conn {
        final SocketChannel channel;
        final int index;
        byte[] in = new byte[16 * 1024];
        int length;
        int headerEnd = -1;
        long bodyLength = -1;
        boolean chunked;
        int status;
        long sentAt;
        boolean busy;

        Conn(SocketChannel channel, int index) {
            this.channel = channel;
            this.index = index;
        }

        void reset() {
            length = 0;
            headerEnd = -1;
            bodyLength = -1;
            chunked = false;
            status = 0;
        }

        void append(ByteBuffer b) {
            int n = b.remaining();
            if (length + n > in.length) in = Arrays.copyOf(in, Math.max(in.length * 2, length + n));
            b.get(in, length, n);
            length += n;
        }

        /** True when a whole answer is in; throws on an answer this client cannot frame. */
        boolean complete() {
            if (headerEnd < 0) {
                for (int i = 3; i < length; i++) {
                    if (in[i] == '\n' && in[i - 1] == '\r' && in[i - 2] == '\n' && in[i - 3] == '\r') {
                        headerEnd = i + 1;
                        break;
                    }
                }
                if (headerEnd < 0) return false;
                String head = new String(in, 0, headerEnd, StandardCharsets.ISO_8859_1);
                status = Integer.parseInt(head.substring(9, 12));
                for (String line : head.split("\r\n")) {
                    int colon = line.indexOf(':');
                    if (colon < 0) continue;
                    String name = line.substring(0, colon).trim();
                    String value = line.substring(colon + 1).trim();
                    if (name.equalsIgnoreCase("content-length")) bodyLength = Long.parseLong(value);
                    if (name.equalsIgnoreCase("transfer-encoding") && value.equalsIgnoreCase("chunked")) chunked = true;
                }
                if (!chunked && bodyLength < 0) bodyLength = status == 204 || status == 304 ? 0 : -1;
                if (!chunked && bodyLength < 0) throw new IllegalStateException("answer without a length");
            }
            if (chunked) {
                // the last chunk: "0\r\n\r\n" at the end of what arrived
                return length - headerEnd >= 5
                        && in[length - 5] == '0'
                        && in[length - 4] == '\r'
                        && in[length - 3] == '\n'
                        && in[length - 2] == '\r'
                        && in[length - 1] == '\n';
            }
            return length - headerEnd >= bodyLength;
        }
    }

    /**
     * {@code connections} kept connections, each sending its next request as soon as its answer is
     * in, for {@code warmup} then {@code duration}; only requests sent in the measured time count.
     */
    static Result closedLoop(int port, byte[] request, int connections, Duration warmup, Duration duration)
            throws IOException {
        ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024);
        ByteBuffer out = ByteBuffer.wrap(request);
        long[] latencies = new long[1 << 16];
        int count = 0;
        long errors = 0;
        try (Selector selector = Selector.open()) {
            Conn[] conns = new Conn[connections];
            for (int c = 0; c < connections; c++) {
                SocketChannel ch = SocketChannel.open();
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                ch.connect(new InetSocketAddress("127.0.0.1", port));
                ch.configureBlocking(false);
                conns[c] = new Conn(ch, c);
                ch.register(selector, SelectionKey.OP_READ, conns[c]);
            }
            long start = System.nanoTime();
            long measureFrom = start + warmup.toNanos();
            long end = measureFrom + duration.toNanos();
            for (Conn c : conns) {
                send(c, out, System.nanoTime());
            }
            int busy = connections;
            long lastSweep = System.nanoTime();
            while (busy > 0) {
                selector.select(100);
                long now = System.nanoTime();
                for (SelectionKey key : selector.selectedKeys()) {
                    Conn c = (Conn) key.attachment();
                    boolean failed = false;
                    try {
                        buffer.clear();
                        int n = c.channel.read(buffer);
                        if (n < 0) throw new IOException("closed by the server");
                        buffer.flip();
                        c.append(buffer);
                        if (!c.complete()) continue;
                    } catch (RuntimeException | IOException e) {
                        failed = true;
                    }
                    if (c.sentAt >= measureFrom) {
                        if (count == latencies.length) latencies = Arrays.copyOf(latencies, count * 2);
                        latencies[count++] = now - c.sentAt;
                        if (failed || c.status / 100 != 2) errors++;
                    }
                    if (failed || now >= end) {
                        c.busy = false;
                        busy--;
                        if (failed) key.cancel();
                    } else {
                        c.reset();
                        send(c, out, now);
                    }
                }
                selector.selectedKeys().clear();
                if (now - lastSweep < 100_000_000L) continue;
                lastSweep = now;
                for (Conn c : conns) {
                    if (c.busy && now - c.sentAt > ANSWER_TIMEOUT_NANOS) {
                        c.busy = false;
                        busy--;
                        errors++;
                    }
                }
            }
            double seconds = (Math.max(System.nanoTime(), end) - measureFrom) / 1e9;
            seconds = Math.min(seconds, duration.toNanos() / 1e9 + 1);
            for (Conn c : conns) c.channel.close();
            long[] sorted = Arrays.copyOf(latencies, count);
            Arrays.sort(sorted);
            return new Result(sorted, count / (duration.toNanos() / 1e9), errors, seconds);
        }
    }

    private static void send(Conn c, ByteBuffer request, long now) throws IOException {
        c.sentAt = now;
        c.busy = true;
        request.rewind();
        while (request.hasRemaining()) {
            if (c.channel.write(request) == 0) Thread.onSpinWait();
        }
    }

    /**
     * {@code clients} new connections asked for at once, each writing its request as soon as it is
     * connected; a latency counts from the moment its connection was asked for to its whole answer.
     */
    static Result oneShot(int port, byte[] request, int clients) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024);
        ByteBuffer out = ByteBuffer.wrap(request);
        long[] latencies = new long[clients];
        int count = 0;
        long errors = 0;
        try (Selector selector = Selector.open()) {
            InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
            Conn[] conns = new Conn[clients];
            // the sockets exist before the burst (a device's socket is not the server's work); each
            // latency counts from its connect call
            for (int i = 0; i < clients; i++) {
                SocketChannel ch = SocketChannel.open();
                ch.configureBlocking(false);
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                conns[i] = new Conn(ch, i);
            }
            long start = System.nanoTime();
            for (int i = 0; i < clients; i++) {
                SocketChannel ch = conns[i].channel;
                conns[i].sentAt = System.nanoTime();
                conns[i].busy = true;
                if (ch.connect(address)) {
                    writeAll(ch, out);
                    ch.register(selector, SelectionKey.OP_READ, conns[i]);
                } else {
                    ch.register(selector, SelectionKey.OP_CONNECT, conns[i]);
                }
            }
            int busy = clients;
            long lastSweep = System.nanoTime();
            while (busy > 0) {
                selector.select(100);
                long now = System.nanoTime();
                for (SelectionKey key : selector.selectedKeys()) {
                    Conn c = (Conn) key.attachment();
                    boolean done = false;
                    boolean failed = false;
                    try {
                        if (key.isConnectable()) {
                            c.channel.finishConnect();
                            writeAll(c.channel, out);
                            key.interestOps(SelectionKey.OP_READ);
                            continue;
                        }
                        buffer.clear();
                        int n = c.channel.read(buffer);
                        if (n >= 0) {
                            buffer.flip();
                            c.append(buffer);
                        }
                        done = c.complete();
                        if (!done && n < 0) throw new IOException("closed before the whole answer");
                    } catch (RuntimeException | IOException e) {
                        failed = true;
                    }
                    if (done || failed) {
                        latencies[count++] = now - c.sentAt;
                        if (failed || c.status / 100 != 2) errors++;
                        c.busy = false;
                        busy--;
                        key.cancel();
                        c.channel.close();
                    }
                }
                selector.selectedKeys().clear();
                if (now - lastSweep < 100_000_000L) continue;
                lastSweep = now;
                for (Conn c : conns) {
                    if (c.busy && now - c.sentAt > ANSWER_TIMEOUT_NANOS) {
                        c.busy = false;
                        busy--;
                        errors++;
                        latencies[count++] = now - c.sentAt;
                        c.channel.close();
                    }
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long[] sorted = Arrays.copyOf(latencies, count);
            Arrays.sort(sorted);
            return new Result(sorted, count / seconds, errors, seconds);
        }
    }

    /**
     * One request of prebuilt bytes (a direct buffer: the socket takes it without another copy) on a
     * new blocking connection to 127.0.0.1; its answer read and framed; the answer's status.
     */
    static int exchange(int port, ByteBuffer request) throws IOException {
        try (SocketChannel ch = SocketChannel.open(new java.net.InetSocketAddress("127.0.0.1", port))) {
            ch.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
            request.rewind();
            while (request.hasRemaining()) {
                ch.write(request);
            }
            Conn answer = new Conn(ch, 0);
            ByteBuffer in = ByteBuffer.allocate(16 * 1024);
            while (!answer.complete()) {
                in.clear();
                if (ch.read(in) < 0) throw new IOException("connection closed before the answer");
                in.flip();
                answer.append(in);
            }
            return answer.status;
        }
    }

    private static void writeAll(SocketChannel ch, ByteBuffer request) throws IOException {
        request.rewind();
        while (request.hasRemaining()) {
            if (ch.write(request) == 0) Thread.onSpinWait();
        }
    }
}
