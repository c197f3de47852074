package dev.mainstay.sdk.internal;

import dev.mainstay.protocol.PemFiles;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;

/**
 * How a worker or a client checks the runtime over TLS and shows itself: the CA it trusts
 * ({@code ca}; null: the JVM's trust store) and a client certificate with its key, for a runtime
 * that asks for one (mutual TLS; both null: none). Defaults come from {@code $MAINSTAY_TLS_CA},
 * {@code $MAINSTAY_TLS_CLIENT_CERT} and {@code $MAINSTAY_TLS_CLIENT_KEY}. The files are read when
 * the worker or client is built, so a bad one fails there, naming the file and where it was given.
 * TLS 1.2 and 1.3 only; the runtime's name or address must be in its certificate.
 */
public record ClientTls(Path ca, String caSource, Path clientCert, Path clientKey, String clientSource) {
    public static final String CA_VARIABLE = "MAINSTAY_TLS_CA";
    public static final String CERT_VARIABLE = "MAINSTAY_TLS_CLIENT_CERT";
    public static final String KEY_VARIABLE = "MAINSTAY_TLS_CLIENT_KEY";

    /** What the environment says (nothing set: the JVM's trust store and no client certificate). */
    public static ClientTls fromEnvironment() {
        return new ClientTls(env(CA_VARIABLE), "$" + CA_VARIABLE, env(CERT_VARIABLE), env(KEY_VARIABLE),
                "$" + CERT_VARIABLE + " / $" + KEY_VARIABLE);
    }

    private static Path env(String name) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? null : Path.of(value.strip());
    }

    /** With {@code ca} as the one authority trusted; {@code source} names the option in errors. */
    public ClientTls withCa(Path ca, String source) {
        return new ClientTls(ca, source, clientCert, clientKey, clientSource);
    }

    /** With a client certificate (chain, PEM) and its PKCS#8 key. */
    public ClientTls withClientCertificate(Path cert, Path key, String source) {
        return new ClientTls(ca, caSource, cert, key, source);
    }

    /** Whether anything was configured (a CA or a client certificate): a worker then speaks TLS. */
    public boolean configured() {
        return ca != null || clientCert != null || clientKey != null;
    }

    /** The files read and checked; {@code IllegalArgumentException} naming the file and its option otherwise. */
    public Loaded load() {
        if ((clientCert == null) != (clientKey == null)) {
            throw new IllegalArgumentException(clientSource + ": a client certificate needs its key and a key its"
                    + " certificate, and only the " + (clientCert == null ? "key" : "certificate") + " is given");
        }
        List<X509Certificate> authorities = ca == null ? null : PemFiles.certificates(ca, caSource + " " + "(CA)");
        List<X509Certificate> chain = null;
        PrivateKey key = null;
        if (clientCert != null) {
            chain = PemFiles.certificates(clientCert, clientSource + " (certificate)");
            key = PemFiles.privateKey(clientKey, clientSource + " (key)");
            PemFiles.checkPair(key, clientKey, clientSource + " (key)", chain, clientCert,
                    clientSource + " (certificate)");
        }
        return new Loaded(authorities, chain, key);
    }

    /** The material of a {@link ClientTls}, ready for the JDK's HTTP client and for gRPC. */
    public record Loaded(List<X509Certificate> authorities, List<X509Certificate> chain, PrivateKey key) {
        /** For {@code java.net.http.HttpClient}, with {@link PemFiles#clientParameters()}. */
        public SSLContext sslContext() {
            return PemFiles.clientContext(authorities, key, chain);
        }

        /** For a gRPC channel (Netty, ALPN h2). */
        public io.grpc.netty.shaded.io.netty.handler.ssl.SslContext grpc() {
            SslContextBuilder builder = GrpcSslContexts.forClient().protocols(PemFiles.PROTOCOLS);
            if (authorities != null) {
                builder.trustManager(authorities);
            }
            if (key != null) {
                builder.keyManager(key, chain);
            }
            try {
                return builder.build();
            } catch (SSLException e) {
                throw new IllegalStateException("cannot set up TLS for gRPC: " + e.getClass().getSimpleName(), e);
            }
        }
    }

    @Override
    public String toString() {
        return "ClientTls[ca=" + ca + ", clientCert=" + clientCert + "]";
    }
}
