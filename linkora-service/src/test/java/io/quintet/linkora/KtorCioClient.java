package io.quintet.linkora;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ktor.client.HttpClient;
import io.ktor.client.HttpClientConfig;
import io.ktor.client.HttpClientKt;
import io.ktor.client.engine.cio.CIO;
import io.ktor.client.engine.cio.CIOEngineConfig;
import io.ktor.client.plugins.websocket.DefaultClientWebSocketSession;
import io.ktor.client.plugins.websocket.WebSockets;
import io.ktor.client.request.HttpRequestBuilder;
import io.ktor.client.request.HttpRequestKt;
import io.ktor.client.statement.HttpResponse;
import io.ktor.client.statement.HttpStatement;
import io.ktor.http.HttpMethod;
import io.ktor.websocket.Frame;
import io.ktor.websocket.FrameCommonKt;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import javax.net.ssl.X509TrustManager;
import kotlin.Unit;
import kotlin.coroutines.Continuation;
import kotlin.coroutines.EmptyCoroutineContext;
import kotlin.jvm.functions.Function2;
import kotlinx.coroutines.BuildersKt;
import kotlinx.coroutines.CoroutineScope;

/**
 * The Linkora app's HTTP client: Ktor's CIO engine (whose own TLS layer speaks TLS 1.2 only and
 * checks the dialled host against the certificate's SAN), with the app's trust manager, which
 * accepts a server leaf signed by the imported certificate's key and within its validity (spec 11.2).
 * Called from Java through {@code runBlocking}.
 */
final class KtorCioClient implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final HttpClient client;

    KtorCioClient(X509Certificate imported) {
        X509TrustManager trust = new ImportedCertificateTrust(imported);
        this.client = HttpClientKt.HttpClient(CIO.INSTANCE, (HttpClientConfig<CIOEngineConfig> config) -> {
            config.engine(engine -> {
                engine.https(tls -> {
                    tls.setTrustManager(trust);
                    return Unit.INSTANCE;
                });
                return Unit.INSTANCE;
            });
            config.install(WebSockets.Plugin, ws -> Unit.INSTANCE);
            return Unit.INSTANCE;
        });
    }

    /** The app's trust manager: the leaf must verify with the imported certificate's key and be valid now. */
    static final class ImportedCertificateTrust implements X509TrustManager {
        private final X509Certificate imported;

        ImportedCertificateTrust(X509Certificate imported) {
            this.imported = imported;
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("not a server");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            try {
                chain[0].verify(imported.getPublicKey());
            } catch (Exception e) {
                throw new CertificateException("the server certificate is not the imported one", e);
            }
            chain[0].checkValidity();
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[] {imported};
        }
    }

    /** Runs one suspending call to completion on the calling thread. */
    @SuppressWarnings("unchecked")
    static <T> T await(Function<Continuation<? super T>, Object> suspending) {
        Function2<CoroutineScope, Continuation<? super T>, Object> block =
                (scope, continuation) -> suspending.apply(continuation);
        try {
            return (T) BuildersKt.runBlocking(EmptyCoroutineContext.INSTANCE, block);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code GET url} with the bearer token; the answer's status. */
    int get(String url, String token) {
        HttpRequestBuilder request = new HttpRequestBuilder();
        HttpRequestKt.url(request, url);
        request.setMethod(HttpMethod.Companion.getGet());
        request.getHeaders().append("Authorization", "Bearer " + token);
        HttpResponse response = await(continuation -> new HttpStatement(request, client).execute(continuation));
        return response.getStatus().getValue();
    }

    /** An open {@code /events} session as the app opens it. */
    Session events(String url, String token) {
        DefaultClientWebSocketSession session =
                await(continuation -> io.ktor.client.plugins.websocket.BuildersKt.webSocketSession(
                        client,
                        (HttpRequestBuilder request) -> {
                            HttpRequestKt.url(request, url);
                            request.getHeaders().append("Authorization", "Bearer " + token);
                            return Unit.INSTANCE;
                        },
                        continuation));
        return new Session(session);
    }

    static final class Session {
        private final DefaultClientWebSocketSession session;

        Session(DefaultClientWebSocketSession session) {
            this.session = session;
        }

        /** Skips text frames until one matches; fails after the timeout. */
        JsonNode awaitMatching(Predicate<JsonNode> wanted) throws Exception {
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no matching event frame within " + TIMEOUT);
                }
                Frame frame = CompletableFuture.supplyAsync(() -> KtorCioClient.<Frame>await(
                                continuation -> session.getIncoming().receive(continuation)))
                        .get(left, TimeUnit.NANOSECONDS);
                if (frame instanceof Frame.Text text) {
                    JsonNode event = JSON.readTree(FrameCommonKt.readText(text));
                    if (wanted.test(event)) {
                        return event;
                    }
                }
            }
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
