package io.quintet.gateway.listeners;

import io.quarkus.tls.CertificateUpdatedEvent;
import io.quarkus.tls.TlsConfiguration;
import io.quarkus.tls.TlsConfigurationRegistry;
import io.quintet.gateway.tls.ServerCertificates;
import io.vertx.core.Vertx;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;
import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import org.jboss.logging.Logger;

/**
 * The key manager of every TLS listener the gateway opens: each handshake asks it for the certificate,
 * and a new certificate replaces its delegate in one step. Vert.x' own {@code updateSSLOptions} rebuilds
 * the server's SSL context asynchronously and drops connections that arrive meanwhile; with this, a
 * certificate swap drops nothing and needs no server update.
 */
@Singleton
public class SwappableKeyManager extends X509ExtendedKeyManager {

    private static final Logger LOG = Logger.getLogger(SwappableKeyManager.class);

    /** One certificate's key manager; its number tags the aliases handed out, see {@link #chosen}. */
    private record Generation(int number, X509ExtendedKeyManager manager) {}

    private final Vertx vertx;
    private final Instance<TlsConfigurationRegistry> registry;
    private volatile Generation current;
    private volatile Generation previous;

    public SwappableKeyManager(Vertx vertx, Instance<TlsConfigurationRegistry> registry) {
        this.vertx = vertx;
        this.registry = registry;
    }

    /** Loads the current certificate of the "gateway" TLS configuration; call before a listener opens. */
    void load() throws Exception {
        if (current == null) {
            TlsConfiguration tls = registry.get()
                    .get(ServerCertificates.TLS_CONFIGURATION)
                    .orElseThrow(() -> new IllegalStateException(
                            "the TLS configuration " + ServerCertificates.TLS_CONFIGURATION + " is missing"));
            install(keyManagerOf(tls));
        }
    }

    /** Changes with every certificate swap; TLS contexts that see it change start afresh ({@link RenewingSslContext}). */
    int generation() {
        return current.number();
    }

    private synchronized void install(X509ExtendedKeyManager manager) {
        Generation old = current;
        previous = old;
        current = new Generation(old == null ? 0 : old.number() + 1, manager);
    }

    /** Fired after the "gateway" TLS configuration reloaded; the next handshake gets the new certificate. */
    void certificateUpdated(@Observes CertificateUpdatedEvent event) throws Exception {
        if (event.name().equals(ServerCertificates.TLS_CONFIGURATION)) {
            install(keyManagerOf(event.tlsConfiguration()));
            LOG.info("the gateway's TLS listeners serve the new certificate");
        }
    }

    private X509ExtendedKeyManager keyManagerOf(TlsConfiguration tls) throws Exception {
        for (KeyManager manager :
                tls.getKeyStoreOptions().getKeyManagerFactory(vertx).getKeyManagers()) {
            if (manager instanceof X509ExtendedKeyManager x509) {
                return x509;
            }
        }
        throw new IllegalStateException("the TLS configuration " + tls.getName() + " has no X.509 key manager");
    }

    // The listeners are servers: the JDK asks for a server alias, then for that alias' chain and key. The
    // alias carries the generation it came from, so a handshake that straddles a swap still gets a chain
    // and a key that belong together.

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        Generation g = current;
        return tag(g, g.manager().chooseEngineServerAlias(keyType, issuers, engine));
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        Generation g = current;
        return tag(g, g.manager().chooseServerAlias(keyType, issuers, socket));
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        Generation g = current;
        String[] aliases = g.manager().getServerAliases(keyType, issuers);
        if (aliases == null) return null;
        String[] tagged = new String[aliases.length];
        for (int i = 0; i < aliases.length; i++) tagged[i] = tag(g, aliases[i]);
        return tagged;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        Generation g = chosen(alias);
        return g == null ? null : g.manager().getCertificateChain(untag(alias));
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        Generation g = chosen(alias);
        return g == null ? null : g.manager().getPrivateKey(untag(alias));
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return null; // never a TLS client
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return null;
    }

    @Override
    public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
        return null;
    }

    private static String tag(Generation g, String alias) {
        return alias == null ? null : g.number() + "/" + alias;
    }

    private static String untag(String alias) {
        return alias.substring(alias.indexOf('/') + 1);
    }

    private Generation chosen(String alias) {
        if (alias == null || alias.indexOf('/') < 0) return null;
        int number = Integer.parseInt(alias.substring(0, alias.indexOf('/')));
        Generation g = current;
        if (g.number() == number) return g;
        Generation p = previous;
        return p != null && p.number() == number ? p : null;
    }
}
