package io.quintet.gateway;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/** TLS helpers for the tests: handshakes that accept the self-signed certificate, and a raw ClientHello. */
final class Tls {

    static final TrustManager[] TRUST_ALL = {
        new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }
    };

    private Tls() {}

    static SSLContext trustAll() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, TRUST_ALL, new SecureRandom());
            return context;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A full handshake with the given protocol and suite; returns the session. */
    static SSLSession handshake(int port, String protocol, String cipherSuite) throws IOException {
        try (SSLSocket socket = (SSLSocket) trustAll().getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.setSoTimeout(5_000);
            socket.setEnabledProtocols(new String[] {protocol});
            if (cipherSuite != null) socket.setEnabledCipherSuites(new String[] {cipherSuite});
            socket.startHandshake();
            return socket.getSession();
        }
    }

    /** A handshake through {@code client}, whose session cache lets it resume an earlier session with this port. */
    static SSLSession handshake(SSLContext client, int port, String protocol) throws IOException {
        try (SSLSocket socket = (SSLSocket) client.getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.setSoTimeout(5_000);
            socket.setEnabledProtocols(new String[] {protocol});
            socket.startHandshake();
            // TLS 1.3 hands out its resumption ticket after the handshake; read until it has arrived
            socket.getOutputStream()
                    .write("HEAD / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                            .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            socket.getInputStream().readAllBytes();
            return socket.getSession();
        }
    }

    static X509Certificate servedCertificate(int port) throws IOException {
        return (X509Certificate) handshake(port, "TLSv1.3", null).getPeerCertificates()[0];
    }

    static String fingerprint(X509Certificate certificate) throws Exception {
        return HexFormat.ofDelimiter(":")
                .withUpperCase()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
    }

    /**
     * Sends a hand-made ClientHello offering only {@code version} (0x0302 = TLS 1.1, 0x0303 = TLS 1.2),
     * independent of what this JVM's own TLS stack still allows, and returns the content type of the
     * server's first record: 0x16 handshake (accepted), 0x15 alert (refused), or -1 if it just closed.
     */
    static int firstRecordTypeForHello(int port, int version) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(clientHello(version));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            try {
                int type = in.read();
                if (type == 0x15) {
                    new DataInputStream(in).readFully(new byte[6]); // version, length, level, description
                }
                return type;
            } catch (EOFException | SocketTimeoutException e) {
                return -1;
            } catch (IOException reset) {
                return -1;
            }
        }
    }

    private static byte[] clientHello(int version) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(version >> 8);
        body.write(version & 0xff);
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        body.writeBytes(random);
        body.write(0); // no session id
        int[] suites = {0xc02f, 0xc030, 0xc013, 0xc014, 0x009c, 0x002f};
        writeShort(body, suites.length * 2);
        for (int s : suites) writeShort(body, s);
        body.write(1);
        body.write(0); // null compression
        ByteArrayOutputStream extensions = new ByteArrayOutputStream();
        // supported_groups: x25519, secp256r1
        extension(extensions, 0x000a, new byte[] {0, 4, 0, 0x1d, 0, 0x17});
        // ec_point_formats: uncompressed
        extension(extensions, 0x000b, new byte[] {1, 0});
        // signature_algorithms: rsa_pss_rsae_sha256, rsa_pkcs1_sha256
        extension(extensions, 0x000d, new byte[] {0, 4, 0x08, 0x04, 0x04, 0x01});
        writeShort(body, extensions.size());
        body.writeBytes(extensions.toByteArray());

        ByteArrayOutputStream handshake = new ByteArrayOutputStream();
        handshake.write(1); // ClientHello
        handshake.write(0);
        writeShort(handshake, body.size());
        handshake.writeBytes(body.toByteArray());

        ByteArrayOutputStream record = new ByteArrayOutputStream();
        record.write(0x16);
        record.write(0x03);
        record.write(0x01); // record layer version as real clients send it
        writeShort(record, handshake.size());
        record.writeBytes(handshake.toByteArray());
        return record.toByteArray();
    }

    private static void extension(ByteArrayOutputStream out, int type, byte[] data) {
        writeShort(out, type);
        writeShort(out, data.length);
        out.writeBytes(data);
    }

    private static void writeShort(ByteArrayOutputStream out, int value) {
        out.write((value >> 8) & 0xff);
        out.write(value & 0xff);
    }
}
