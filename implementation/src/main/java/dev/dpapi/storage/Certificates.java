package dev.dpapi.storage;

import dev.dpapi.runtime.Answers;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The facts of a PEM file (certificates and a private key), read with the JDK's own X.509 parser. */
final class Certificates {

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s:,-]*?)-----END \\1-----");

    private static final Pattern COMMON_NAME = Pattern.compile("(?:^|,)CN=((?:[^,\\\\]|\\\\.)*)");

    /** What a certificate file says about its first (leaf) certificate. */
    record Facts(String domains, String ipAddresses, String issuers, String notAfter, String notBefore) {
    }

    private Certificates() {
    }

    /** Checks that the PEM holds at least one certificate and a private key; returns the leaf's facts. */
    static Facts read(byte[] pem) {
        String text = new String(pem, StandardCharsets.US_ASCII);
        List<X509Certificate> certificates = new ArrayList<>();
        boolean key = false;
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            String type = m.group(1);
            if (type.equals("CERTIFICATE")) {
                certificates.add(certificate(m.group(0)));
            } else if (type.endsWith("PRIVATE KEY")) {
                decode(m.group(2));
                key = true;
            }
        }
        if (certificates.isEmpty() || !key) {
            throw new Answers.Refusal(400, "file should contain both certificate and private key");
        }
        X509Certificate leaf = certificates.get(0);
        Set<String> domains = new LinkedHashSet<>();
        Set<String> ips = new LinkedHashSet<>();
        commonName(leaf.getSubjectX500Principal().getName()).ifPresent(domains::add);
        try {
            Collection<List<?>> sans = leaf.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    int kind = (Integer) san.get(0);
                    if (kind == 2) {
                        domains.add(String.valueOf(san.get(1)));
                    } else if (kind == 7) {
                        ips.add(String.valueOf(san.get(1)));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            throw new Answers.Refusal(400, "reading the certificate's names: " + e.getMessage());
        }
        Set<String> issuers = new LinkedHashSet<>();
        for (X509Certificate c : certificates) {
            issuers.add(commonName(c.getIssuerX500Principal().getName()).orElse(c.getIssuerX500Principal().getName()));
        }
        return new Facts(join(domains), join(ips), join(issuers), leaf.getNotAfter().toInstant().toString(),
                leaf.getNotBefore().toInstant().toString());
    }

    private static X509Certificate certificate(String block) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(block.getBytes(StandardCharsets.US_ASCII)));
        } catch (CertificateException e) {
            throw new Answers.Refusal(400, "the certificate cannot be read: " + e.getMessage());
        }
    }

    private static void decode(String base64) {
        try {
            if (Base64.getMimeDecoder().decode(base64.replaceAll("(?m)^[A-Za-z-]+:.*$", "")).length == 0) {
                throw new IllegalArgumentException("empty");
            }
        } catch (IllegalArgumentException e) {
            throw new Answers.Refusal(400, "the private key cannot be read: " + e.getMessage());
        }
    }

    /** The CN of an RFC 2253 name, e.g. {@code CN=site.example,O=Org}; the JDK's own form of the principal. */
    private static Optional<String> commonName(String dn) {
        Matcher m = COMMON_NAME.matcher(dn);
        return m.find() ? Optional.of(m.group(1).replaceAll("\\\\(.)", "$1")) : Optional.empty();
    }

    private static String join(Set<String> values) {
        return values.isEmpty() ? null : String.join(" ", values);
    }
}
