package dev.dpapi.it;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A throw-away certificate authority made with openssl for one test: a server certificate for 127.0.0.1 and
 * client certificates, as PEM files (for the API and curl) and as an SSLContext (for Java clients).
 */
final class TestCa {

    final Path dir;
    final String name;

    private TestCa(Path dir, String name) {
        this.dir = dir;
        this.name = name;
    }

    static TestCa create(Path dir, String name) throws IOException, InterruptedException {
        TestCa ca = new TestCa(dir, name);
        ca.openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", name + "-ca.key", "-out", name + "-ca.crt",
                "-subj", "/CN=" + name + " test CA", "-days", "1");
        return ca;
    }

    Path caCertificate() {
        return dir.resolve(name + "-ca.crt");
    }

    /** Issues {@code <who>.crt} and {@code <who>.key}; a server certificate names 127.0.0.1. */
    Path issue(String who, boolean server) throws IOException, InterruptedException {
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", who + ".key", "-out", who + ".csr", "-subj", "/CN=" + who);
        Path ext = Files.writeString(dir.resolve(who + ".ext"), server
                ? "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n" : "extendedKeyUsage=clientAuth\n");
        openssl("x509", "-req", "-in", who + ".csr", "-CA", name + "-ca.crt", "-CAkey", name + "-ca.key",
                "-CAcreateserial", "-out", who + ".crt", "-days", "1", "-extfile", ext.getFileName().toString());
        return dir.resolve(who + ".crt");
    }

    static Path key(Path certificate) {
        return certificate.resolveSibling(certificate.getFileName().toString().replace(".crt", ".key"));
    }

    /** A client context trusting this CA, presenting {@code clientCertificate} when given. */
    SSLContext context(Path clientCertificate) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(caCertificate())) {
            trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        KeyManagerFactory kmf = null;
        if (clientCertificate != null) {
            Path p12 = dir.resolve(clientCertificate.getFileName() + ".p12");
            openssl("pkcs12", "-export", "-in", clientCertificate.toString(), "-inkey", key(clientCertificate).toString(),
                    "-out", p12.toString(), "-passout", "pass:changeit");
            KeyStore keys = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(p12)) {
                keys.load(in, "changeit".toCharArray());
            }
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, "changeit".toCharArray());
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return context;
    }

    private void openssl(String... args) throws IOException, InterruptedException {
        String[] command = new String[args.length + 1];
        command[0] = "openssl";
        System.arraycopy(args, 0, command, 1, args.length);
        ApiProcess.Result r = ApiProcess.run(dir, command);
        if (r.status() != 0) {
            throw new IllegalStateException("openssl " + String.join(" ", args) + ": " + r.output());
        }
    }
}
