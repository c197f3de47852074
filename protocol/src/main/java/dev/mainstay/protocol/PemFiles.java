package dev.mainstay.protocol;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PEM files of TLS, read the same way by the runtime (its certificate, key and client CA) and
 * by workers and clients (the CA they trust, their client certificate and key).
 *
 * <p>Only what the JDK reads by itself: X.509 certificates, and unencrypted PKCS#8 private keys
 * ({@code -----BEGIN PRIVATE KEY-----}, RSA, EC or EdDSA), which is what {@code openssl genpkey},
 * {@code openssl req -newkey} and most tools write. An older {@code RSA PRIVATE KEY} or
 * {@code EC PRIVATE KEY} file is refused with the one command that converts it, rather than
 * pulling a cryptography library into every worker. Every message names the file and the option
 * it came from, and never quotes the file: a key file's content is a secret.
 */
public final class PemFiles {
    private static final Pattern BLOCK = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([^-]*)-----END \\1-----");
    private static final String CONVERT = "convert it with: openssl pkcs8 -topk8 -nocrypt -in OLD.pem -out NEW.pem";

    /** The TLS versions every Mainstay port and client allows. */
    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    private PemFiles() {}

    /** The certificates in {@code file}, in their order (a chain starts with the leaf); {@code option} names it in errors. */
    public static List<X509Certificate> certificates(Path file, String option) {
        String text = read(file, option);
        if (!text.contains("-----BEGIN CERTIFICATE-----")) {
            throw refused(option, file, "holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
        }
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            List<X509Certificate> certificates = factory.generateCertificates(
                            new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII))).stream()
                    .map(X509Certificate.class::cast).toList();
            if (certificates.isEmpty()) {
                throw refused(option, file, "holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
            }
            return certificates;
        } catch (CertificateException e) {
            throw refused(option, file, "holds a certificate that cannot be read (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** The unencrypted PKCS#8 private key in {@code file}; {@code option} names it in errors. */
    public static PrivateKey privateKey(Path file, String option) {
        String text = read(file, option);
        Matcher block = BLOCK.matcher(text);
        while (block.find()) {
            String type = block.group(1);
            switch (type) {
                case "PRIVATE KEY" -> {
                    return pkcs8(block.group(2), file, option);
                }
                case "ENCRYPTED PRIVATE KEY" -> throw refused(option, file, "holds an encrypted private key; give it"
                        + " unencrypted, in a file only this process's user may read (openssl pkcs8 -in OLD.pem -out NEW.pem)");
                case "RSA PRIVATE KEY", "EC PRIVATE KEY", "DSA PRIVATE KEY", "OPENSSH PRIVATE KEY" -> throw refused(option,
                        file, "holds a private key in the older '" + type + "' format; a PKCS#8 key"
                                + " (-----BEGIN PRIVATE KEY-----) is needed: " + CONVERT);
                default -> { } // a certificate or parameters beside the key: look further
            }
        }
        throw refused(option, file, "holds no PEM private key (-----BEGIN PRIVATE KEY-----)");
    }

    private static PrivateKey pkcs8(String base64, Path file, String option) {
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw refused(option, file, "holds a private key block that is not base64");
        }
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        for (String algorithm : List.of("RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException e) {
                // not this algorithm: try the next
            }
        }
        throw refused(option, file, "holds a private key that is not an RSA, EC or EdDSA key in PKCS#8");
    }

    /**
     * Refuses a key that does not belong to the first certificate of {@code chain}: a mismatch
     * would fail only at the first handshake, with an error that names neither file.
     */
    public static void checkPair(PrivateKey key, Path keyFile, String keyOption, List<X509Certificate> chain,
                                 Path certFile, String certOption) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "Ed448", "EdDSA" -> "EdDSA";
            default -> null; // RSASSA-PSS needs parameters; the handshake checks it
        };
        if (algorithm == null) {
            return;
        }
        byte[] probe = "mainstay key check".getBytes(StandardCharsets.US_ASCII);
        boolean matches;
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(chain.get(0).getPublicKey());
            verifier.update(probe);
            matches = verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            matches = false;
        }
        if (!matches) {
            throw new IllegalArgumentException(keyOption + " " + keyFile + ": this private key does not belong to the"
                    + " certificate in " + certOption + " " + certFile + " (" + chain.get(0).getSubjectX500Principal()
                    + "); give the key the certificate was issued for");
        }
    }

    /** An in-memory key store of one entry, {@code key} with its {@code chain}, under {@code password}. */
    public static KeyStore keyStore(PrivateKey key, List<X509Certificate> chain, char[] password) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("mainstay", key, password, chain.toArray(new X509Certificate[0]));
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot hold the TLS key in memory: " + e.getClass().getSimpleName(), e);
        }
    }

    /** An in-memory trust store of {@code authorities}. */
    public static KeyStore trustStore(List<X509Certificate> authorities) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            for (int i = 0; i < authorities.size(); i++) {
                store.setCertificateEntry("ca-" + i, authorities.get(i));
            }
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot hold the TLS authorities in memory: " + e.getClass().getSimpleName(), e);
        }
    }

    /**
     * A JDK client context that trusts {@code authorities} (null: the JVM's trust store) and shows
     * {@code key} with its {@code chain} when the server asks (null: no client certificate).
     */
    public static javax.net.ssl.SSLContext clientContext(List<X509Certificate> authorities, PrivateKey key,
                                                         List<X509Certificate> chain) {
        try {
            javax.net.ssl.TrustManagerFactory trust = javax.net.ssl.TrustManagerFactory.getInstance(
                    javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
            trust.init(authorities == null ? null : trustStore(authorities));
            javax.net.ssl.KeyManager[] keys = null;
            if (key != null) {
                char[] password = "in-memory".toCharArray(); // the store is never written anywhere
                javax.net.ssl.KeyManagerFactory factory = javax.net.ssl.KeyManagerFactory.getInstance(
                        javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
                factory.init(keyStore(key, chain, password), password);
                keys = factory.getKeyManagers();
            }
            javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
            context.init(keys, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS: " + e.getClass().getSimpleName(), e);
        }
    }

    /** Parameters that allow only {@link #PROTOCOLS}, for a JDK HTTP client. */
    public static javax.net.ssl.SSLParameters clientParameters() {
        javax.net.ssl.SSLParameters parameters = new javax.net.ssl.SSLParameters();
        parameters.setProtocols(PROTOCOLS.toArray(new String[0]));
        return parameters;
    }

    private static String read(Path file, String option) {
        if (!Files.isRegularFile(file)) {
            throw refused(option, file, Files.exists(file) ? "is not a regular file" : "does not exist");
        }
        try {
            return Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw refused(option, file, "cannot be read (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static IllegalArgumentException refused(String option, Path file, String why) {
        return new IllegalArgumentException(option + " " + file + ": the file " + why);
    }
}
