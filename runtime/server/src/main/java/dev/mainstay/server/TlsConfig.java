package dev.mainstay.server;

import java.nio.file.Path;

/**
 * TLS on both ports: the runtime's certificate chain and private key ({@code --tls-cert-file},
 * {@code --tls-key-file}, PEM), and, for mutual TLS, the CA whose certificates callers must present
 * ({@code --tls-client-ca-file}). All unset: plain HTTP and gRPC. Checked here for what belongs
 * together; the files themselves are read at start ({@link ServerTls}), which names the file that
 * cannot be used. Only paths are kept and shown, never what the files hold.
 */
public record TlsConfig(Path certFile, Path keyFile, Path clientCaFile) {
    public static TlsConfig none() {
        return new TlsConfig(null, null, null);
    }

    public TlsConfig {
        if (certFile != null && keyFile == null) {
            throw new IllegalArgumentException("--tls-cert-file is set but --tls-key-file is not; give both (PEM files:"
                    + " the certificate chain and its private key) to serve TLS, or neither");
        }
        if (keyFile != null && certFile == null) {
            throw new IllegalArgumentException("--tls-key-file is set but --tls-cert-file is not; give both (PEM files:"
                    + " the certificate chain and its private key) to serve TLS, or neither");
        }
        if (clientCaFile != null && certFile == null) {
            throw new IllegalArgumentException("--tls-client-ca-file asks callers for client certificates, which needs"
                    + " TLS: give --tls-cert-file and --tls-key-file too");
        }
    }

    /** As the flags give them: an empty or blank value is unset (a picocli default of {@code ${env:...:-}}). */
    public static TlsConfig of(String certFile, String keyFile, String clientCaFile) {
        return new TlsConfig(path(certFile), path(keyFile), path(clientCaFile));
    }

    private static Path path(String value) {
        return value == null || value.isBlank() ? null : Path.of(value.strip());
    }

    public boolean enabled() {
        return certFile != null;
    }

    public boolean mutual() {
        return clientCaFile != null;
    }

    @Override
    public String toString() {
        return !enabled() ? "off" : "cert=" + certFile + " key=" + keyFile + (mutual() ? " clientCa=" + clientCaFile : "");
    }
}
