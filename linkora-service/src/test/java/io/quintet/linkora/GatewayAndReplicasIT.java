package io.quintet.linkora;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quintet.protocol.testing.EmbeddedPostgresServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The packaged service as it is deployed: two linkora-service replicas on one PostgreSQL and the
 * gateway in front of both, each a real process. Covers cross-replica event delivery, everything
 * that goes through the gateway's HTTPS listener (C10, C108) and its TLS and certificate handling
 * (C14, C109–C116). The app's Ktor CIO client is stood in for by the JDK client restricted to what
 * CIO speaks: TLS 1.2 with TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, the leaf pinned from the exported
 * {@code .cer}, and the dialled IP checked against the certificate's SAN.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GatewayAndReplicasIT {

    static final String TOKEN = "it#!$%^&*token";
    static final String KEY_STORE_PASSWORD = "it-key-store-password";
    static final String CIO_SUITE = "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256";
    static final ObjectMapper JSON = new ObjectMapper();

    static ServiceProcesses processes;
    static int replicaA;
    static int replicaB;
    static int gatewayHttp;
    static int gatewayHttps;
    static Path gatewayData;
    /** The key of a reference server's keystore placed in the gateway's data before its first start (C126). */
    static PublicKey referenceKey;

    @BeforeAll
    static void start() throws Exception {
        Path work = Path.of("target", "it").toAbsolutePath();
        deleteRecursively(work);
        String database = EmbeddedPostgresServer.createDatabase("linkora_it");
        Path service = ServiceProcesses.jar("linkora.it.service-jar", "target/quarkus-app/quarkus-run.jar");
        Path gateway = ServiceProcesses.jar("linkora.it.gateway-jar", "../gateway/target/quarkus-app/quarkus-run.jar");
        processes = new ServiceProcesses();
        replicaA = ServiceProcesses.freePort();
        replicaB = ServiceProcesses.freePort();
        gatewayHttp = ServiceProcesses.freePort();
        gatewayHttps = ServiceProcesses.freePort();
        gatewayData = work.resolve("gateway-data");
        for (Map.Entry<String, Integer> replica :
                Map.of("a", replicaA, "b", replicaB).entrySet()) {
            Map<String, String> env = new HashMap<>();
            env.put("QUINTET_DB_URL", EmbeddedPostgresServer.reactiveUrl(database));
            env.put("QUINTET_DB_USER", EmbeddedPostgresServer.USER);
            env.put("QUINTET_DB_PASSWORD", EmbeddedPostgresServer.PASSWORD);
            env.put("QUARKUS_HTTP_PORT", Integer.toString(replica.getValue()));
            env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
            env.put("LINKORA_SERVER_AUTH_TOKEN", TOKEN);
            env.put(
                    "LINKORA_CONFIG_FILE",
                    work.resolve(replica.getKey()).resolve("linkoraConfig.json").toString());
            env.put("QUINTET_DATA_DIR", work.resolve(replica.getKey()).toString());
            Path log = work.resolve("replica-" + replica.getKey() + ".log");
            Process process = processes.start(service, env, log);
            // one after the other: the second start finds the schema migrated
            ServiceProcesses.awaitReady(
                    process, "http://127.0.0.1:" + replica.getValue() + "/linkora/TEST_BEARER", TOKEN, log);
        }
        referenceKey = referenceKeyStore(gatewayData.resolve("gateway"));
        Map<String, String> env = new HashMap<>();
        env.put("QUARKUS_HTTP_PORT", Integer.toString(gatewayHttp));
        env.put("QUINTET_GATEWAY_PORT", Integer.toString(gatewayHttp));
        env.put("QUINTET_GATEWAY_HTTPS_PORT", Integer.toString(gatewayHttps));
        env.put("QUINTET_DATA_DIR", gatewayData.toString());
        env.put("QUINTET_UPSTREAM_LINKORA", "http://127.0.0.1:" + replicaA + ",http://127.0.0.1:" + replicaB);
        env.put("LINKORA_SERVER_AUTH_TOKEN", TOKEN);
        env.put("LINKORA_KEY_STORE_PASSWORD", KEY_STORE_PASSWORD);
        Path log = work.resolve("gateway.log");
        Process process = processes.start(gateway, env, log);
        ServiceProcesses.awaitReady(process, "http://127.0.0.1:" + gatewayHttp + "/linkora/TEST_BEARER", TOKEN, log);
    }

    @AfterAll
    static void stop() {
        if (processes != null) {
            processes.close();
        }
    }

    // --- helpers -------------------------------------------------------------------------------

    /**
     * Writes {@code linkoraServerCert.jks} the way the reference server does (spec 11.1: PKCS#12,
     * alias linkora-sync-server-cert, store and key password = keyStorePassword), with keytool.
     * Its SAN names only an address of another machine, as after moving a reference install.
     */
    static PublicKey referenceKeyStore(Path directory) throws Exception {
        Files.createDirectories(directory);
        Path store = directory.resolve("linkoraServerCert.jks");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process process = new ProcessBuilder(
                        keytool.toString(),
                        "-genkeypair",
                        "-storetype",
                        "PKCS12",
                        "-keystore",
                        store.toString(),
                        "-storepass",
                        KEY_STORE_PASSWORD,
                        "-keypass",
                        KEY_STORE_PASSWORD,
                        "-alias",
                        "linkora-sync-server-cert",
                        "-keyalg",
                        "RSA",
                        "-keysize",
                        "2048",
                        "-sigalg",
                        "SHA256withRSA",
                        "-validity",
                        "365",
                        "-dname",
                        "CN=linkora-sync, OU=Linkora, O=Linkora, C=West Elizabeth",
                        "-ext",
                        "EKU=serverAuth",
                        "-ext",
                        "SAN=dns:192.168.1.5,ip:192.168.1.5")
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + output);
        }
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keyStore.load(in, KEY_STORE_PASSWORD.toCharArray());
        }
        return keyStore.getCertificate("linkora-sync-server-cert").getPublicKey();
    }

    static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    static String correlation(String clientName) {
        return "{\"id\":\"" + UUID.randomUUID() + "\",\"clientName\":\"" + clientName + "\"}";
    }

    static String folderBody(String name, String correlation) {
        return "{\"name\":\"" + name + "\",\"note\":\"\",\"parentFolderId\":null,\"isArchived\":false,"
                + "\"eventTimestamp\":1,\"correlation\":" + correlation + "}";
    }

    static boolean isFolderNamed(JsonNode frame, String name) {
        return "CREATE_FOLDER".equals(frame.path("operation").asText())
                && name.equals(frame.path("payload").path("name").asText());
    }

    static HttpResponse<String> send(HttpClient client, HttpRequest.Builder request) throws Exception {
        return client.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpRequest.Builder request(String base, String route, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + route));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    static HttpResponse<String> createFolder(HttpClient client, String base, String name, String correlation)
            throws Exception {
        HttpResponse<String> response = send(
                client,
                request(base, "CREATE_FOLDER", TOKEN)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(folderBody(name, correlation))));
        assertEquals(200, response.statusCode(), response.body());
        return response;
    }

    static String replicaBase(int port) {
        return "http://127.0.0.1:" + port + "/linkora/";
    }

    static String gatewayHttpsBase(String host) {
        return "https://" + host + ":" + gatewayHttps + "/linkora/";
    }

    /** The certificate the gateway exports for apps to import ({@code linkoraServerCert.cer}). */
    static X509Certificate exportedCertificate() throws Exception {
        return certificate(Files.readAllBytes(gatewayData.resolve("gateway").resolve("linkoraServerCert.cer")));
    }

    static X509Certificate certificate(byte[] encoded) throws Exception {
        return (X509Certificate)
                CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(encoded));
    }

    /** Trusts exactly {@code pinned}, as the app trusts the certificate the user imported. */
    static SSLContext pinned(X509Certificate pinned) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("imported", pinned);
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }

    /** The app's HTTP client as far as TLS goes: TLS 1.2 only, ECDHE-RSA-AES128-GCM-SHA256, the imported leaf pinned. */
    static HttpClient cioLikeClient() throws Exception {
        SSLParameters parameters = new SSLParameters(new String[] {CIO_SUITE}, new String[] {"TLSv1.2"});
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .sslContext(pinned(exportedCertificate()))
                .sslParameters(parameters)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    /** A completed handshake with the gateway's HTTPS listener, trusting anything, to inspect what it serves. */
    static SSLSession handshake(String[] protocols, String[] suites) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(
                null,
                new TrustManager[] {
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
                },
                null);
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", gatewayHttps)) {
            socket.setSoTimeout(10_000);
            socket.setEnabledProtocols(protocols);
            if (suites != null) {
                socket.setEnabledCipherSuites(suites);
            }
            socket.startHandshake();
            return socket.getSession();
        }
    }

    static X509Certificate served() throws Exception {
        return (X509Certificate)
                handshake(new String[] {"TLSv1.3", "TLSv1.2"}, null).getPeerCertificates()[0];
    }

    static String fingerprint(X509Certificate certificate) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
    }

    record OpenSsl(int exit, String output) {}

    static OpenSsl openssl(String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + gatewayHttps));
        command.addAll(List.of(options));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        return new OpenSsl(process.exitValue(), output);
    }

    static boolean hasOpenSsl() {
        try {
            return new ProcessBuilder("openssl", "version").start().waitFor(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            return false;
        }
    }

    // --- two replicas --------------------------------------------------------------------------

    @Test
    @Order(1)
    @DisplayName(
            "replicas: an event written through replica A reaches sockets on A and B, and one written through B reaches both")
    void crossReplicaEvents() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        try (EventSocket onA = EventSocket.connect(
                        client,
                        EventSocket.uri("ws://127.0.0.1:" + replicaA + "/linkora", correlation("On A")),
                        TOKEN);
                EventSocket onB = EventSocket.connect(
                        client,
                        EventSocket.uri("ws://127.0.0.1:" + replicaB + "/linkora", correlation("On B")),
                        TOKEN)) {
            String viaA = "via-a-" + UUID.randomUUID();
            long idA = JSON.readTree(createFolder(client, replicaBase(replicaA), viaA, correlation("Writer"))
                            .body())
                    .get("id")
                    .asLong();
            assertEquals(
                    idA,
                    onB.awaitMatching(f -> isFolderNamed(f, viaA))
                            .get("payload")
                            .get("id")
                            .asLong());
            assertEquals(
                    idA,
                    onA.awaitMatching(f -> isFolderNamed(f, viaA))
                            .get("payload")
                            .get("id")
                            .asLong());
            String viaB = "via-b-" + UUID.randomUUID();
            createFolder(client, replicaBase(replicaB), viaB, correlation("Writer"));
            onA.awaitMatching(f -> isFolderNamed(f, viaB));
            onB.awaitMatching(f -> isFolderNamed(f, viaB));
        }
    }

    // --- through the gateway's HTTPS listener --------------------------------------------------

    @Test
    @Order(2)
    @DisplayName("C10 the same requests succeed (and fail the same way) on the HTTPS listener")
    void sameRequestsOverHttps() throws Exception {
        HttpClient client = cioLikeClient();
        String base = gatewayHttpsBase("127.0.0.1");
        for (String route : List.of("", "TEST_BEARER")) {
            HttpResponse<String> ok = send(client, request(base, route, TOKEN).GET());
            assertEquals(200, ok.statusCode(), route);
            assertEquals("", ok.body());
        }
        HttpResponse<String> missing =
                send(client, request(base, "TEST_BEARER", null).GET());
        assertEquals(401, missing.statusCode());
        assertEquals(
                "text/plain; charset=UTF-8",
                missing.headers().firstValue("Content-Type").orElse(""));
        assertEquals("Missing Authorization header", missing.body());
        HttpResponse<String> wrong =
                send(client, request(base, "TEST_BEARER", "nope").GET());
        assertEquals(401, wrong.statusCode());
        assertEquals("Invalid token.", wrong.body());
        assertEquals(
                404, send(client, request(base, "test_bearer", TOKEN).GET()).statusCode());
        assertEquals(
                405,
                send(client, request(base, "TEST_BEARER", TOKEN).POST(HttpRequest.BodyPublishers.noBody()))
                        .statusCode());
        assertEquals(404, send(client, request(base, "NOPE", null).GET()).statusCode());
        HttpResponse<String> created =
                createFolder(client, base, "https-" + UUID.randomUUID(), correlation("Secure Seal"));
        assertEquals(
                "application/json", created.headers().firstValue("Content-Type").orElse(""));
        assertTrue(JSON.readTree(created.body()).get("id").asLong() > 0);
    }

    @Test
    @Order(3)
    @DisplayName(
            "wss://…/linkora/events on the HTTPS listener with a JDK client restricted to TLS 1.2 ECDHE-RSA-AES128-GCM: events from either replica")
    void secureEvents() throws Exception {
        HttpClient client = cioLikeClient();
        try (EventSocket socket = EventSocket.connect(
                client,
                EventSocket.uri("wss://127.0.0.1:" + gatewayHttps + "/linkora", correlation("Secure Seal")),
                TOKEN)) {
            String viaGateway = "wss-gw-" + UUID.randomUUID();
            createFolder(client, gatewayHttpsBase("127.0.0.1"), viaGateway, correlation("Writer"));
            socket.awaitMatching(f -> isFolderNamed(f, viaGateway));
            for (int replica : List.of(replicaA, replicaB)) {
                String direct = "wss-direct-" + UUID.randomUUID();
                createFolder(HttpClient.newHttpClient(), replicaBase(replica), direct, correlation("Writer"));
                socket.awaitMatching(f -> isFolderNamed(f, direct));
            }
            assertTrue(socket.isOpen());
        }
        try (EventSocket refused = EventSocket.connect(
                client, EventSocket.uri("wss://127.0.0.1:" + gatewayHttps + "/linkora", null), TOKEN)) {
            assertEquals(1003, refused.awaitClose().code());
        }
    }

    @Test
    @Order(4)
    @DisplayName("C109 TLS 1.2 with ECDHE-RSA-AES128-GCM-SHA256 is negotiated (JDK and openssl s_client -tls1_2)")
    void tls12() throws Exception {
        SSLSession session = handshake(new String[] {"TLSv1.2"}, new String[] {CIO_SUITE});
        assertEquals("TLSv1.2", session.getProtocol());
        assertEquals(CIO_SUITE, session.getCipherSuite());
        if (hasOpenSsl()) {
            OpenSsl openssl = openssl("-tls1_2", "-cipher", "ECDHE-RSA-AES128-GCM-SHA256");
            assertTrue(openssl.output().contains("ECDHE-RSA-AES128-GCM-SHA256"), openssl.output());
            assertTrue(openssl.output().contains("TLSv1.2"), openssl.output());
        }
    }

    @Test
    @Order(5)
    @DisplayName("C110 TLS 1.3 works; TLS 1.1 is refused")
    void tls13AndTls11() throws Exception {
        assertEquals("TLSv1.3", handshake(new String[] {"TLSv1.3"}, null).getProtocol());
        if (hasOpenSsl()) {
            // SECLEVEL=0 so that the client really offers TLS 1.1 (OpenSSL 3 refuses to by default)
            OpenSsl openssl = openssl("-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0");
            assertNotEquals(0, openssl.exit(), openssl.output());
            // the server answers the TLS 1.1 ClientHello with a protocol_version alert; nothing is negotiated
            assertTrue(openssl.output().contains("alert protocol version"), openssl.output());
            assertTrue(openssl.output().contains("Cipher is (NONE)"), openssl.output());
            assertFalse(
                    openssl.output().contains("no protocols available"),
                    "the client must offer TLS 1.1: " + openssl.output());
        }
    }

    @Test
    @Order(6)
    @DisplayName(
            "C126 an existing reference linkoraServerCert.jks with its password is taken over: the gateway serves its key, so apps keep their imported certificate")
    void referenceKeyStoreReused() throws Exception {
        assertEquals(referenceKey, served().getPublicKey());
    }

    @Test
    @Order(6)
    @DisplayName(
            "C111 the served certificate: self-signed RSA-2048/SHA-256, EKU serverAuth, SAN with localhost and the dialled 127.0.0.1, 365 days")
    void servedCertificate() throws Exception {
        X509Certificate leaf = served();
        assertEquals(leaf.getSubjectX500Principal(), leaf.getIssuerX500Principal());
        leaf.verify(leaf.getPublicKey());
        assertEquals(2048, ((RSAPublicKey) leaf.getPublicKey()).getModulus().bitLength());
        assertEquals("SHA256withRSA", leaf.getSigAlgName());
        assertTrue(leaf.getExtendedKeyUsage().contains("1.3.6.1.5.5.7.3.1"), "EKU serverAuth");
        List<String> names = new ArrayList<>();
        Collection<List<?>> alternatives = leaf.getSubjectAlternativeNames();
        for (List<?> name : alternatives) {
            names.add(name.get(1).toString());
        }
        assertTrue(names.contains("127.0.0.1"), names.toString());
        assertTrue(names.contains("localhost"), names.toString());
        long days = Duration.between(
                        leaf.getNotBefore().toInstant(), leaf.getNotAfter().toInstant())
                .toDays();
        assertTrue(days >= 364 && days <= 366, days + " days");
        assertEquals(fingerprint(exportedCertificate()), fingerprint(leaf), "the exported .cer is the served leaf");
    }

    @Test
    @Order(7)
    @DisplayName(
            "C112 the Ktor CIO client with the app's trust manager (leaf verified against the exported .cer) reaches https://127.0.0.1:<port>/linkora/TEST_BEARER")
    void pinnedClient() throws Exception {
        try (KtorCioClient cio = new KtorCioClient(exportedCertificate())) {
            assertEquals(200, cio.get(gatewayHttpsBase("127.0.0.1") + "TEST_BEARER", TOKEN));
            assertEquals(401, cio.get(gatewayHttpsBase("127.0.0.1") + "TEST_BEARER", "nope"));
        }
        // the JDK stand-in (TLS 1.2, the CIO suite, PKIX pinned to the .cer, SAN checked) agrees
        assertEquals(
                200,
                send(
                                cioLikeClient(),
                                request(gatewayHttpsBase("127.0.0.1"), "TEST_BEARER", TOKEN)
                                        .GET())
                        .statusCode());
    }

    @Test
    @Order(7)
    @DisplayName(
            "C108 wss://…/linkora/events works on the HTTPS listener with the Ktor CIO client; events written through either replica arrive")
    void ktorEvents() throws Exception {
        try (KtorCioClient cio = new KtorCioClient(exportedCertificate())) {
            KtorCioClient.Session session = cio.events(
                    EventSocket.uri("wss://127.0.0.1:" + gatewayHttps + "/linkora", correlation("Kotlin Koala"))
                            .toString(),
                    TOKEN);
            for (int replica : List.of(replicaA, replicaB)) {
                String name = "cio-" + UUID.randomUUID();
                createFolder(HttpClient.newHttpClient(), replicaBase(replica), name, correlation("Writer"));
                assertTrue(isFolderNamed(session.awaitMatching(f -> isFolderNamed(f, name)), name));
            }
        }
    }

    @Test
    @Order(8)
    @DisplayName("C113 the same client dialling an IP that is not in the SAN fails (negative control)")
    void ipNotInSan() throws Exception {
        X509Certificate leaf = served();
        for (List<?> name : leaf.getSubjectAlternativeNames()) {
            assertNotEquals("127.0.0.2", name.get(1).toString());
        }
        try (KtorCioClient cio = new KtorCioClient(exportedCertificate())) {
            Exception refused =
                    assertThrows(Exception.class, () -> cio.get(gatewayHttpsBase("127.0.0.2") + "TEST_BEARER", TOKEN));
            StringBuilder messages = new StringBuilder();
            for (Throwable t = refused; t != null; t = t.getCause()) {
                messages.append(t).append('\n');
            }
            assertTrue(
                    messages.toString().toLowerCase().contains("certificate"),
                    "refused for the certificate: " + messages);
            // control: the same client and certificate on the address in the SAN
            assertEquals(200, cio.get(gatewayHttpsBase("127.0.0.1") + "TEST_BEARER", TOKEN));
        }
        HttpClient client = cioLikeClient();
        Exception failure = assertThrows(
                Exception.class,
                () -> send(
                        client,
                        request(gatewayHttpsBase("127.0.0.2"), "TEST_BEARER", TOKEN)
                                .GET()));
        Throwable cause = failure;
        while (cause != null && !(cause instanceof SSLHandshakeException)) {
            cause = cause.getCause();
        }
        assertTrue(failure instanceof SSLHandshakeException || cause != null, "a TLS failure: " + failure);
    }

    @Test
    @Order(9)
    @DisplayName(
            "C14 GET /linkora/generate/certs-and-keystore without a token: 200 text/html with authToken, generate-btn, download-btn")
    void certificatePage() throws Exception {
        HttpResponse<String> page = send(
                cioLikeClient(),
                request(gatewayHttpsBase("127.0.0.1"), "generate/certs-and-keystore", null)
                        .GET());
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        for (String id : List.of("authToken", "generate-btn", "download-btn")) {
            assertTrue(page.body().contains("id=\"" + id + "\""), id);
        }
    }

    @Test
    @Order(10)
    @DisplayName(
            "C114 POST generate/certs-and-keystore: 401 without token, 200 text/plain with it; ?download=true is a ZIP of exactly the three files")
    void regenerate() throws Exception {
        HttpClient client = cioLikeClient();
        String base = gatewayHttpsBase("127.0.0.1");
        HttpResponse<String> refused = send(
                client, request(base, "generate/certs-and-keystore", null).POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(401, refused.statusCode());
        assertEquals("Missing Authorization header", refused.body());
        HttpResponse<String> generated = send(
                client, request(base, "generate/certs-and-keystore", TOKEN).POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(200, generated.statusCode());
        assertTrue(generated.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
        assertFalse(generated.body().contains(gatewayData.toString()), "the answer does not reveal the directory (D9)");

        Map<String, byte[]> zip = download();
        assertEquals(
                List.of("linkoraServerCert.cer", "linkoraServerCert.jks", "linkoraServerCert.pem"),
                zip.keySet().stream().sorted().toList());
    }

    /** Regenerates with {@code ?download=true} (with a new client pinning the current certificate). */
    static Map<String, byte[]> download() throws Exception {
        HttpResponse<byte[]> response = cioLikeClient()
                .send(
                        request(gatewayHttpsBase("127.0.0.1"), "generate/certs-and-keystore?download=true", TOKEN)
                                .POST(HttpRequest.BodyPublishers.noBody())
                                .timeout(Duration.ofSeconds(30))
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode());
        assertEquals(
                "application/zip", response.headers().firstValue("Content-Type").orElse(""));
        Map<String, byte[]> entries = new HashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(response.body()))) {
            ZipEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                assertFalse(entry.getName().contains("/"), "flat entries");
                entries.put(entry.getName(), in.readAllBytes());
            }
        }
        return entries;
    }

    @Test
    @Order(11)
    @DisplayName(
            "C115 .jks is PKCS#12 with the configured password and alias linkora-sync-server-cert; .cer is DER, .pem PEM of the same certificate")
    void keyStoreFiles() throws Exception {
        Map<String, byte[]> zip = download();
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = new ByteArrayInputStream(zip.get("linkoraServerCert.jks"))) {
            store.load(in, KEY_STORE_PASSWORD.toCharArray());
        }
        assertEquals(List.of("linkora-sync-server-cert"), Collections.list(store.aliases()));
        assertTrue(store.isKeyEntry("linkora-sync-server-cert"));
        assertTrue(
                store.getKey("linkora-sync-server-cert", KEY_STORE_PASSWORD.toCharArray()) != null,
                "key password = store password");
        Certificate inStore = store.getCertificate("linkora-sync-server-cert");
        byte[] der = zip.get("linkoraServerCert.cer");
        assertEquals(0x30, der[0] & 0xff, "DER starts with a SEQUENCE");
        X509Certificate cer = certificate(der);
        String pem = new String(zip.get("linkoraServerCert.pem"), StandardCharsets.US_ASCII);
        assertTrue(pem.startsWith("-----BEGIN CERTIFICATE-----"), pem);
        X509Certificate fromPem = certificate(zip.get("linkoraServerCert.pem"));
        assertArrayEquals(inStore.getEncoded(), cer.getEncoded());
        assertArrayEquals(cer.getEncoded(), fromPem.getEncoded());
    }

    @Test
    @Order(12)
    @DisplayName("C116 after regeneration the HTTPS listener serves the new certificate without a restart")
    void hotSwap() throws Exception {
        String before = fingerprint(served());
        Map<String, byte[]> zip = download();
        String regenerated = fingerprint(certificate(zip.get("linkoraServerCert.cer")));
        assertNotEquals(before, regenerated);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        String now = fingerprint(served());
        while (!now.equals(regenerated) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            now = fingerprint(served());
        }
        assertEquals(regenerated, now);
        // and an app that imported the new certificate connects again, sockets included
        HttpClient client = cioLikeClient();
        assertEquals(
                200,
                send(
                                client,
                                request(gatewayHttpsBase("127.0.0.1"), "TEST_BEARER", TOKEN)
                                        .GET())
                        .statusCode());
        try (EventSocket socket = EventSocket.connect(
                client,
                EventSocket.uri("wss://127.0.0.1:" + gatewayHttps + "/linkora", correlation("Renewed")),
                TOKEN)) {
            String name = "renewed-" + UUID.randomUUID();
            createFolder(client, gatewayHttpsBase("127.0.0.1"), name, correlation("Writer"));
            socket.awaitMatching(f -> isFolderNamed(f, name));
        }
    }
}
