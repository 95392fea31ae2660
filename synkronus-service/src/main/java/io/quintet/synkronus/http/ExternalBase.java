package io.quintet.synkronus.http;

import io.quintet.synkronus.config.SynkronusConfig;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Singleton;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The absolute base URL clients reach this service at (synkronus.md 0.1 row B): the configured
 * public URL; else, from a trusted proxy (the gateway), X-Forwarded-Proto/Host/Prefix; else the
 * request's own scheme and Host with the service's mount prefix.
 */
@Singleton
public class ExternalBase {

    private final String publicUrl;
    private final List<Cidr> trusted;
    private final String root;

    public ExternalBase(SynkronusConfig config, @ConfigProperty(name = "quarkus.http.root-path") String root) {
        this.publicUrl = config.publicUrl()
                .map(u -> u.endsWith("/") ? u.substring(0, u.length() - 1) : u)
                .orElse(null);
        this.trusted = Cidr.parseAll(config.trustedProxies());
        this.root = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
    }

    public String of(HttpServerRequest request) {
        if (publicUrl != null && !publicUrl.isEmpty()) {
            return publicUrl;
        }
        String peer =
                request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
        String host = request.getHeader("Host");
        String scheme = request.isSSL() ? "https" : "http";
        String prefix = root;
        if (Cidr.anyContains(trusted, peer)) {
            String fProto = first(request.getHeader("X-Forwarded-Proto"));
            String fHost = first(request.getHeader("X-Forwarded-Host"));
            String fPrefix = first(request.getHeader("X-Forwarded-Prefix"));
            if (fProto != null && (fProto.equals("http") || fProto.equals("https"))) {
                scheme = fProto;
            }
            if (fHost != null && isHost(fHost)) {
                host = fHost;
            }
            if (fPrefix != null && (fPrefix.isEmpty() || fPrefix.startsWith("/"))) {
                prefix = fPrefix.equals("/") ? "" : fPrefix.replaceAll("/+$", "");
            }
        }
        if (host == null || !isHost(host)) {
            host = request.localAddress() == null
                    ? "localhost"
                    : request.localAddress().hostAddress() + ":"
                            + request.localAddress().port();
        }
        return scheme + "://" + host + prefix;
    }

    private static String first(String header) {
        if (header == null) {
            return null;
        }
        int comma = header.indexOf(',');
        return (comma < 0 ? header : header.substring(0, comma)).trim();
    }

    /** A plain host[:port] or [v6]:port, nothing that could bend the URL. */
    private static boolean isHost(String host) {
        return !host.isEmpty() && host.matches("[A-Za-z0-9.\\-]+(:[0-9]{1,5})?|\\[[0-9A-Fa-f:.]+\\](:[0-9]{1,5})?");
    }
}
