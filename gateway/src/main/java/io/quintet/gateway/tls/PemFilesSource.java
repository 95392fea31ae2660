package io.quintet.gateway.tls;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * The operator's PEM pair ({@code quintet.gateway.tls.certificate-file} and {@code key-file}), e.g. from
 * mkcert or Let's Encrypt: a chain with the leaf first, and an unencrypted PKCS#8, PKCS#1 or EC key.
 */
final class PemFilesSource implements CertificateSource {

    private final Path certificateFile;
    private final Path keyFile;

    PemFilesSource(Path certificateFile, Path keyFile) {
        this.certificateFile = certificateFile;
        this.keyFile = keyFile;
    }

    @Override
    public ServerIdentity load() {
        try {
            return new ServerIdentity(
                    readKey(keyFile),
                    readChain(certificateFile),
                    certificateFile.getFileName().toString());
        } catch (Exception e) {
            throw new IllegalStateException(
                    "cannot load the TLS certificate " + certificateFile + " / key " + keyFile + ": " + e.getMessage(),
                    e);
        }
    }

    static List<X509Certificate> readChain(Path file) throws Exception {
        List<X509Certificate> chain = new ArrayList<>();
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
                PEMParser parser = new PEMParser(reader)) {
            Object item;
            while ((item = parser.readObject()) != null) {
                if (item instanceof X509CertificateHolder holder) chain.add(converter.getCertificate(holder));
            }
        }
        if (chain.isEmpty()) throw new IOException("no CERTIFICATE block in " + file);
        return chain;
    }

    static PrivateKey readKey(Path file) throws Exception {
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
                PEMParser parser = new PEMParser(reader)) {
            Object item;
            while ((item = parser.readObject()) != null) {
                if (item instanceof PrivateKeyInfo info) return converter.getPrivateKey(info);
                if (item instanceof PEMKeyPair pair)
                    return converter.getKeyPair(pair).getPrivate();
            }
        }
        throw new IOException("no unencrypted PRIVATE KEY block in " + file);
    }

    @Override
    public List<Path> files() {
        return List.of(certificateFile, keyFile);
    }

    @Override
    public String describe() {
        return "operator PEM files " + certificateFile + " and " + keyFile;
    }
}
