package dev.mainstay.server;

import dev.mainstay.gateway.HttpTls;
import dev.mainstay.protocol.PemFiles;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLException;

/**
 * The TLS material of {@link TlsConfig}, read once at start, before the store is opened: a file
 * that is missing, unreadable, not PEM, or a key that does not belong to the certificate stops the
 * start with a message naming the flag and the file. The same key and chain serve both ports, the
 * gRPC one through Netty's {@link SslContext} (ALPN h2, as gRPC needs), the HTTP one through
 * Jetty's SslContextFactory ({@link HttpTls}); with a client CA both require a client certificate
 * it signed. TLS 1.2 and 1.3 only.
 */
final class ServerTls {
    private final List<X509Certificate> chain;
    private final PrivateKey key;
    /** Null: no client certificates asked for. */
    private final List<X509Certificate> clientAuthorities;

    private ServerTls(List<X509Certificate> chain, PrivateKey key, List<X509Certificate> clientAuthorities) {
        this.chain = chain;
        this.key = key;
        this.clientAuthorities = clientAuthorities;
    }

    /** The files of {@code config} read and checked; null when TLS is off. */
    static ServerTls load(TlsConfig config) {
        if (!config.enabled()) {
            return null;
        }
        List<X509Certificate> chain = PemFiles.certificates(config.certFile(), "--tls-cert-file");
        PrivateKey key = PemFiles.privateKey(config.keyFile(), "--tls-key-file");
        PemFiles.checkPair(key, config.keyFile(), "--tls-key-file", chain, config.certFile(), "--tls-cert-file");
        List<X509Certificate> clientCas = config.mutual()
                ? PemFiles.certificates(config.clientCaFile(), "--tls-client-ca-file") : null;
        return new ServerTls(chain, key, clientCas);
    }

    /** For the gRPC port. */
    SslContext grpc() {
        SslContextBuilder builder = GrpcSslContexts.configure(SslContextBuilder.forServer(key, chain))
                .protocols(PemFiles.PROTOCOLS);
        if (clientAuthorities != null) {
            builder.trustManager(clientAuthorities).clientAuth(ClientAuth.REQUIRE);
        }
        try {
            return builder.build();
        } catch (SSLException e) {
            throw new IllegalArgumentException("--tls-cert-file / --tls-key-file cannot serve TLS on the gRPC port: "
                    + e.getClass().getSimpleName(), e);
        }
    }

    /** For the HTTP port; the key is kept in memory under a password of this process only. */
    HttpTls http() {
        char[] password = new char[24];
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < password.length; i++) {
            password[i] = (char) ('a' + random.nextInt(26));
        }
        return new HttpTls(PemFiles.keyStore(key, chain, password), password,
                clientAuthorities == null ? null : PemFiles.trustStore(clientAuthorities));
    }

}
