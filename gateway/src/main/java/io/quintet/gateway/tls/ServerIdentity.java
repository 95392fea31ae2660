package io.quintet.gateway.tls;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;

/**
 * The key and certificate chain the HTTPS listener presents, and where they came from.
 *
 * @param origin a short description for logs and the landing page, e.g. "generated" or a file name
 */
public record ServerIdentity(PrivateKey key, List<X509Certificate> chain, String origin) {

    public ServerIdentity {
        if (chain.isEmpty()) throw new IllegalArgumentException("a certificate chain needs at least the leaf");
        chain = List.copyOf(chain);
    }

    public X509Certificate leaf() {
        return chain.get(0);
    }

    /** SHA-256 of the leaf, as browsers and {@code openssl x509 -fingerprint -sha256} show it. */
    public String sha256Fingerprint() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(leaf().getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("cannot fingerprint the certificate", e);
        }
    }

    /** The leaf's DNS and IP subject alternative names. */
    public List<String> subjectAlternativeNames() {
        return subjectAlternativeNames(leaf());
    }

    static List<String> subjectAlternativeNames(X509Certificate certificate) {
        List<String> names = new ArrayList<>();
        try {
            Collection<List<?>> sans = certificate.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    Object type = san.get(0);
                    if (Integer.valueOf(2).equals(type) || Integer.valueOf(7).equals(type))
                        names.add(String.valueOf(san.get(1)));
                }
            }
        } catch (CertificateParsingException e) {
            // a certificate with an unreadable SAN extension simply shows none
        }
        return names;
    }
}
