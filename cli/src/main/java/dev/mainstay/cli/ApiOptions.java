package dev.mainstay.cli;

import dev.mainstay.protocol.PemFiles;
import dev.mainstay.sdk.MainstayClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The runtime a client command talks to, and the token it shows. The token is {@code --token} or
 * {@code $MAINSTAY_TOKEN}; without either, a command that talks to a runtime on this machine (every
 * URL loopback) uses the admin token that runtime wrote to {@code <data-dir>/admin.token}, so that
 * {@code ./mainstay server} then {@code ./mainstay runs list} works with nothing to set.
 */
final class ApiOptions {
    @Option(names = "--url", defaultValue = "${env:MAINSTAY_URL:-http://127.0.0.1:7676}",
            description = "Runtime HTTP address (env MAINSTAY_URL; default ${DEFAULT-VALUE}).")
    String url;

    @Option(names = "--token", defaultValue = "${env:MAINSTAY_TOKEN:-}",
            description = "Token to call with (env MAINSTAY_TOKEN, which keeps it out of the process list); default: the"
                    + " admin token in <data-dir>/admin.token when --url is this machine.")
    String token;

    @Option(names = {"-n", "--namespace"}, defaultValue = "${env:MAINSTAY_NAMESPACE:-}",
            description = "Namespace to act in (default: $MAINSTAY_NAMESPACE, else the token's own; only an admin"
                    + " token may name another, and '*' lists runs of every namespace); for tokens create, the"
                    + " namespace of the new token (default: default).")
    String namespace;

    @Option(names = "--data-dir", defaultValue = "${env:MAINSTAY_DATA_DIR:-.mainstay}",
            description = "Data directory of the local runtime, whose admin.token is used when no token is given"
                    + " (env MAINSTAY_DATA_DIR; default ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--tls-ca", defaultValue = "${env:MAINSTAY_TLS_CA:-}",
            description = "PEM CA certificate that signed the runtime's certificate, for an https:// --url (env"
                    + " MAINSTAY_TLS_CA; default: the JVM's trust store).")
    String tlsCa;

    @Option(names = "--tls-client-cert", defaultValue = "${env:MAINSTAY_TLS_CLIENT_CERT:-}",
            description = "PEM client certificate for a runtime that requires one (env MAINSTAY_TLS_CLIENT_CERT).")
    String tlsClientCert;

    @Option(names = "--tls-client-key", defaultValue = "${env:MAINSTAY_TLS_CLIENT_KEY:-}",
            description = "PEM private key (PKCS#8) of --tls-client-cert (env MAINSTAY_TLS_CLIENT_KEY).")
    String tlsClientKey;

    MainstayClient client() {
        MainstayClient.Builder builder = MainstayClient.builder().url(url).token(token()).namespace(namespace());
        if (given(tlsCa)) {
            builder.tlsCa(Path.of(tlsCa.strip()));
        }
        if (given(tlsClientCert) || given(tlsClientKey)) {
            builder.tlsClientCertificate(given(tlsClientCert) ? Path.of(tlsClientCert.strip()) : null,
                    given(tlsClientKey) ? Path.of(tlsClientKey.strip()) : null);
        }
        return builder.build();
    }

    /** The namespace given, or null: the token's own (for {@code tokens create}: the default namespace). */
    String namespace() {
        return namespace == null || namespace.isBlank() ? null : namespace.strip();
    }

    /** A plain JDK client for what {@link MainstayClient} does not do (an event stream), with the same TLS. */
    java.net.http.HttpClient httpClient() {
        java.net.http.HttpClient.Builder http = java.net.http.HttpClient.newBuilder();
        if (!url.strip().toLowerCase(java.util.Locale.ROOT).startsWith("https:")) {
            return http.build();
        }
        if (given(tlsClientCert) != given(tlsClientKey)) {
            throw new IllegalArgumentException("--tls-client-cert and --tls-client-key go together; only one is given");
        }
        var authorities = given(tlsCa) ? PemFiles.certificates(Path.of(tlsCa.strip()), "--tls-ca") : null;
        java.security.PrivateKey key = null;
        java.util.List<java.security.cert.X509Certificate> chain = null;
        if (given(tlsClientCert)) {
            chain = PemFiles.certificates(Path.of(tlsClientCert.strip()), "--tls-client-cert");
            key = PemFiles.privateKey(Path.of(tlsClientKey.strip()), "--tls-client-key");
        }
        return http.sslContext(PemFiles.clientContext(authorities, key, chain)).sslParameters(PemFiles.clientParameters())
                .build();
    }

    private static boolean given(String value) {
        return value != null && !value.isBlank();
    }

    /** The token given, else the local runtime's admin token, else none. */
    String token() {
        if (token != null && !token.isBlank()) {
            return token.strip();
        }
        Path file = dataDir.resolve("admin.token");
        if (!isLocal(url) || !Files.isReadable(file)) {
            return null;
        }
        try {
            String local = Files.readString(file).strip();
            return local.isEmpty() ? null : local;
        } catch (IOException e) {
            return null; // the runtime's 401 then says what is missing
        }
    }

    /** Whether every comma-separated URL names this machine. */
    static boolean isLocal(String urls) {
        for (String url : urls.split(",")) {
            try {
                String host = URI.create(url.strip()).getHost();
                if (host == null || !InetAddress.getByName(host.replace("[", "").replace("]", "")).isLoopbackAddress()) {
                    return false;
                }
            } catch (IllegalArgumentException | UnknownHostException e) {
                return false;
            }
        }
        return true;
    }
}
