package io.quintet.gateway.tls;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.jboss.logging.Logger;

/**
 * The self-signed certificate kept in {@code <data>/gateway}, in the Linkora server's file layout
 * (protocols/linkora.md 11.1) so that existing scripts and a copied-over reference install work:
 * {@code linkoraServerCert.jks} (PKCS#12 despite the name, alias {@code linkora-sync-server-cert},
 * store password = key password), {@code linkoraServerCert.cer} (DER), {@code linkoraServerCert.pem}
 * (76-column base64, CRLF), and after a regeneration {@code linkora-certs-and-keystore.zip}.
 */
final class GeneratedCertificateStore implements CertificateSource {

    static final String ALIAS = "linkora-sync-server-cert";
    static final String KEY_STORE = "linkoraServerCert.jks";
    static final String CER = "linkoraServerCert.cer";
    static final String PEM = "linkoraServerCert.pem";
    static final String ZIP = "linkora-certs-and-keystore.zip";

    private static final Logger LOG = Logger.getLogger(GeneratedCertificateStore.class);
    private static final Duration RENEW_BEFORE = Duration.ofDays(30);
    private static final Pattern IP_LITERAL = Pattern.compile("^[0-9.]+$|:");

    private final Path directory;
    private final Supplier<char[]> password;
    private final List<String> hostNames;
    private final Duration validity;
    private final boolean reissueWhenOutdated;

    GeneratedCertificateStore(
            Path directory,
            Supplier<char[]> password,
            List<String> hostNames,
            Duration validity,
            boolean reissueWhenOutdated) {
        this.directory = directory;
        this.password = password;
        this.hostNames = hostNames;
        this.validity = validity;
        this.reissueWhenOutdated = reissueWhenOutdated;
    }

    Path directory() {
        return directory;
    }

    Path zipFile() {
        return directory.resolve(ZIP);
    }

    /** The stored certificate, created on first start and re-issued (same key) when it no longer fits. */
    @Override
    public ServerIdentity load() {
        try {
            Path keyStore = directory.resolve(KEY_STORE);
            if (!Files.isRegularFile(keyStore)) {
                ServerIdentity created = issue(SelfSignedCertificates.newKeyPair());
                save(created);
                LOG.infof(
                        "generated a self-signed certificate in %s (SHA-256 %s, names %s)",
                        keyStore, created.sha256Fingerprint(), created.subjectAlternativeNames());
                return created;
            }
            char[] secret = password.get();
            ServerIdentity stored;
            try {
                stored = KeyStoreFiles.identity(
                        KeyStoreFiles.open(keyStore, Optional.empty(), secret), Optional.empty(), secret, KEY_STORE);
            } catch (Exception e) {
                throw new IllegalStateException(
                        "cannot open " + keyStore + " with the key store password ("
                                + "LINKORA_KEY_STORE_PASSWORD, keyStorePassword in linkoraConfig.json, or "
                                + directory.resolve(KeyStorePasswords.FILE) + "): " + e.getMessage(),
                        e);
            }
            Optional<String> outdated = reissueWhenOutdated ? whyOutdated(stored.leaf()) : Optional.empty();
            if (outdated.isPresent()) {
                ServerIdentity reissued = issue(new KeyPair(stored.leaf().getPublicKey(), stored.key()));
                save(reissued);
                LOG.infof(
                        "re-issued the certificate in %s with the same key because %s (names now %s)",
                        keyStore, outdated.get(), reissued.subjectAlternativeNames());
                return reissued;
            }
            if (!Files.isRegularFile(directory.resolve(CER)) || !Files.isRegularFile(directory.resolve(PEM))) {
                exportCertificate(stored.leaf());
            }
            return stored;
        } catch (IOException e) {
            throw new IllegalStateException(
                    "cannot use the certificate directory " + directory + ": " + e.getMessage(), e);
        }
    }

    /** A new key pair and certificate, written over the old files, plus the ZIP of all three. */
    ServerIdentity regenerate() throws IOException {
        ServerIdentity fresh = issue(SelfSignedCertificates.newKeyPair());
        save(fresh);
        writeZip();
        LOG.infof("regenerated the self-signed certificate in %s (SHA-256 %s)", directory, fresh.sha256Fingerprint());
        return fresh;
    }

    private ServerIdentity issue(KeyPair keyPair) {
        X509Certificate certificate =
                SelfSignedCertificates.issue(keyPair, expectedDnsNames(), expectedAddresses(), validity);
        return new ServerIdentity(keyPair.getPrivate(), List.of(certificate), "generated (" + KEY_STORE + ")");
    }

    private Optional<String> whyOutdated(X509Certificate leaf) {
        if (leaf.getNotAfter().toInstant().isBefore(Instant.now().plus(RENEW_BEFORE))) {
            return Optional.of("it expires on " + leaf.getNotAfter().toInstant());
        }
        List<String> present = ServerIdentity.subjectAlternativeNames(leaf);
        for (String dns : expectedDnsNames()) {
            if (present.stream().noneMatch(dns::equalsIgnoreCase)) return Optional.of("it does not name " + dns);
        }
        for (InetAddress address : expectedAddresses()) {
            if (!present.contains(address.getHostAddress()))
                return Optional.of("it does not name " + address.getHostAddress());
        }
        return Optional.empty();
    }

    Set<String> expectedDnsNames() {
        Set<String> names = new LinkedHashSet<>();
        names.add("localhost");
        for (String name : hostNames) {
            String n = name.trim();
            if (!n.isEmpty() && !IP_LITERAL.matcher(n).find()) names.add(n);
        }
        return names;
    }

    Set<InetAddress> expectedAddresses() {
        Set<InetAddress> addresses = new LinkedHashSet<>(LocalAddresses.ipv4());
        for (String name : hostNames) {
            String n = name.trim();
            if (!n.isEmpty() && IP_LITERAL.matcher(n).find()) {
                try {
                    addresses.add(InetAddress.getByName(n));
                } catch (UnknownHostException e) {
                    throw new IllegalStateException("not an IP address: " + n, e);
                }
            }
        }
        return addresses;
    }

    private void save(ServerIdentity identity) throws IOException {
        char[] secret = password.get();
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(ALIAS, identity.key(), secret, identity.chain().toArray(Certificate[]::new));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            store.store(out, secret);
            StoreFiles.writeAtomically(directory.resolve(KEY_STORE), out.toByteArray(), true);
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException("cannot write the key store: " + e.getMessage(), e);
        }
        exportCertificate(identity.leaf());
    }

    private void exportCertificate(X509Certificate leaf) throws IOException {
        byte[] der;
        try {
            der = leaf.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IOException(e);
        }
        StoreFiles.writeAtomically(directory.resolve(CER), der, false);
        StoreFiles.writeAtomically(directory.resolve(PEM), pem(der), false);
    }

    /** PEM exactly as the reference writes it: MIME base64 (76 columns, CRLF) between CRLF-terminated markers. */
    static byte[] pem(byte[] der) {
        String body = Base64.getMimeEncoder().encodeToString(der);
        return ("-----BEGIN CERTIFICATE-----\r\n" + body + "\r\n-----END CERTIFICATE-----\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    private void writeZip() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (String name : List.of(CER, PEM, KEY_STORE)) {
                zip.putNextEntry(new ZipEntry(name));
                zip.write(Files.readAllBytes(directory.resolve(name)));
                zip.closeEntry();
            }
        }
        StoreFiles.writeAtomically(zipFile(), bytes.toByteArray(), true);
    }

    @Override
    public List<Path> files() {
        return List.of(directory.resolve(KEY_STORE));
    }

    @Override
    public String describe() {
        return "self-signed certificate in " + directory;
    }
}
